"""One report view for every front end: sections as plain data, drawn as CLI text and Markdown; hostile
text from rubrics or answers reaches no terminal and cannot break an export."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main
from tpm_trainer.models import Evidence
from tpm_trainer.render import attempt_markdown, history_rows
from tpm_trainer.report_view import plain_lines, report_sections
from tpm_trainer.scoring import score_answer
from tpm_trainer.scoring.text import word_count
from tpm_trainer.store import Store, now_iso

from .conftest import FIXTURE_BANK

ESCAPES = ("\x1b]0;pwned\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1b[2J")
GOOD_ANSWER = "A canary first, then waves, watching the error rate, and we roll back if it rises."


def test_sections_carry_every_part_of_the_report(fixture_bank):
    rubric = fixture_bank.rubric_for("fx-rollout")
    report = score_answer("Push it everywhere all at once, canary later.", rubric)
    keys = [section.key for section in report_sections(report, fixture_bank.questions["fx-rollout"])]
    assert keys == ["heading", "covered", "missed", "red-flags", "provenance"]
    text = "\n".join(plain_lines(report_sections(report)))
    assert "Everything at once (-20)" in text and "hint: Have a way back." in text
    assert f"{report.word_count} words" in text


def test_a_concept_note_is_shown(fixture_bank):
    rubric = fixture_bank.rubric_for("fx-rollout")
    report = score_answer(GOOD_ANSWER, rubric)
    noted = report.concepts[0].model_copy(update={"note": "contradicted later: we skipped it"})
    report = report.model_copy(update={"concepts": [noted, *report.concepts[1:]]})
    assert "    note: contradicted later: we skipped it" in plain_lines(report_sections(report))


def test_one_word_counter_for_editor_report_and_store(fixture_bank):
    answer = "We'd roll back -- fast; then re-try at 10:30 (UTC)."
    report = score_answer(answer, fixture_bank.rubric_for("fx-rollout"))
    assert report.word_count == word_count(answer)
    assert f"{word_count(answer)} words" in "\n".join(plain_lines(report_sections(report)))


def test_one_word_is_singular(fixture_bank):
    report = score_answer("canary", fixture_bank.rubric_for("fx-rollout"))
    assert "1 word;" in "\n".join(plain_lines(report_sections(report)))


@pytest.fixture
def hostile_rubrics(tmp_path):
    rubrics = tmp_path / "rubrics"
    shutil.copytree(FIXTURE_BANK / "rubrics", rubrics)
    path = rubrics / "rollout.yaml"
    text = path.read_text()
    text = text.replace("hint: Have a way back.", 'hint: "Have a way back.\\e]0;pwned\\a\\e]52;c;ZXZpbA==\\a\\e[2J"')
    path.write_text(text)
    return rubrics


def _invoke(db_path, rubrics, *args, input=None):
    return CliRunner().invoke(
        main,
        ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(rubrics), *args],
        input=input,
        catch_exceptions=False,
    )


def test_hostile_rubric_and_answer_reach_no_terminal_from_score_and_show(db_path, hostile_rubrics):
    answer = "Canary first.\x1b]0;owned\x07 Then we\x1b[2J wait."
    result = _invoke(db_path, hostile_rubrics, "score", "fx-rollout", "-", "--save", input=answer)
    assert result.exit_code == 0, result.output
    assert "Have a way back." in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    shown = _invoke(db_path, hostile_rubrics, "show", "1")
    assert shown.exit_code == 0 and "Canary first." in shown.output
    assert "\x1b" not in shown.output and "\x07" not in shown.output


def test_a_fence_in_an_answer_does_not_break_the_markdown_export(store, fixture_bank):
    answer = "Canary first.\n```\n# not a heading\n```\nroll back"
    report = score_answer(answer, fixture_bank.rubric_for("fx-rollout"))
    fields = dict(question_id="fx-rollout", category="rollouts", started_at=now_iso(), ended_at=now_iso())
    attempt_id = store.save_attempt(answer=answer, report=report, mode="practice", **fields)
    markdown = attempt_markdown(store.attempt(attempt_id), fixture_bank.questions["fx-rollout"])
    # the fence is longer than any run of backticks inside, so the answer's own ``` cannot close it
    assert "````text\n" + answer + "\n````" in markdown


def test_follow_ups_are_labelled_and_timed_out_answers_marked(store: Store, fixture_bank):
    rubric = fixture_bank.rubric_for("fx-rollout")
    fields = dict(question_id="fx-rollout", category="rollouts", started_at=now_iso(), ended_at=now_iso())
    main_id = store.save_attempt(
        answer=GOOD_ANSWER,
        report=score_answer(GOOD_ANSWER, rubric),
        mode="mock",
        time_limit_seconds=60,
        time_used_seconds=60.2,
        **fields,
    )
    follow_id = store.save_attempt(
        answer="Error rate.", report=None, mode="mock", parent_attempt_id=main_id, time_limit_seconds=60, **fields
    )
    rows = {row[0]: row for row in history_rows(store.attempts(), fixture_bank.questions)}
    assert rows[str(follow_id)][2].startswith(f"↳ follow-up to {main_id}")
    assert rows[str(main_id)][6].endswith("time up") and not rows[str(follow_id)][6].endswith("time up")
    markdown = attempt_markdown(store.attempt(follow_id), fixture_bank.questions["fx-rollout"])
    assert f"(follow-up to attempt {main_id})" in markdown.splitlines()[0]
    assert "(time is up)" in attempt_markdown(store.attempt(main_id), fixture_bank.questions["fx-rollout"])


def test_export_labels_follow_ups(db_path, tmp_path):
    from tpm_trainer.bank import load_bank

    bank = load_bank([FIXTURE_BANK / "questions"], [FIXTURE_BANK / "rubrics"])
    with_store = Store.open(db_path)
    try:
        fields = dict(question_id="fx-rollout", category="rollouts", started_at=now_iso(), ended_at=now_iso())
        report = score_answer(GOOD_ANSWER, bank.rubric_for("fx-rollout"))
        main_id = with_store.save_attempt(answer=GOOD_ANSWER, report=report, mode="practice", **fields)
        with_store.save_attempt(answer="More.", report=None, mode="practice", parent_attempt_id=main_id, **fields)
    finally:
        with_store.close()
    result = _invoke(db_path, FIXTURE_BANK / "rubrics", "export", "--format", "markdown")
    assert f"(follow-up to attempt {main_id})" in result.output
    listed = _invoke(db_path, FIXTURE_BANK / "rubrics", "history").output
    assert f"↳ follow-up to {main_id}" in listed
    data = json.loads(_invoke(db_path, FIXTURE_BANK / "rubrics", "export").output)
    assert [a["parent_attempt_id"] for a in data["attempts"]] == [None, main_id]


def test_evidence_text_is_neutralised():
    from tpm_trainer.report_view import quoted

    evidence = Evidence(phrase="x", text="a\x1b]0;t\x07b", span=(0, 1), sentence="s")
    assert quoted(evidence.text) == '"ab"'


@pytest.mark.parametrize(
    ("caps", "band", "summary"),
    [
        ([], "Strong hire", ""),
        ([("required", "Lean no hire")], "Lean no hire", "capped: a required concept is missing"),
        ([("shallow", "Hire")], "Hire", "capped: not developed enough for the top band"),
        (
            [("required", "Hire"), ("critical_red_flag", "Lean no hire")],
            "Lean no hire",
            "capped: a critical red flag",  # the cap that set the band, not every cap
        ),
    ],
)
def test_the_heading_names_the_cap_that_set_the_band(caps, band, summary):
    from tpm_trainer.models import Cap, ScoreReport
    from tpm_trainer.report_view import cap_summary

    report = ScoreReport(
        question_id="q",
        rubric_version=1,
        rubric_hash="h",
        scorer_version="x",
        score=50.0,
        points=1.0,
        max_points=2.0,
        band=band,
        band_capped=bool(caps),
        caps=[Cap(kind=kind, band=cap_band, reason="why") for kind, cap_band in caps],
        concepts=[],
        groups=[],
        red_flags=[],
        penalty=0.0,
        word_count=10,
    )
    assert cap_summary(report) == summary
