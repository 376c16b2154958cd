"""Mentor exchange end to end: candidates' databases -> export -> import -> grades -> agreement."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK

STRONG = "A canary first, then waves, watching the error rate, and we roll back if it rises."
MIDDLING = "We start with a canary and keep an eye on the error rate."
WEAK = "Push it everywhere all at once."


def cli(db: Path, *args: str, input: str | None = None):
    base = ["--db", str(db), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(FIXTURE_BANK / "rubrics")]
    return CliRunner().invoke(main, [*base, *args], input=input, catch_exceptions=False)


def candidate_db(tmp_path: Path, name: str | None, answers: list[str]) -> Path:
    db = tmp_path / f"{name or 'anon'}.db"
    if name:
        assert cli(db, "candidate", name).exit_code == 0
    for answer in answers:
        result = cli(db, "score", "fx-rollout", "-", "--save", input=answer)
        assert result.exit_code == 0, result.output
    return db


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"select count(*) from {table}").fetchone()[0])


def test_two_candidates_exported_imported_graded_and_measured(tmp_path):
    ana = candidate_db(tmp_path, "Ana", [STRONG, MIDDLING])
    ben = candidate_db(tmp_path, "Ben", [WEAK, STRONG])
    exports = []
    for db in (ana, ben):
        out = tmp_path / f"{db.stem}.json"
        assert cli(db, "export", "-o", str(out)).exit_code == 0
        exports.append(out)
    mentor = tmp_path / "mentor.db"
    first = cli(mentor, "import", *map(str, exports))
    assert first.exit_code == 0, first.output
    assert "2 attempt(s) added, 0 already present" in first.output
    assert count(mentor, "attempts") == 4

    again = cli(mentor, "import", *map(str, exports))
    assert again.exit_code == 0 and again.output.count("0 attempt(s) added, 2 already present") == 2
    assert count(mentor, "attempts") == 4

    history = json.loads(cli(mentor, "history", "--json").output)
    ids = {(a["answer"], a["id"]) for a in history}
    by_answer: dict[str, list[int]] = {}
    for answer, attempt_id in ids:
        by_answer.setdefault(answer, []).append(attempt_id)
    # The mentor disagrees with the rubric on the middling answer (they think it is weak).
    for answer, score in ((STRONG, 90), (MIDDLING, 20), (WEAK, 5)):
        for attempt_id in by_answer[answer]:
            graded = cli(mentor, "grade", str(attempt_id), "--score", str(score), "--mentor", "Mo", "--comment", "ok")
            assert graded.exit_code == 0, graded.output
    result = cli(mentor, "agreement")
    assert result.exit_code == 0, result.output
    assert "quadratic weighted kappa (QWK): " in result.output
    data = json.loads(cli(mentor, "agreement", "--json").output)
    assert data["graded_attempts"] == 4
    assert 0 < data["quadratic_weighted_kappa"] < 1
    assert data["exact_band_agreement"] == 0.75
    assert data["concepts"][0]["direction"] == "over"

    # Grades travel with an export of the mentor's database, and candidates are kept per attempt.
    merged = tmp_path / "merged.json"
    assert cli(mentor, "export", "--candidate", "Ben", "-o", str(merged)).exit_code == 0
    payload = json.loads(merged.read_text())
    assert {a["candidate"] for a in payload["attempts"]} == {"Ben"} and len(payload["attempts"]) == 2
    assert all(a["grades"] and a["grades"][0]["mentor"] == "Mo" for a in payload["attempts"])
    # Importing the mentor's export elsewhere brings attempts and grades; again changes nothing.
    second_mentor = tmp_path / "second.db"
    assert "2 grade(s) added" in cli(second_mentor, "import", str(merged)).output
    assert "0 attempt(s) added, 2 already present, 0 grade(s) added" in cli(second_mentor, "import", str(merged)).output
    assert count(second_mentor, "grades") == 2


def test_follow_up_points_at_remapped_parent(tmp_path):
    candidate = candidate_db(tmp_path, "Cy", [STRONG])
    main_id = json.loads(cli(candidate, "history", "--json").output)[0]["id"]
    with sqlite3.connect(candidate) as connection:
        connection.execute(
            "insert into attempts (question_id, category, answer, started_at, ended_at, mode, parent_attempt_id) "
            "values ('fx-rollout', 'rollouts', 'and then I would stop', '2026-01-01T10:00:00', '2026-01-01T10:01:00', "
            "'follow-up', ?)",
            [main_id],
        )
    exported = tmp_path / "cy.json"
    cli(candidate, "export", "-o", str(exported))
    mentor = tmp_path / "mentor.db"
    # The mentor already has an attempt of their own, so ids must shift.
    candidate_db_path = candidate_db(tmp_path, None, [WEAK])
    mentor.write_bytes(candidate_db_path.read_bytes())
    assert cli(mentor, "import", str(exported)).exit_code == 0
    rows = json.loads(cli(mentor, "history", "--json").output)
    follow_up = next(row for row in rows if row["answer"] == "and then I would stop")
    parent = next(row for row in rows if row["id"] == follow_up["parent_attempt_id"])
    assert parent["answer"] == STRONG and parent["id"] != main_id


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "tpm-trainer-export", "version": 99, "attempts": []}', "written by a newer tpm-trainer"),
        ('{"hello": 1}', "not a tpm-trainer export"),
        ("{not json", ":1:2: not a tpm-trainer export (not JSON"),
    ],
)
def test_import_refuses_unusable_files(tmp_path, content, message):
    path = tmp_path / "export.json"
    path.write_text(content)
    result = cli(tmp_path / "m.db", "import", str(path))
    assert result.exit_code == 1 and message in result.output and str(path) in result.output
    assert "Traceback" not in result.output


def test_import_without_a_candidate_name_asks_for_one(tmp_path):
    anonymous = candidate_db(tmp_path, None, [STRONG])
    out = tmp_path / "anon.json"
    cli(anonymous, "export", "-o", str(out))
    mentor = tmp_path / "m.db"
    refused = cli(mentor, "import", str(out))
    assert refused.exit_code == 1 and "--candidate NAME" in refused.output
    assert count(mentor, "attempts") == 0
    named = cli(mentor, "import", str(out), "--candidate", "Dee")
    assert "candidate: Dee" in named.output
    assert "Candidate: Dee" in cli(mentor, "show", "1").output
    # A named export keeps its own name; --candidate is then ignored, with a warning.
    ana = tmp_path / "ana.json"
    cli(candidate_db(tmp_path, "Ana", [WEAK]), "export", "-o", str(ana))
    kept = cli(mentor, "import", str(ana), "--candidate", "Dee")
    assert "`--candidate Dee` was ignored" in kept.output and "candidate: Ana" in kept.output


def test_export_filters(tmp_path):
    db = candidate_db(tmp_path, "Ana", [STRONG])
    assert (
        cli(db, "score", "fx-story", "-", "--save", input="I led the team and we shipped in two weeks.").exit_code == 0
    )
    only_rollout = json.loads(cli(db, "export", "--question", "fx-rollout").output)
    assert [a["question_id"] for a in only_rollout["attempts"]] == ["fx-rollout"]
    by_category = json.loads(cli(db, "export", "--category", "rollouts").output)
    assert [a["category"] for a in by_category["attempts"]] == ["rollouts"]
    assert json.loads(cli(db, "export", "--since", "2999-01-01").output)["attempts"] == []
    assert json.loads(cli(db, "export", "--candidate", "Nobody").output)["attempts"] == []
    bad = cli(db, "export", "--since", "last week")
    assert bad.exit_code == 1 and "--since `last week` is not a date" in bad.output


def test_grade_errors_and_show(tmp_path):
    db = candidate_db(tmp_path, "Ana", [MIDDLING])
    unknown = cli(db, "grade", "42", "--score", "50")
    assert unknown.exit_code == 1 and "no attempt with id 42" in unknown.output
    too_high = cli(db, "grade", "1", "--score", "150")
    assert too_high.exit_code == 1 and "from 0 to 100" in too_high.output
    assert cli(db, "grade", "1", "--score", "35", "--comment", "Needs a rollback plan", "--mentor", "Mo").exit_code == 0
    shown = cli(db, "show", "1").output
    assert "## Mentor grades" in shown and "35 (No hire) by Mo" in shown and "Needs a rollback plan" in shown
    assert "Scored with: rubric " in shown and "rollout.yaml" in shown
    as_json = json.loads(cli(db, "show", "1", "--json").output)
    assert as_json["grades"][0]["comment"] == "Needs a rollback plan"


def test_quadratic_weighted_kappa_by_hand():
    from tpm_trainer.mentor.agreement import quadratic_weighted_kappa

    assert quadratic_weighted_kappa([0, 1, 2], [0, 1, 2], 3) == 1.0
    assert quadratic_weighted_kappa([0, 1], [1, 0], 2) == -1.0
    # Two categories: QWK equals Cohen's kappa; p_o = 3/4, p_e = 1/2, so kappa = (0.75 - 0.5) / 0.5.
    assert quadratic_weighted_kappa([0, 0, 1, 1], [0, 1, 1, 1], 2) == 0.5
    # A two-band miss costs four times a one-band miss.
    near = quadratic_weighted_kappa([0, 1, 2, 2], [0, 1, 2, 1], 3)
    far = quadratic_weighted_kappa([0, 1, 2, 2], [0, 1, 2, 0], 3)
    assert near is not None and far is not None and far < near
    assert quadratic_weighted_kappa([1, 1], [1, 1], 3) is None


def test_import_refuses_wrongly_typed_attempts(tmp_path):
    path = tmp_path / "export.json"
    attempt = {"id": "one", "question_id": "q", "answer": "a", "started_at": "s", "ended_at": "e", "mode": "m"}
    path.write_text(json.dumps({"format": "tpm-trainer-export", "version": 1, "attempts": [attempt]}))
    result = cli(tmp_path / "m.db", "import", str(path), "--candidate", "X")
    assert result.exit_code == 1 and "attempts.0: wrong type of id (a number)" in result.output


def test_deleting_a_graded_attempt_takes_its_grades_and_history(tmp_path):
    from tpm_trainer.mentor.grades import add_grade
    from tpm_trainer.store import Store

    db = candidate_db(tmp_path, "Ana", [STRONG])
    store = Store.open(db)
    try:
        add_grade(store, 1, 80)
        assert store.delete_attempt(1)
        assert store.db.execute("select count(*) from grades").fetchone()[0] == 0
    finally:
        store.close()


def test_imported_text_cannot_drive_the_terminal(tmp_path):
    db = candidate_db(tmp_path, "Ana\x1b]0;owned\x07", [STRONG])
    out = tmp_path / "a.json"
    cli(db, "export", "-o", str(out))
    mentor = tmp_path / "m.db"
    imported = cli(mentor, "import", str(out))
    assert "\x1b" not in imported.output
    cli(mentor, "grade", "1", "--score", "50", "--comment", "fine\x1b[2J")
    shown = cli(mentor, "show", "1").output
    assert "\x1b" not in shown and "Candidate: Ana" in shown


def test_markdown_export_shows_grades(tmp_path):
    db = candidate_db(tmp_path, "Ana", [STRONG])
    cli(db, "grade", "1", "--score", "70", "--mentor", "Mo", "--comment", "<b>good</b>")
    markdown = cli(db, "export", "--format", "markdown").output
    assert (
        "- Mentor grade: 70 (Hire) by Mo on " in markdown
        and "- Candidate: Ana" in markdown
        and "&lt;b&gt;good&lt;/b&gt;" in markdown
    )
