"""Mentor grades: a score (0-100), an optional comment and the mentor's name on one attempt.

An attempt may be graded several times (by several mentors, or again after a second look); the newest
grade is the one shown and used for agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from ..store import Store
from ..textsafe import for_terminal
from .schema import ensure_mentor_schema, has_mentor_tables

MAX_COMMENT_CHARS = 5_000


class GradeError(ValueError):
    """A grade that cannot be stored (unknown attempt, score out of range, comment too long)."""


@dataclass(frozen=True)
class Grade:
    """One mentor grade of one attempt."""

    id: int
    attempt_id: int
    score: float
    band: str | None
    comment: str
    mentor: str
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Grade:
        return cls(
            id=int(row["id"]),
            attempt_id=int(row["attempt_id"]),
            score=float(row["score"]),
            band=row.get("band"),
            comment=row.get("comment") or "",
            mentor=row.get("mentor") or "",
            created_at=str(row["created_at"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "band": self.band,
            "comment": self.comment,
            "mentor": self.mentor,
            "created_at": self.created_at,
        }

    def describe(self) -> str:
        """One line: `72 (Hire) by Ana on 2026-12-02: comment`."""
        band = f" ({self.band})" if self.band else ""
        mentor = f" by {self.mentor}" if self.mentor else ""
        comment = f": {self.comment}" if self.comment else ""
        return f"{self.score:g}{band}{mentor} on {self.created_at[:10]}{comment}"


def add_grade(
    store: Store,
    attempt_id: int,
    score: float,
    *,
    comment: str = "",
    mentor: str = "",
    band: str | None = None,
    created_at: str | None = None,
) -> Grade:
    """Store a grade for `attempt_id`; raises GradeError with a plain message for a bad request."""
    db = store.db
    ensure_mentor_schema(db)
    if not 0 <= score <= 100:
        raise GradeError(f"a grade is a score from 0 to 100, not {score:g}")
    if len(comment) > MAX_COMMENT_CHARS:
        raise GradeError(f"the comment is {len(comment):,} characters; the limit is {MAX_COMMENT_CHARS:,}")
    if db.execute("select 1 from attempts where id = ?", [attempt_id]).fetchone() is None:
        raise GradeError(f"no attempt with id {attempt_id} (see `tpm-trainer history`)")
    row = {
        "attempt_id": attempt_id,
        "score": float(score),
        "band": band,
        "comment": comment.strip(),
        "mentor": mentor.strip(),
        "created_at": created_at or datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with store.write():
        grade_id = db.table("grades").insert(row).last_pk
    return Grade.from_row({**row, "id": grade_id})


def grades_for(db: sqlite_utils.Database, attempt_id: int) -> list[Grade]:
    """Every grade of one attempt, oldest first."""
    if not has_mentor_tables(db):
        return []
    rows = db.table("grades").rows_where("attempt_id = ?", [attempt_id], order_by="created_at, id")
    return [Grade.from_row(row) for row in rows]


def latest_grades(db: sqlite_utils.Database) -> dict[int, Grade]:
    """The newest grade of every graded attempt, by attempt id."""
    if not has_mentor_tables(db):
        return {}
    latest: dict[int, Grade] = {}
    for row in db.table("grades").rows_where(order_by="created_at, id"):
        grade = Grade.from_row(row)
        latest[grade.attempt_id] = grade
    return latest


def grades_text(grades: list[Grade]) -> str:
    """The grades of one attempt as short lines for a front end ("no mentor grade yet" when none)."""
    if not grades:
        return "Mentor grade: none yet (press g to grade)"
    return for_terminal("\n".join(f"Mentor grade: {grade.describe()}" for grade in grades))


def describe_grade(grade: dict[str, Any]) -> str:
    """One exported grade (a dictionary, as in an export) as the line `Grade.describe` would give."""
    return Grade.from_row({"id": 0, "attempt_id": 0, **grade}).describe()
