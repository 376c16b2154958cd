"""Whole-history commands at any size: paged history, streamed export, column-only rescore planning,
full-text search, a light command-line start-up, and the scale benchmark's quick mode."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tpm_trainer import __version__
from tpm_trainer.cli import main
from tpm_trainer.models import ScoreReport
from tpm_trainer.rescoring import plan_rescore, rescore
from tpm_trainer.scoring import score as scoring_engine
from tpm_trainer.scoring import score_answer, score_follow_up
from tpm_trainer.store import Store, now_iso

from .conftest import REPO_ROOT
from .store_helpers import FIXTURE_ARGS, GOOD_ANSWER


@pytest.fixture
def filled(db_path, fixture_bank):
    """120 attempts: 90 main answers (scored), 30 follow-ups, in 30 sessions."""
    rubric = fixture_bank.rubric_for("fx-rollout")
    answers = [GOOD_ANSWER, "We push it all at once.", "A canary, then waves.", "Roll back fast, watch the error rate."]
    store = Store.open(db_path)
    with store.write():
        for number in range(90):
            if number % 3 == 0:
                session_id = store.start_session("mock", {"count": 3})
            answer = f"{answers[number % 4]} note{number}"
            report = score_answer(answer, rubric)
            main_id = store.save_attempt(
                question_id="fx-rollout",
                category="rollouts",
                answer=answer,
                started_at=now_iso(),
                ended_at=f"2026-02-{1 + number % 28:02d}T10:{number % 60:02d}:00+00:00",
                mode="mock",
                report=report,
                session_id=session_id,
            )
            if number % 3 == 0:
                store.save_attempt(
                    question_id="fx-rollout",
                    category="rollouts",
                    answer="We roll back to the previous version.",
                    started_at=now_iso(),
                    ended_at=now_iso(),
                    mode="mock",
                    report=score_follow_up("We roll back to the previous version.", rubric, report),
                    parent_attempt_id=main_id,
                    session_id=session_id,
                    prompt="How do you undo it?",
                )
    store.close()
    return db_path


def cli(db_path, *args):
    return CliRunner().invoke(main, ["--db", str(db_path), *FIXTURE_ARGS, *args], catch_exceptions=False)


def test_history_pages_by_default_and_streams_everything_on_request(filled):
    first = cli(filled, "history")
    assert first.exit_code == 0
    rows = [line for line in first.output.splitlines() if re.match(r"^\d+\s", line)]
    assert len(rows) == 50 and "page 1 of 3 (120 attempts)" in first.output
    last = cli(filled, "history", "--page", "3")
    assert len([line for line in last.output.splitlines() if re.match(r"^\d+\s", line)]) == 20
    everything = cli(filled, "history", "--all")
    ids = [int(line.split()[0]) for line in everything.output.splitlines() if re.match(r"^\d+\s", line)]
    assert sorted(ids) == list(range(1, 121))
    as_json = json.loads(cli(filled, "history", "--all", "--json").output)
    assert len(as_json) == 120 and all("report" in item for item in as_json)
    assert len(json.loads(cli(filled, "history", "--json", "--limit", "7").output)) == 7
    beyond = cli(filled, "history", "--page", "9")
    assert "page 9 is past the end (120 attempt(s), 50 per page)" in beyond.output


def test_history_text_filter_uses_words_of_answers_and_prompts(filled):
    found = json.loads(cli(filled, "history", "--all", "--json", "--text", "note17").output)
    assert [item["answer"] for item in found] == ["We push it all at once. note17"]
    assert len(json.loads(cli(filled, "history", "--all", "--json", "--text", "undo").output)) == 30
    assert (
        len(json.loads(cli(filled, "history", "--all", "--json", "--text", "wave").output)) == 45
    )  # a prefix: "waves"


def without_mentor_fields(attempts):
    """Exported attempts without what the mentor exchange adds (candidate, fingerprint, grades)."""
    return [
        {key: value for key, value in item.items() if key not in ("candidate", "fingerprint", "grades")}
        for item in attempts
    ]


def test_export_streams_valid_json_with_every_attempt_session_and_draft(filled, tmp_path):
    store = Store.open(filled)
    store.save_draft(question_id="fx-story", answer="half", mode="practice")
    expected = [attempt.to_dict() for attempt in store.iter_attempts("id")]
    store.close()
    out = tmp_path / "export.json"
    result = cli(filled, "export", "-o", str(out))
    assert result.exit_code == 0 and "wrote 120 attempt(s)" in result.output
    data = json.loads(out.read_text())
    assert data["format"] == "tpm-trainer-export" and without_mentor_fields(data["attempts"]) == expected
    assert len(data["sessions"]) == 30 and [draft["answer"] for draft in data["drafts"]] == ["half"]
    assert without_mentor_fields(json.loads(cli(filled, "export").output)["attempts"]) == expected
    assert all(attempt["fingerprint"] and attempt["grades"] == [] for attempt in data["attempts"])
    markdown = cli(filled, "export", "--format", "markdown").output
    assert markdown.count("## Attempt ") == 120


def test_rescore_plans_from_columns_only(filled, fixture_bank, monkeypatch):
    store = Store.open(filled)
    try:

        def refuse(*args, **kwargs):
            raise AssertionError("planning parsed a report")

        monkeypatch.setattr(ScoreReport, "model_validate_json", refuse)
        assert plan_rescore(store, fixture_bank) == []
        everything = plan_rescore(store, fixture_bank, everything=True)
        assert len(everything) == 120
        monkeypatch.undo()
        store.db.execute("update attempts set rubric_hash = 'old' where id = 1")
        stale = plan_rescore(store, fixture_bank)
        assert [item.id for item in stale] == [1, 2]  # the main answer, then its follow-up
    finally:
        store.close()


def test_rescore_sizes_the_compile_cache_to_its_working_set(filled, fixture_bank):
    store = Store.open(filled)
    previous = scoring_engine._CACHE_SIZE
    try:
        plan = plan_rescore(store, fixture_bank, everything=True)
        seen_sizes = set()
        changed = 0
        for result in rescore(store, fixture_bank, plan):
            seen_sizes.add(scoring_engine._CACHE_SIZE)
            changed += result.changed
        assert min(seen_sizes) >= plan.rubric_count and changed == 0
        assert previous == scoring_engine._CACHE_SIZE
        assert plan_rescore(store, fixture_bank) == []
    finally:
        store.close()


def test_help_and_version_import_nothing_heavy():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tpm_trainer.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
        "heavy = ('pydantic', 'sqlite_utils', 'tpm_trainer.bank', 'tpm_trainer.scoring', 'tpm_trainer.models', 'textual')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert output.stdout.strip() == "[]"
    version = CliRunner().invoke(main, ["--version"])
    assert version.exit_code == 0 and __version__ in version.output


def test_the_scale_benchmark_quick_mode_prints_its_summary_line(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "store_scale.py"), "--sizes", "1000", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"scale 1k: open=[\d.]+ ms history=[\d.]+ ms progress=[\d.]+ ms export=[\d.]+ s/\d+ MB rescore-noop=[\d.]+ s",
        last,
    ), last
