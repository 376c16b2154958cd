"""Who answered an attempt, and a fingerprint that recognises the same attempt in any database.

The fingerprint hashes the candidate, the question, when the answer started and ended, and the answer
itself: importing the same export twice (or two exports that overlap) finds every attempt already there.
The candidate of attempts typed in this database is the `candidate` setting (empty until set).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from ..models import Band
from ..store import Store
from .schema import has_mentor_tables

CANDIDATE_SETTING = "candidate"


def fingerprint(candidate: str, question_id: str, started_at: str, ended_at: str, answer: str) -> str:
    """A stable 32-hex-digit identity of one attempt."""
    answer_digest = hashlib.sha256(answer.encode("utf-8")).hexdigest()
    material = "\x1f".join((candidate, question_id, started_at, ended_at, answer_digest))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def local_candidate(db: sqlite_utils.Database) -> str:
    """This database's own candidate name (the `candidate` setting), or empty."""
    row = db.execute("select value_json from settings where key = ?", [CANDIDATE_SETTING]).fetchone()
    value = json.loads(row[0]) if row else ""
    return value if isinstance(value, str) else ""


def set_local_candidate(store: Store, name: str) -> None:
    """Name this database's candidate (written into every export)."""
    store.set_setting(CANDIDATE_SETTING, name.strip())


def origins(db: sqlite_utils.Database) -> dict[int, dict[str, Any]]:
    """Recorded origins (candidate, fingerprint, source file) by attempt id."""
    if not has_mentor_tables(db):
        return {}
    return {int(row["attempt_id"]): row for row in db.table("attempt_origin").rows}


def candidate_of(db: sqlite_utils.Database, attempt_id: int) -> str:
    """The candidate who gave an attempt: the imported name, or this database's own candidate."""
    if not has_mentor_tables(db):
        return local_candidate(db)
    row = db.execute("select candidate from attempt_origin where attempt_id = ?", [attempt_id]).fetchone()
    if row is not None and row[0]:
        return str(row[0])
    return local_candidate(db)


def record_origin(
    db: sqlite_utils.Database, attempt_id: int, candidate: str, attempt_fingerprint: str, source_file: str
) -> None:
    """Remember where an imported attempt came from (call inside the import's transaction)."""
    db.table("attempt_origin").insert(
        {
            "attempt_id": attempt_id,
            "candidate": candidate,
            "fingerprint": attempt_fingerprint,
            "source_file": source_file,
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )


def band_for_score(bands: list[Band], score: float) -> str | None:
    """The highest band whose `min_score` the score reaches (bands as a Rubric keeps them: highest first)."""
    for band in sorted(bands, key=lambda item: item.min_score, reverse=True):
        if score >= band.min_score:
            return band.label
    return None
