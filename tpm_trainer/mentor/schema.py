"""The mentor tables, created by their own sqlite-utils migration set beside the core store's.

- `grades`: a mentor's score and comment on one attempt (several per attempt; the newest counts).
- `report_history`: reports an attempt had before it was re-scored, with the rubric that produced them.
- `attempt_origin`: who answered an attempt (the candidate) and its stable fingerprint, for idempotent
  imports; attempts typed in this database get a row when first exported or graded.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

MENTOR_MIGRATION_SET = "tpm_trainer_mentor"

mentor_migrations = Migrations(MENTOR_MIGRATION_SET)


class MentorSchemaError(Exception):
    """The mentor tables were written by a newer tpm-trainer."""


_M001_TABLES = """
CREATE TABLE grades (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    band TEXT,
    comment TEXT,
    mentor TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX grades_attempt ON grades (attempt_id);
CREATE TABLE report_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    score REAL,
    band TEXT,
    report_json TEXT,
    rubric_hash TEXT,
    rubric_source TEXT,
    scorer_version TEXT,
    replaced_at TEXT NOT NULL
);
CREATE INDEX report_history_attempt ON report_history (attempt_id);
CREATE TABLE attempt_origin (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
    candidate TEXT,
    fingerprint TEXT NOT NULL,
    source_file TEXT,
    imported_at TEXT
);
CREATE UNIQUE INDEX attempt_origin_fingerprint ON attempt_origin (fingerprint);
CREATE INDEX attempt_origin_candidate ON attempt_origin (candidate);
"""


@mentor_migrations()
def m001_mentor_tables(db: sqlite_utils.Database) -> None:
    """Grades, report history and attempt origins; each row goes when its attempt is deleted."""
    db.executescript(_M001_TABLES)


def has_mentor_tables(db: sqlite_utils.Database) -> bool:
    """Whether the mentor tables exist (readers return nothing rather than create them: a database
    opened read-only, for `show` or `export`, must not be written)."""
    return bool(db.table("grades").exists())


def ensure_mentor_schema(db: sqlite_utils.Database) -> None:
    """Create or upgrade the mentor tables; refuses a database whose mentor tables are newer than this code."""
    applied = {migration.name for migration in mentor_migrations.applied(db)}
    unknown = applied - {migration.name for migration in mentor_migrations._migrations}
    if unknown:
        raise MentorSchemaError(
            f"the mentor tables were written by a newer tpm-trainer (schema step(s) {', '.join(sorted(unknown))}); "
            "upgrade tpm-trainer to use them"
        )
    if mentor_migrations.pending(db):
        mentor_migrations.apply(db)
