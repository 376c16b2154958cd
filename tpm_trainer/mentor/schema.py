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


@mentor_migrations()
def m001_mentor_tables(db: sqlite_utils.Database) -> None:
    db.table("grades").create(
        {
            "id": int,
            "attempt_id": int,
            "score": float,
            "band": str,
            "comment": str,
            "mentor": str,
            "created_at": str,
        },
        pk="id",
        not_null={"attempt_id", "score", "created_at"},
        foreign_keys=[("attempt_id", "attempts", "id")],
    )
    db.table("grades").create_index(["attempt_id"])
    db.table("report_history").create(
        {
            "id": int,
            "attempt_id": int,
            "score": float,
            "band": str,
            "report_json": str,
            "rubric_hash": str,
            "rubric_source": str,
            "scorer_version": str,
            "replaced_at": str,
        },
        pk="id",
        not_null={"attempt_id", "replaced_at"},
        foreign_keys=[("attempt_id", "attempts", "id")],
    )
    db.table("report_history").create_index(["attempt_id"])
    db.table("attempt_origin").create(
        {
            "attempt_id": int,
            "candidate": str,
            "fingerprint": str,
            "source_file": str,
            "imported_at": str,
        },
        pk="attempt_id",
        foreign_keys=[("attempt_id", "attempts", "id")],
    )
    db.table("attempt_origin").create_index(["fingerprint"], unique=True)
    db.table("attempt_origin").create_index(["candidate"])


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
