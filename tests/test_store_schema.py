"""Schema upgrades keep everything; ids are never reused; doctor repairs what it safely can; backups."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta

import sqlite_utils
from click.testing import CliRunner

from tpm_trainer.cli import main
from tpm_trainer.scoring import score_answer, score_follow_up
from tpm_trainer.store import Store, migrations, now_iso
from tpm_trainer.store.backup import DAILY, backups, daily_backup_due, prune_daily, write_backup
from tpm_trainer.store.schema import m001_initial, m002_app_indexes, m003_attempt_ids_never_reused

from .store_helpers import FIXTURE_ARGS, GOOD_ANSWER


def build_first_release_database(path, rubric):
    """A database as the first release (schema m001 + m002) wrote it: reports inside `attempts`."""
    db = sqlite_utils.Database(path)
    m001_initial(db)
    m002_app_indexes(db)
    migrations.ensure_migrations_table(db)
    for name in ("m001_initial", "m002_app_indexes"):
        db.table("_sqlite_migrations").insert(
            {"migration_set": "tpm_trainer", "name": name, "applied_at": "2026-01-01 00:00:00+00:00"}
        )
    db.table("sessions").insert(
        {"id": "s1", "mode": "mock", "started_at": "2026-01-01T10:00:00+00:00", "ended_at": None, "config_json": "{}"}
    )
    main_report = score_answer("A canary first, watching the error rate.", rubric)
    follow_report = score_follow_up("We roll back to the previous version.", rubric, main_report)
    rows = [
        (1, "A canary first, watching the error rate.", main_report, None, "s1"),
        (2, "We roll back to the previous version.", follow_report, 1, "s1"),
        (5, "Push it everywhere all at once.", score_answer("Push it everywhere all at once.", rubric), None, None),
        (7, "an unscored answer", None, None, None),
    ]
    for attempt_id, answer, report, parent, session in rows:
        db.table("attempts").insert(
            {
                "id": attempt_id,
                "question_id": "fx-rollout",
                "category": "rollouts",
                "answer": answer,
                "started_at": f"2026-01-0{attempt_id}T10:00:00+00:00",
                "ended_at": f"2026-01-0{attempt_id}T10:05:00+00:00",
                "time_limit_seconds": 360.0,
                "time_used_seconds": 300.0,
                "mode": "mock",
                "session_id": session,
                "parent_attempt_id": parent,
                "prompt": "How do you undo it?" if parent else None,
                "score": report.score if report else None,
                "band": report.band if report else None,
                "report_json": report.model_dump_json() if report else None,
                "rubric_hash": report.rubric_hash if report else None,
                "scorer_version": report.scorer_version if report else None,
            }
        )
    db.table("drafts").insert(
        {"question_id": "fx-story", "mode": "practice", "answer": "half typed", "updated_at": "2026-01-02T00:00:00"}
    )
    db.table("settings").insert({"key": "app.mock_setup", "value_json": json.dumps({"count": 4})})
    db.close()
    return {1: main_report, 2: follow_report, 5: rows[2][2], 7: None}


def test_upgrading_a_first_release_database_keeps_every_row_and_backs_up_first(db_path, fixture_bank):
    reports = build_first_release_database(db_path, fixture_bank.rubric_for("fx-rollout"))
    store = Store.open(db_path)
    try:
        assert migrations.pending(store.db) == []
        for attempt_id, report in reports.items():
            attempt = store.attempt(attempt_id)
            assert attempt is not None and attempt.report == report
        assert store.attempt(2).parent_attempt_id == 1 and store.attempt(2).prompt == "How do you undo it?"
        assert store.session("s1").mode == "mock"
        assert [draft.answer for draft in store.drafts()] == ["half typed"]
        assert store.get_setting("app.mock_setup") == {"count": 4}
        assert "report_json" not in store.db.table("attempts").columns_dict
        # the derived tables were filled from the old reports
        assert store.totals()["attempts"] == 4 and store.totals()["days"] == 4
        missed = {(row["concept_id"], row["misses"]) for row in store.most_missed_concepts()}
        expected = {}
        # Main answers only: the follow-up (attempt 2) is graded on what it probes, its misses count nowhere.
        assert reports[2] is not None and reports[2].concepts
        assert store.db.execute("select count(*) from attempt_concepts where attempt_id = 2").fetchone()[0] == 0
        for report in (r for attempt_id, r in reports.items() if r is not None and attempt_id != 2):
            for concept in report.misses:
                expected[concept.id] = expected.get(concept.id, 0) + 1
        assert missed == set(expected.items())
        assert store.count_attempts(text="everywhere") == 1
        # a new attempt takes an id after the highest old one
        new_id = store.save_attempt(
            question_id="fx-rollout",
            category="rollouts",
            answer="x",
            started_at=now_iso(),
            ended_at=now_iso(),
            mode="practice",
            report=None,
        )
        assert new_id == 8
        assert store.doctor().healthy
    finally:
        store.close()
    [backup] = backups(db_path, "premigration")
    with sqlite3.connect(backup) as connection:
        assert connection.execute("select count(*) from attempts where report_json is not null").fetchone()[0] == 3


def test_upgrading_past_the_id_step_keeps_the_highest_id_ever_given(db_path, fixture_bank):
    build_first_release_database(db_path, fixture_bank.rubric_for("fx-rollout"))
    db = sqlite_utils.Database(db_path)
    with db.atomic():
        m003_attempt_ids_never_reused(db)
        db.table("_sqlite_migrations").insert(
            {"migration_set": "tpm_trainer", "name": "m003_attempt_ids_never_reused", "applied_at": "x"}
        )
        db.execute(
            "insert into attempts (question_id, category, answer, started_at, ended_at, mode) "
            "values ('fx-rollout', 'rollouts', 'latest', 'x', 'x', 'practice')"
        )
        db.execute("delete from attempts where answer = 'latest'")  # id 8 was given, then deleted
    db.close()
    store = Store.open(db_path)
    try:
        assert [migration.name for migration in migrations.applied(store.db)][-1] == "m005_follow_ups_miss_nothing"
        assert store.count_attempts() == 4 and store.attempt(2).parent_attempt_id == 1
        new_id = store.save_attempt(
            question_id="q",
            category="c",
            answer="a",
            started_at=now_iso(),
            ended_at=now_iso(),
            mode="practice",
            report=None,
        )
        assert new_id == 9
    finally:
        store.close()


def test_ids_are_never_reused_and_follow_ups_go_with_their_main_answer(store):
    def save(**extra):
        return store.save_attempt(
            question_id="q",
            category="c",
            answer="a",
            started_at=now_iso(),
            ended_at=now_iso(),
            mode="mock",
            report=None,
            **extra,
        )

    main_id = save()
    follow_id = save(parent_attempt_id=main_id)
    last = save()
    assert store.delete_attempt(last)
    assert save() == last + 1
    assert store.delete_attempt(main_id)
    assert store.attempt(follow_id) is None
    assert store.totals()["attempts"] == 1


def test_a_main_answer_and_its_follow_ups_are_saved_in_one_transaction(store):
    try:
        with store.write():
            main_id = store.save_attempt(
                question_id="q",
                category="c",
                answer="main",
                started_at=now_iso(),
                ended_at=now_iso(),
                mode="mock",
                report=None,
            )
            store.save_attempt(
                question_id="q",
                category="c",
                answer="follow",
                started_at=now_iso(),
                ended_at=now_iso(),
                mode="mock",
                report=None,
                parent_attempt_id=main_id,
            )
            raise RuntimeError("the follow-up's scoring failed")
    except RuntimeError:
        pass
    assert store.count_attempts() == 0


def test_maintained_statistics_follow_saves_rescoring_and_deletes(store, fixture_bank):
    rubric = fixture_bank.rubric_for("fx-rollout")
    good, bad = score_answer(GOOD_ANSWER, rubric), score_answer("all at once", rubric)
    ids = [
        store.save_attempt(
            question_id="fx-rollout",
            category="rollouts",
            answer=text,
            started_at=now_iso(),
            ended_at=now_iso(),
            mode="practice",
            report=report,
            time_used_seconds=60,
        )
        for text, report in ((GOOD_ANSWER, good), ("all at once", bad))
    ]
    assert store.totals()["average"] == (good.score + bad.score) / 2
    store.update_score(ids[1], good)
    assert store.totals()["average"] == good.score
    assert store.most_missed_concepts() == []
    store.update_score(ids[0], bad)
    assert {row["concept_id"] for row in store.most_missed_concepts()} == {c.id for c in bad.misses}
    store.delete_attempt(ids[0])
    assert store.most_missed_concepts() == []
    assert store.totals() == {
        "attempts": 1,
        "main_attempts": 1,
        "scored": 1,
        "average": good.score,
        "time_used_seconds": 60,
        "days": 1,
        "sessions": 0,
    }
    store.save_attempt(
        question_id="fx-rollout",
        category="rollouts",
        answer="follow",
        started_at=now_iso(),
        ended_at=now_iso(),
        mode="practice",
        report=bad,
        parent_attempt_id=ids[1],
    )
    assert store.totals()["average"] == good.score  # a follow-up's score enters no average
    assert store.totals()["scored"] == 2
    assert bad.misses and store.most_missed_concepts() == []  # nor do its misses count
    assert store.doctor().healthy


def test_doctor_repairs_orphans_and_counts_and_reports_the_rest(db_path):
    store = Store.open(db_path)
    main_id = store.save_attempt(
        question_id="q",
        category="c",
        answer="main",
        started_at=now_iso(),
        ended_at=now_iso(),
        mode="mock",
        report=None,
        session_id=None,
    )
    store.save_attempt(
        question_id="q",
        category="c",
        answer="follow",
        started_at=now_iso(),
        ended_at=now_iso(),
        mode="mock",
        report=None,
        parent_attempt_id=main_id,
    )
    store.close()
    with sqlite3.connect(db_path) as connection:  # another tool, foreign keys off, breaks the links
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("delete from attempts where id = ?", [main_id])
        connection.execute("update attempts set session_id = 'gone'")
        connection.execute("update daily_totals set attempts = 99")
    connection.close()
    result = CliRunner().invoke(main, ["--db", str(db_path), "doctor"])
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.output
    assert "repaired: 1 follow-up(s) whose main answer is missing" in result.output
    assert "placeholder session" in result.output and "daily totals recounted" in result.output
    store = Store.open(db_path)
    try:
        [kept] = store.attempts()
        assert kept.answer == "follow" and kept.parent_attempt_id is None  # detached, not deleted
        assert store.session("gone") is not None
        assert store.totals()["attempts"] == 1
        assert store.doctor().healthy
    finally:
        store.close()
    again = CliRunner().invoke(main, ["--db", str(db_path), "doctor", "--check-only"])
    assert again.exit_code == 0 and "no problem found" in again.output


def test_daily_backups_are_taken_once_a_day_and_pruned(db_path):
    result = CliRunner().invoke(
        main, ["--db", str(db_path), *FIXTURE_ARGS, "score", "fx-rollout", "-", "--save"], input=GOOD_ANSWER
    )
    assert result.exit_code == 0
    [first] = backups(db_path, DAILY)
    assert not daily_backup_due(db_path)
    assert daily_backup_due(db_path, now=datetime.now(UTC) + timedelta(days=1, minutes=1))
    with sqlite3.connect(first) as connection:
        assert connection.execute("select count(*) from attempts").fetchone()[0] == 1
    assert oct(os.stat(first).st_mode & 0o777) == "0o600"
    store = Store.open(db_path)
    try:
        for _ in range(4):
            write_backup(store.db, db_path, DAILY)
    finally:
        store.close()
    removed = prune_daily(db_path, keep=2)
    assert len(removed) == 3 and len(backups(db_path, DAILY)) == 2
