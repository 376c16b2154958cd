"""`rubrics show`: what the shared lexicon adds to a rubric, concept by concept, with the reasons."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK

RUBRIC = """question: fx-rollout
concepts:
  - {id: canary, label: Canary rollout, phrases: [canary]}
  - {id: dashboards, label: Dashboards and retention, phrases: [dashboard]}
  - {id: churn, label: Churn by segment, phrases: [cohort]}
  - {id: own, label: Go-live checklist, families: [rollback], phrases: [checklist]}
  - {id: plain, label: Something no family names, phrases: [plain words]}
  - {id: kept, label: Rollback plan, phrases: [undo], auto_families: false}
red_flags:
  - {id: shared-no-testing, label: Our own no-testing flag, phrases: [no tests at all]}
"""


def show(db_path, tmp_path, *args: str):
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / "fx-rollout.yaml").write_text(RUBRIC, encoding="utf-8")
    command = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(folder)]
    return CliRunner().invoke(main, [*command, "rubrics", "show", *args], catch_exceptions=False)


def test_each_concept_lists_the_families_it_gets_and_why(db_path, tmp_path):
    result = show(db_path, tmp_path, "fx-rollout", "--json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    concepts = {concept["id"]: concept for concept in view["concepts"]}
    # The question's own text names the rollout words, so only families it does not name are added.
    canary = {use["id"]: use for use in concepts["canary"]["families"]}
    assert canary["canary-release"]["added"] and "label names it" in canary["canary-release"]["reason"]
    assert concepts["canary"]["phrases_scored"] > concepts["canary"]["own_phrases"]
    # Two labels name the retention family: it goes to neither, and each says who else names it.
    dashboards = {use["id"]: use for use in concepts["dashboards"]["families"]}
    churn = {use["id"]: use for use in concepts["churn"]["families"]}
    assert not dashboards["retention-churn"]["added"] and "`churn`" in dashboards["retention-churn"]["reason"]
    assert not churn["retention-churn"]["added"] and "`dashboards`" in churn["retention-churn"]["reason"]
    # A concept that names its families gets those, and no automatic ones.
    assert [use["id"] for use in concepts["own"]["families"]] == ["rollback"]
    assert concepts["plain"]["families"] == [] and concepts["plain"]["automatic"]
    # A concept that turns automatic families off keeps its own phrases, and says so.
    assert concepts["kept"]["families"] == [] and not concepts["kept"]["automatic"]
    assert concepts["kept"]["phrases_scored"] == concepts["kept"]["own_phrases"] == 1
    flags = {flag["id"]: flag for flag in view["shared_red_flags"]}
    assert not flags["shared-no-testing"]["added"] and "replaced" in flags["shared-no-testing"]["reason"]
    assert flags["shared-blames-people"]["added"] and flags["shared-blames-people"]["severity"] == "critical"


def test_text_output_marks_added_and_withheld_families(db_path, tmp_path):
    result = show(db_path, tmp_path, "fx-rollout")
    assert result.exit_code == 0, result.output
    assert "+ canary-release" in result.output
    assert "- retention-churn" in result.output and "withheld" in result.output
    assert "plain (1 -> 1): Something no family names" in result.output
    assert "no lexicon family: its label names none" in result.output
    assert "no lexicon family: `auto_families: false` keeps it to its own phrases" in result.output


def test_unknown_question_is_one_clear_error(db_path, tmp_path):
    result = show(db_path, tmp_path, "fx-rolout")
    assert result.exit_code != 0
    assert "fx-rolout" in result.output and "fx-rollout" in result.output  # what was asked, and "did you mean"


def families(db_path, tmp_path, *args: str):
    folder = tmp_path / "mine"
    (folder / "lexicon").mkdir(parents=True, exist_ok=True)
    (folder / "lexicon" / "team.yaml").write_text(
        "version: 1\nfamilies:\n  - id: team-dogfood\n    label: Use it ourselves first\n"
        "    terms: [dogfood]\n    phrases: ['(use|try) it (ourselves|internally) first']\n",
        encoding="utf-8",
    )
    command = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(folder)]
    return CliRunner().invoke(main, [*command, "rubrics", "families", *args], catch_exceptions=False)


def test_rubrics_families_lists_shipped_and_mentor_families_with_their_terms(db_path, tmp_path):
    result = families(db_path, tmp_path, "--json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert rows["rollback"]["terms"] and rows["rollback"]["file"].endswith("rollout.yaml")
    assert rows["team-dogfood"]["phrases"] == ["(use|try) it (ourselves|internally) first"]


def test_rubrics_families_filters_by_every_word_and_says_when_nothing_matches(db_path, tmp_path):
    result = families(db_path, tmp_path, "internally", "ourselves", "--phrases")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "team-dogfood: Use it ourselves first"
    assert "    - (use|try) it (ourselves|internally) first" in result.output
    assert result.output.rstrip().endswith("1 family")
    missing = CliRunner().invoke(main, ["--db", str(db_path), "rubrics", "families", "no-such-wording-anywhere"])
    assert missing.exit_code == 1 and "no lexicon family contains" in missing.output
