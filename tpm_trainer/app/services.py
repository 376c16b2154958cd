"""Plain helpers shared by the screens: serialized store access, interview plans, follow-up choice.

Nothing here touches widgets; the functions are safe to call from worker threads.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from ..bank import Bank
from ..models import Question, Rubric, ScoreReport
from ..store import Store

T = TypeVar("T")

MOCK_SETTING = "app.mock_setup"
FOLLOW_UP_MAX_SECONDS = 180.0


class Database:
    """The store behind one lock: every worker and the UI thread go through `run`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.RLock()

    def run(self, call: Callable[[Store], T]) -> T:
        with self.lock:
            return call(self.store)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(round(max(seconds, 0))), 60)
    return f"{minutes}:{secs:02d}"


def format_total(seconds: float | None) -> str:
    """A longer duration: `7m 31s`, `2h 05m`."""
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


def format_score(score: float | None) -> str:
    return "-" if score is None else f"{score:.0f}"


def short_date(iso: str | None) -> str:
    return (iso or "").replace("T", " ")[:16]


def word_count(text: str) -> int:
    return len(text.split())


@dataclass
class MockConfig:
    """What the candidate chose on the mock interview set-up screen."""

    categories: list[str] = field(default_factory=list)
    """Empty means every category (mixed)."""
    count: int = 3
    difficulty: str = "any"
    minutes: float | None = None
    """None: each question's own time limit."""
    overtime: bool = False

    def to_dict(self) -> dict:
        return {
            "categories": list(self.categories),
            "count": self.count,
            "difficulty": self.difficulty,
            "minutes": self.minutes,
            "overtime": self.overtime,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> MockConfig:
        data = data or {}
        try:
            return cls(
                categories=[str(c) for c in data.get("categories", [])],
                count=max(1, min(20, int(data.get("count", 3)))),
                difficulty=str(data.get("difficulty", "any")),
                minutes=None if data.get("minutes") in (None, "") else float(data["minutes"]),
                overtime=bool(data.get("overtime", False)),
            )
        except (TypeError, ValueError):
            return cls()


def pick_questions(bank: Bank, config: MockConfig, rng: random.Random) -> list[Question]:
    """Questions for a mock interview: rubric-backed ones first, spread across the chosen categories."""
    pool = [
        q
        for q in bank.sorted_questions()
        if (not config.categories or q.category in config.categories)
        and (config.difficulty in ("any", "") or q.difficulty == config.difficulty)
    ]
    scored = [q for q in pool if q.id in bank.rubrics]
    pool = scored or pool
    by_category: dict[str, list[Question]] = {}
    for question in pool:
        by_category.setdefault(question.category, []).append(question)
    for questions in by_category.values():
        rng.shuffle(questions)
    categories = sorted(by_category)
    rng.shuffle(categories)
    chosen: list[Question] = []
    while len(chosen) < config.count and any(by_category.values()):
        for category in categories:
            if by_category[category] and len(chosen) < config.count:
                chosen.append(by_category[category].pop())
    return chosen


def time_limit_seconds(question: Question, minutes: float | None) -> float:
    return float((minutes if minutes else question.time_limit_minutes) * 60)


def choose_follow_up(question: Question, rubric: Rubric | None, report: ScoreReport | None) -> str | None:
    """The interviewer's follow-up: the probe of the most important missed concept, else the
    question's own first follow-up."""
    if report is not None:
        misses = [c for c in report.misses if c.probe]
        misses.sort(key=lambda c: (not c.required, -c.weight))
        if misses:
            return misses[0].probe
    if question.follow_ups:
        return question.follow_ups[0]
    return None


def follow_up_seconds(main_limit: float) -> float:
    return min(main_limit, FOLLOW_UP_MAX_SECONDS)


def concept_changes(old: ScoreReport | None, new: ScoreReport | None) -> tuple[list[str], list[str]]:
    """Labels of concepts gained and lost from `old` to `new`."""
    if old is None or new is None:
        return [], []
    old_hits = {c.id: c.label for c in old.hits}
    new_hits = {c.id: c.label for c in new.hits}
    gained = [label for cid, label in new_hits.items() if cid not in old_hits]
    lost = [label for cid, label in old_hits.items() if cid not in new_hits]
    return gained, lost


def utc_now() -> datetime:
    return datetime.now(UTC)
