"""The SQLite store on real files: migrations, permissions, attempts, drafts, and unusable files."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from tpm_trainer.scoring import score_answer
from tpm_trainer.store import Store, StoreError, migrations, now_iso


def test_new_database_is_owner_only_in_wal_mode_and_migrated(db_path):
    store = Store.open(db_path)
    try:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {"attempts", "sessions", "drafts", "settings"} <= set(store.db.table_names())
        assert [m.name for m in migrations.applied(store.db)] == [m.name for m in migrations._migrations]
    finally:
        store.close()


def test_reopening_applies_nothing_twice(db_path):
    Store.open(db_path).close()
    store = Store.open(db_path)
    try:
        assert migrations.pending(store.db) == []
    finally:
        store.close()


def test_attempt_round_trip_keeps_everything(store, fixture_bank):
    rubric = fixture_bank.rubric_for("fx-rollout")
    report = score_answer("Canary first, then roll back on error rate.", rubric)
    session_id = store.start_session("mock", {"count": 1})
    attempt_id = store.save_attempt(
        question_id="fx-rollout",
        category="rollouts",
        answer="Canary first, then roll back on error rate.",
        started_at="2026-01-01T10:00:00+00:00",
        ended_at="2026-01-01T10:05:00+00:00",
        mode="mock",
        report=report,
        time_limit_seconds=360,
        time_used_seconds=300,
        session_id=session_id,
    )
    attempt = store.attempt(attempt_id)
    assert attempt.report == report
    assert attempt.rubric_hash == report.rubric_hash and attempt.scorer_version == report.scorer_version
    assert (attempt.time_limit_seconds, attempt.time_used_seconds, attempt.mode) == (360, 300, "mock")
    assert attempt.session_id == session_id
    assert store.attempts(session_id=session_id)[0].id == attempt_id
    store.end_session(session_id)
    assert store.session(session_id).ended_at


def test_submitting_deletes_the_draft_in_the_same_transaction(store):
    draft_id = store.save_draft(question_id="fx-rollout", answer="half typed", mode="practice", time_used_seconds=12)
    assert (
        store.save_draft(question_id="fx-rollout", answer="half typed more", mode="practice", draft_id=draft_id)
        == draft_id
    )
    assert store.draft(draft_id).answer == "half typed more"
    store.save_attempt(
        question_id="fx-rollout",
        category="rollouts",
        answer="done",
        started_at=now_iso(),
        ended_at=now_iso(),
        mode="practice",
        report=None,
        draft_id=draft_id,
    )
    assert store.drafts() == []


def test_filters_previous_attempt_and_delete(store):
    ids = [
        store.save_attempt(
            question_id=q, category=c, answer=a, started_at=now_iso(), ended_at=now_iso(), mode="practice", report=None
        )
        for q, c, a in [("a", "x", "first canary"), ("b", "y", "other"), ("a", "x", "second canary")]
    ]
    assert [a.id for a in store.attempts(question_id="a")] == [ids[2], ids[0]]
    assert store.count_attempts(category="y") == 1
    assert store.count_attempts(text="canary") == 2
    assert store.previous_attempt("a", ids[2]).id == ids[0]
    assert store.delete_attempt(ids[0]) and store.attempt(ids[0]) is None
    assert not store.delete_attempt(9999)


def test_settings_round_trip(store):
    assert store.get_setting("mock", {"count": 3}) == {"count": 3}
    store.set_setting("mock", {"count": 5, "categories": ["a"]})
    assert store.get_setting("mock") == {"count": 5, "categories": ["a"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is a text file, not a database" * 10, "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "cannot be read"),
    ],
)
def test_unusable_files_are_refused_and_left_untouched(db_path, content, message):
    db_path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as raised:
        Store.open(db_path)
    assert str(db_path) in str(raised.value)
    assert db_path.read_bytes() == content


def test_a_database_from_a_newer_schema_is_refused_untouched(db_path):
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) values ('tpm_trainer', 'm999_future', 'x')"
        )
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer tpm-trainer"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_another_applications_database_is_refused(db_path):
    with sqlite3.connect(db_path) as connection:
        connection.execute("create table invoices (id integer)")
    connection.close()
    with pytest.raises(StoreError, match="another application"):
        Store.open(db_path)


def test_deleting_an_attempt_deletes_its_follow_ups_and_ids_are_never_reused(store, fixture_bank):
    rubric = fixture_bank.rubric_for("fx-rollout")
    fields = dict(
        question_id="fx-rollout", category="rollouts", started_at=now_iso(), ended_at=now_iso(), mode="practice"
    )
    main = store.save_attempt(answer="Canary first.", report=score_answer("Canary first.", rubric), **fields)
    follow = store.save_attempt(answer="Error rate.", report=None, parent_attempt_id=main, **fields)
    assert store.delete_attempt(main)
    assert store.attempt(follow) is None and store.count_attempts() == 0
    again = store.save_attempt(answer="Again.", report=None, **fields)
    assert again > follow


def test_average_counts_main_answers_only(store, fixture_bank):
    fields = dict(
        question_id="fx-rollout", category="rollouts", started_at=now_iso(), ended_at=now_iso(), mode="practice"
    )
    rubric = fixture_bank.rubric_for("fx-rollout")
    weak = score_answer("We ship it.", rubric)
    strong = score_answer("Canary first, then waves; roll back on error rate.", rubric)
    main = store.save_attempt(answer="We ship it.", report=weak, **fields)
    store.save_attempt(answer="Canary.", report=strong, parent_attempt_id=main, **fields)
    assert store.totals()["average"] == weak.score != strong.score


def test_the_id_migration_keeps_existing_attempts(db_path):
    store = Store.open(db_path)
    with store.db.atomic():
        store.db.execute("delete from _sqlite_migrations where name = 'm003_attempt_ids_never_reused'")
    store.close()
    # rebuild an old-style table with rows in it, then let the migration run again
    connection = sqlite3.connect(db_path)
    connection.executescript(
        "drop table attempts; create table attempts (id integer primary key, question_id text not null, "
        "category text, answer text not null, started_at text not null, ended_at text not null, "
        "time_limit_seconds real, time_used_seconds real, mode text not null, session_id text, "
        "parent_attempt_id integer references attempts(id), prompt text, score real, band text, "
        "report_json text, rubric_hash text, scorer_version text);"
        "insert into attempts (id, question_id, answer, started_at, ended_at, mode) values (1, 'q', 'a', 'x', 'x', 'practice');"
        "insert into attempts (id, question_id, answer, started_at, ended_at, mode, parent_attempt_id) "
        "values (2, 'q', 'b', 'x', 'x', 'practice', 1);"
    )
    connection.commit()
    connection.close()
    store = Store.open(db_path)
    try:
        assert [a.id for a in store.attempts(order="id")] == [1, 2]
        store.delete_attempt(2)
        new_id = store.save_attempt(
            question_id="q", category="c", answer="c", started_at="x", ended_at="x", mode="practice", report=None
        )
        assert new_id == 3
    finally:
        store.close()
