"""What the practice features read from (and the one thing they write to) the trainer's database.

The hints a candidate opened while answering are kept in a table of this module's own, created by a
migration set of its own (`tpm_trainer.practice`), so the store's schema is not touched: an older
trainer opening the file just ignores the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .schedule import Review, parse_time

if TYPE_CHECKING:
    from ..store import Store

PRACTICE_MIGRATIONS = Migrations("tpm_trainer.practice")
HINTS_TABLE = "practice_hints"


@PRACTICE_MIGRATIONS()
def p001_hints_used(db: sqlite_utils.Database) -> None:
    """How many hints the candidate opened before submitting a main answer (rows only when > 0)."""
    db.table(HINTS_TABLE).create({"attempt_id": int, "hints_used": int}, pk="attempt_id", if_not_exists=True)


def ensure_schema(store: Store) -> None:
    """Create this module's table if the database does not have it yet (cheap when it has)."""
    if PRACTICE_MIGRATIONS.pending(store.db):
        PRACTICE_MIGRATIONS.apply(store.db)


def record_hints(store: Store, attempt_id: int, hints_used: int) -> None:
    """Remember that `hints_used` hints were opened for this main answer (0 records nothing)."""
    if hints_used <= 0:
        return
    ensure_schema(store)
    with store.db.atomic():
        store.db.table(HINTS_TABLE).upsert({"attempt_id": attempt_id, "hints_used": hints_used}, pk="attempt_id")


def _has_hints_table(store: Store) -> bool:
    """Reads never create the table (a write there could wait on another connection's write)."""
    row = store.db.execute("select 1 from sqlite_master where type = 'table' and name = ?", [HINTS_TABLE]).fetchone()
    return row is not None


def hints_used(store: Store, attempt_id: int) -> int:
    if not _has_hints_table(store):
        return 0
    row = store.db.execute(f"select hints_used from {HINTS_TABLE} where attempt_id = ?", [attempt_id]).fetchone()
    return int(row[0]) if row else 0


def reviews(store: Store) -> list[Review]:
    """Every scored main answer as an FSRS review (follow-ups and unscored answers are left out)."""
    hints = f"(select hints_used from {HINTS_TABLE} h where h.attempt_id = a.id)" if _has_hints_table(store) else "0"
    cursor = store.db.execute(
        f"select a.question_id, a.id, a.ended_at, a.score, a.band, coalesce({hints}, 0) "
        "from attempts a where a.parent_attempt_id is null and a.score is not null"
    )
    return [
        Review(
            question_id=row[0],
            attempt_id=int(row[1]),
            reviewed_at=parse_time(row[2]),
            score=float(row[3]),
            band=row[4],
            hints_used=int(row[5]),
        )
        for row in cursor.fetchall()
    ]


@dataclass(frozen=True)
class ConceptMisses:
    """How often one concept of one question's rubric was missed in main answers."""

    question_id: str
    concept_id: str
    label: str
    misses: int
    checked: int


def concept_misses(store: Store) -> list[ConceptMisses]:
    """Per question and rubric concept: misses and answers that checked it (structure checks excluded)."""
    cursor = store.db.execute(
        "select c.question_id, c.concept_id, max(c.label), sum(c.hit = 0), count(*) "
        "from attempt_concepts c join attempts a on a.id = c.attempt_id "
        "where a.parent_attempt_id is null and c.kind = 'concept' "
        "group by c.question_id, c.concept_id"
    )
    return [
        ConceptMisses(question_id=r[0], concept_id=r[1], label=r[2] or r[1], misses=int(r[3]), checked=int(r[4]))
        for r in cursor.fetchall()
    ]


@dataclass(frozen=True)
class QuestionRecord:
    """Best, latest and trend of one question's scored main answers."""

    question_id: str
    attempts: int
    best: float
    latest: float
    first: float
    latest_at: str

    @property
    def trend(self) -> float:
        """Latest minus first score (0 with one answer)."""
        return self.latest - self.first

    def trend_arrow(self) -> str:
        if self.attempts < 2:
            return "·"
        return "↑" if self.trend > 2 else "↓" if self.trend < -2 else "→"

    def summary(self) -> str:
        """e.g. `best 82 · latest 75 ↑ (3 answers)`."""
        plural = "s" if self.attempts != 1 else ""
        return f"best {self.best:.0f} · latest {self.latest:.0f} {self.trend_arrow()} ({self.attempts} answer{plural})"


def question_records(store: Store, question_ids: list[str] | None = None) -> dict[str, QuestionRecord]:
    """Per question (all, or those given): scored main answers, best, first and latest score."""
    where = "parent_attempt_id is null and score is not null"
    params: list[object] = []
    if question_ids is not None:
        if not question_ids:
            return {}
        where += f" and question_id in ({', '.join('?' for _ in question_ids)})"
        params.extend(question_ids)
    cursor = store.db.execute(
        f"select question_id, score, ended_at from attempts where {where} order by question_id, ended_at, id", params
    )
    records: dict[str, QuestionRecord] = {}
    for question_id, score, ended_at in cursor.fetchall():
        old = records.get(question_id)
        records[question_id] = QuestionRecord(
            question_id=question_id,
            attempts=(old.attempts if old else 0) + 1,
            best=max(old.best, score) if old else score,
            latest=score,
            first=old.first if old else score,
            latest_at=ended_at,
        )
    return records


@dataclass(frozen=True)
class ScorePoint:
    """One scored main answer, for the progress charts."""

    ended_at: str
    category: str
    score: float
    time_used_seconds: float | None
    time_limit_seconds: float | None


def score_points(store: Store) -> list[ScorePoint]:
    """Every scored main answer, oldest first."""
    cursor = store.db.execute(
        "select ended_at, category, score, time_used_seconds, time_limit_seconds from attempts "
        "where parent_attempt_id is null and score is not null order by ended_at, id"
    )
    return [ScorePoint(r[0], r[1] or "", float(r[2]), r[3], r[4]) for r in cursor.fetchall()]


def answered_question_ids(store: Store) -> set[str]:
    """Questions with at least one main answer (scored or not): their model answers may be shown."""
    cursor = store.db.execute("select distinct question_id from attempts where parent_attempt_id is null")
    return {row[0] for row in cursor.fetchall()}
