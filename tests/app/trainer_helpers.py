"""Shared helpers of the app tests (imported by conftest and the test modules)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tpm_trainer.scoring import score_answer
from tpm_trainer.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FIXED_NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

GOOD_ROLLOUT = (
    "I would start with a canary on a few servers, then roll out in waves. Between waves we check "
    "health checks and monitor errors and latency. If anything breaks we roll back automatically."
)
WEAK_ROLLOUT = "I would update all servers at once over the weekend."


class FakeClock:
    """A monotonic clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def add_attempt(store: Store, bank, question_id: str, answer: str, ended_at: str, **extra) -> int:
    """Store a scored attempt with fixed dates (as the app would)."""
    question = bank.questions[question_id]
    rubric = bank.rubric_for(question_id)
    report = score_answer(answer, rubric) if rubric else None
    return store.save_attempt(
        question_id=question_id,
        category=question.category,
        answer=answer,
        started_at=ended_at,
        ended_at=ended_at,
        mode=extra.pop("mode", "practice"),
        report=report,
        time_limit_seconds=question.time_limit_minutes * 60,
        time_used_seconds=extra.pop("time_used_seconds", 95.0),
        prompt=question.prompt,
        **extra,
    )


async def wait_until(pilot, condition, what: str, rounds: int = 2000) -> None:
    """Let workers, messages and timers run until `condition()` holds; fail with `what` if it never does.

    Bounded in rounds of the event loop, not in seconds, so a busy machine only makes it slower.
    """
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def settle(pilot) -> None:
    """Let workers finish and messages land."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


@contextmanager
def database_locked(db_path: Path) -> Iterator[None]:
    """Another connection holds an exclusive lock on the database, and every connection opened meanwhile
    gives up at once instead of waiting (the app's workers would otherwise wait out their busy timeout)."""
    blocker = sqlite3.connect(db_path)
    original_connect = sqlite3.connect

    def impatient(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["timeout"] = 0
        return original_connect(*args, **kwargs)

    blocker.execute("BEGIN EXCLUSIVE")
    try:
        sqlite3.connect = impatient
        yield
    finally:
        sqlite3.connect = original_connect
        blocker.rollback()
        blocker.close()
