"""The schema, declared once as sqlite-utils `Migrations` (applied in order, each recorded).

m001 and m002 are the first released schema; m003 makes attempt ids never reused (AUTOINCREMENT) and
deletes follow-ups with their main answer (ON DELETE CASCADE); m004 reshapes it for large histories:
report JSON lives apart from the columns lists read (`attempt_reports`), each report's concepts are
rows (`attempt_concepts`) with per-concept miss counts and per-day totals kept by triggers, and the
history text filter uses an FTS5 index kept by triggers.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "tpm_trainer"
FTS_TABLE = "attempts_fts"
FTS_COLUMNS = ("question_id", "category", "prompt", "answer")
ATTEMPT_COLUMNS = (
    "id",
    "question_id",
    "category",
    "answer",
    "started_at",
    "ended_at",
    "time_limit_seconds",
    "time_used_seconds",
    "mode",
    "session_id",
    "parent_attempt_id",
    "prompt",
    "score",
    "band",
    "rubric_hash",
    "scorer_version",
)

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("sessions").create(
        {"id": str, "mode": str, "started_at": str, "ended_at": str, "config_json": str},
        pk="id",
    )
    db.table("attempts").create(
        {
            "id": int,
            "question_id": str,
            "category": str,
            "answer": str,
            "started_at": str,
            "ended_at": str,
            "time_limit_seconds": float,
            "time_used_seconds": float,
            "mode": str,
            "session_id": str,
            "parent_attempt_id": int,
            "prompt": str,
            "score": float,
            "band": str,
            "report_json": str,
            "rubric_hash": str,
            "scorer_version": str,
        },
        pk="id",
        not_null={"question_id", "answer", "started_at", "ended_at", "mode"},
        foreign_keys=[("session_id", "sessions", "id"), ("parent_attempt_id", "attempts", "id")],
    )
    db.table("attempts").create_index(["question_id"])
    db.table("attempts").create_index(["ended_at"])
    db.table("attempts").create_index(["session_id"])
    db.table("drafts").create(
        {
            "id": int,
            "question_id": str,
            "session_id": str,
            "mode": str,
            "answer": str,
            "started_at": str,
            "updated_at": str,
            "time_limit_seconds": float,
            "time_used_seconds": float,
            "parent_attempt_id": int,
            "prompt": str,
        },
        pk="id",
        not_null={"question_id", "answer", "updated_at", "mode"},
    )
    db.table("settings").create({"key": str, "value_json": str}, pk="key")


@migrations()
def m002_app_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the interactive app's history list and progress views."""
    db.table("attempts").create_index(["category", "ended_at"], if_not_exists=True)
    db.table("attempts").create_index(["score"], if_not_exists=True)
    db.table("attempts").create_index(["parent_attempt_id"], if_not_exists=True)


@migrations()
def m003_attempt_ids_never_reused(db: sqlite_utils.Database) -> None:
    """Attempt ids are never reused after a delete (AUTOINCREMENT), and deleting a main attempt deletes
    its follow-ups (ON DELETE CASCADE). SQLite cannot alter a key, so the table is rebuilt in place."""
    columns = []
    for _, name, kind, not_null, _, primary in db.execute("PRAGMA table_info(attempts)").fetchall():
        if primary:
            columns.append(f'"{name}" INTEGER PRIMARY KEY AUTOINCREMENT')
            continue
        column = f'"{name}" {kind}' + (" NOT NULL" if not_null else "")
        if name == "session_id":
            column += ' REFERENCES "sessions"("id")'
        elif name == "parent_attempt_id":
            # points at the new table, so dropping the old one cascades into nothing; the rename updates it
            column += ' REFERENCES "attempts_rebuilt"("id") ON DELETE CASCADE'
        columns.append(column)
    create = 'CREATE TABLE "attempts_rebuilt" (\n   ' + ",\n   ".join(columns) + "\n)"
    indexes = [
        str(sql)
        for (sql,) in db.execute(
            "select sql from sqlite_master where type = 'index' and tbl_name = 'attempts' and sql is not null"
        )
    ]
    db.execute("PRAGMA defer_foreign_keys = ON")  # the rows point at each other while the table is swapped
    db.execute(create)
    db.execute("insert into attempts_rebuilt select * from attempts")  # same columns, same order
    db.execute("drop table attempts")
    db.execute("alter table attempts_rebuilt rename to attempts")
    for sql in indexes:
        db.execute(sql)


_M004_TABLES = """
ALTER TABLE attempts RENAME TO attempts_v2;
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id TEXT NOT NULL,
    category TEXT,
    answer TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    time_limit_seconds REAL,
    time_used_seconds REAL,
    mode TEXT NOT NULL,
    session_id TEXT REFERENCES sessions(id),
    parent_attempt_id INTEGER REFERENCES attempts(id) ON DELETE CASCADE,
    prompt TEXT,
    score REAL,
    band TEXT,
    rubric_hash TEXT,
    scorer_version TEXT
);
CREATE TABLE attempt_reports (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
    report_json TEXT NOT NULL
);
CREATE TABLE attempt_concepts (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    concept_id TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    hit INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, concept_id)
) WITHOUT ROWID;
CREATE TABLE concept_misses (
    question_id TEXT NOT NULL,
    concept_id TEXT NOT NULL,
    label TEXT NOT NULL,
    misses INTEGER NOT NULL,
    PRIMARY KEY (question_id, concept_id)
) WITHOUT ROWID;
CREATE TABLE daily_totals (
    day TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    main_attempts INTEGER NOT NULL,
    scored INTEGER NOT NULL,
    main_scored INTEGER NOT NULL,
    main_score_sum REAL NOT NULL,
    time_used REAL NOT NULL
) WITHOUT ROWID;
"""

_M004_TRIGGERS = """
CREATE TRIGGER attempt_concepts_miss_added AFTER INSERT ON attempt_concepts WHEN new.hit = 0 BEGIN
    INSERT INTO concept_misses (question_id, concept_id, label, misses)
    VALUES (new.question_id, new.concept_id, new.label, 1)
    ON CONFLICT (question_id, concept_id) DO UPDATE SET misses = misses + 1, label = excluded.label;
END;
CREATE TRIGGER attempt_concepts_miss_removed AFTER DELETE ON attempt_concepts WHEN old.hit = 0 BEGIN
    UPDATE concept_misses SET misses = misses - 1
    WHERE question_id = old.question_id AND concept_id = old.concept_id;
END;
CREATE TRIGGER attempts_day_added AFTER INSERT ON attempts BEGIN
    INSERT INTO daily_totals (day, attempts, main_attempts, scored, main_scored, main_score_sum, time_used)
    VALUES (substr(new.ended_at, 1, 10), 1, new.parent_attempt_id IS NULL, new.score IS NOT NULL,
            new.parent_attempt_id IS NULL AND new.score IS NOT NULL,
            CASE WHEN new.parent_attempt_id IS NULL THEN coalesce(new.score, 0) ELSE 0 END,
            coalesce(new.time_used_seconds, 0))
    ON CONFLICT (day) DO UPDATE SET attempts = attempts + 1, main_attempts = main_attempts + excluded.main_attempts,
        scored = scored + excluded.scored, main_scored = main_scored + excluded.main_scored,
        main_score_sum = main_score_sum + excluded.main_score_sum, time_used = time_used + excluded.time_used;
END;
CREATE TRIGGER attempts_day_removed AFTER DELETE ON attempts BEGIN
    UPDATE daily_totals SET attempts = attempts - 1, main_attempts = main_attempts - (old.parent_attempt_id IS NULL),
        scored = scored - (old.score IS NOT NULL),
        main_scored = main_scored - (old.parent_attempt_id IS NULL AND old.score IS NOT NULL),
        main_score_sum = main_score_sum - CASE WHEN old.parent_attempt_id IS NULL THEN coalesce(old.score, 0) ELSE 0 END,
        time_used = time_used - coalesce(old.time_used_seconds, 0)
    WHERE day = substr(old.ended_at, 1, 10);
END;
CREATE TRIGGER attempts_day_changed AFTER UPDATE OF score, ended_at, parent_attempt_id, time_used_seconds ON attempts
BEGIN
    UPDATE daily_totals SET attempts = attempts - 1, main_attempts = main_attempts - (old.parent_attempt_id IS NULL),
        scored = scored - (old.score IS NOT NULL),
        main_scored = main_scored - (old.parent_attempt_id IS NULL AND old.score IS NOT NULL),
        main_score_sum = main_score_sum - CASE WHEN old.parent_attempt_id IS NULL THEN coalesce(old.score, 0) ELSE 0 END,
        time_used = time_used - coalesce(old.time_used_seconds, 0)
    WHERE day = substr(old.ended_at, 1, 10);
    INSERT INTO daily_totals (day, attempts, main_attempts, scored, main_scored, main_score_sum, time_used)
    VALUES (substr(new.ended_at, 1, 10), 1, new.parent_attempt_id IS NULL, new.score IS NOT NULL,
            new.parent_attempt_id IS NULL AND new.score IS NOT NULL,
            CASE WHEN new.parent_attempt_id IS NULL THEN coalesce(new.score, 0) ELSE 0 END,
            coalesce(new.time_used_seconds, 0))
    ON CONFLICT (day) DO UPDATE SET attempts = attempts + 1, main_attempts = main_attempts + excluded.main_attempts,
        scored = scored + excluded.scored, main_scored = main_scored + excluded.main_scored,
        main_score_sum = main_score_sum + excluded.main_score_sum, time_used = time_used + excluded.time_used;
END;
"""

_M004_COPY = """
INSERT INTO attempts ({columns})
SELECT {old_columns} FROM attempts_v2 AS old ORDER BY old.id;
INSERT INTO attempt_reports (attempt_id, report_json)
SELECT id, report_json FROM attempts_v2 WHERE report_json IS NOT NULL;
INSERT OR IGNORE INTO attempt_concepts (attempt_id, question_id, concept_id, label, kind, hit)
SELECT a.id, a.question_id, json_extract(c.value, '$.id'), coalesce(json_extract(c.value, '$.label'), ''),
       coalesce(json_extract(c.value, '$.kind'), 'concept'), coalesce(json_extract(c.value, '$.hit'), 0)
FROM attempts_v2 AS a, json_each(a.report_json, '$.concepts') AS c
WHERE a.report_json IS NOT NULL AND json_valid(a.report_json) AND json_extract(c.value, '$.id') IS NOT NULL;
INSERT INTO sqlite_sequence (name, seq)
SELECT 'attempts', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'attempts');
UPDATE sqlite_sequence SET seq = (
    SELECT max(seq) FROM sqlite_sequence WHERE name IN ('attempts', 'attempts_v2')
) WHERE name = 'attempts';
DROP TABLE attempts_v2;
"""

_FTS_TRIGGERS = """
CREATE TRIGGER attempts_fts_added AFTER INSERT ON attempts BEGIN
    INSERT INTO attempts_fts (rowid, question_id, category, prompt, answer)
    VALUES (new.id, new.question_id, new.category, new.prompt, new.answer);
END;
CREATE TRIGGER attempts_fts_removed AFTER DELETE ON attempts BEGIN
    INSERT INTO attempts_fts (attempts_fts, rowid, question_id, category, prompt, answer)
    VALUES ('delete', old.id, old.question_id, old.category, old.prompt, old.answer);
END;
CREATE TRIGGER attempts_fts_changed AFTER UPDATE OF question_id, category, prompt, answer ON attempts BEGIN
    INSERT INTO attempts_fts (attempts_fts, rowid, question_id, category, prompt, answer)
    VALUES ('delete', old.id, old.question_id, old.category, old.prompt, old.answer);
    INSERT INTO attempts_fts (rowid, question_id, category, prompt, answer)
    VALUES (new.id, new.question_id, new.category, new.prompt, new.answer);
END;
"""


@migrations()
def m004_history_at_scale(db: sqlite_utils.Database) -> None:
    """Reports and concepts apart from the attempt columns, maintained totals, FTS5, ids never reused."""
    db.executescript(_M004_TABLES)
    db.executescript(_M004_TRIGGERS)
    parent_exists = "(SELECT id FROM attempts_v2 WHERE id = old.parent_attempt_id)"
    old_columns = ", ".join(
        parent_exists if column == "parent_attempt_id" else f"old.{column}" for column in ATTEMPT_COLUMNS
    )
    db.executescript(_M004_COPY.format(columns=", ".join(ATTEMPT_COLUMNS), old_columns=old_columns))
    attempts = db.table("attempts")
    attempts.create_index(["question_id", "id"])
    attempts.create_index(["ended_at", "id"])
    attempts.create_index(["session_id"])
    attempts.create_index(["parent_attempt_id"])
    attempts.create_index(["category", "ended_at"])
    attempts.create_index(["score"])
    db.execute(
        "CREATE INDEX attempts_main_scored ON attempts (category, ended_at, score) "
        "WHERE parent_attempt_id IS NULL AND score IS NOT NULL"
    )
    db.execute("CREATE INDEX concept_misses_by_count ON concept_misses (misses)")
    # rescore's plan reads only these columns: an index holding them all spares reading the wide rows
    db.execute(
        "CREATE INDEX attempts_rescore_plan ON attempts (question_id, rubric_hash, scorer_version, parent_attempt_id)"
    )
    attempts.enable_fts(FTS_COLUMNS, create_triggers=False, tokenize="unicode61 remove_diacritics 2")
    db.executescript(_FTS_TRIGGERS)


@migrations()
def m005_follow_ups_miss_nothing(db: sqlite_utils.Database) -> None:
    """Follow-up answers lose their concept rows (their reports stay): graded only on what they probe, their
    misses had been counted among the question's most-missed concepts. The delete trigger keeps the maintained
    miss counts right."""
    db.execute(
        "DELETE FROM attempt_concepts WHERE attempt_id IN (SELECT id FROM attempts WHERE parent_attempt_id IS NOT NULL)"
    )
