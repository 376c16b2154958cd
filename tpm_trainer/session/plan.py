"""Planning a mock interview: the candidate's choices, the question mix, limits and the follow-up."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ..bank import Bank
from ..models import Question, Rubric, ScoreReport

MOCK_SETTING = "app.mock_setup"
"""The settings key under which the last mock set-up is remembered."""
FOLLOW_UP_MAX_SECONDS = 180.0
DIFFICULTIES = ("any", "easy", "medium", "hard")


@dataclass
class MockConfig:
    """What the candidate chose for a mock interview."""

    categories: list[str] = field(default_factory=list)
    """Empty means every category (mixed)."""
    count: int = 3
    """Number of questions."""
    difficulty: str = "any"
    """`any`, `easy`, `medium` or `hard`."""
    minutes: float | None = None
    """Minutes per question; None means each question's own time limit."""
    overtime: bool = False
    """Keep answering after the clock reaches zero (otherwise the answer is submitted)."""
    avoid_recent_days: int = 7
    """Leave out questions answered in this many past days, while enough others remain (0: never)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "categories": list(self.categories),
            "count": self.count,
            "difficulty": self.difficulty,
            "minutes": self.minutes,
            "overtime": self.overtime,
            "avoid_recent_days": self.avoid_recent_days,
        }

    @classmethod
    def from_dict(cls, data: Any) -> MockConfig:
        """A config from stored JSON; anything unreadable falls back to the defaults."""
        if not isinstance(data, dict):
            return cls()
        try:
            return cls(
                categories=[str(c) for c in data.get("categories", [])],
                count=max(1, min(20, int(data.get("count", 3)))),
                difficulty=str(data.get("difficulty", "any")),
                minutes=None if data.get("minutes") in (None, "", 0) else float(data["minutes"]),
                overtime=bool(data.get("overtime", False)),
                avoid_recent_days=max(0, int(data.get("avoid_recent_days", 7))),
            )
        except (TypeError, ValueError):
            return cls()


def plan_mock(bank: Bank, config: MockConfig, rng: random.Random, recent: set[str] | None = None) -> list[Question]:
    """Questions for a mock interview: rubric-backed ones first, spread across the chosen categories,
    and questions in `recent` (answered lately) only when too few others are left."""
    pool = [
        q
        for q in bank.sorted_questions()
        if (not config.categories or q.category in config.categories)
        and (config.difficulty in ("any", "") or q.difficulty == config.difficulty)
    ]
    pool = [q for q in pool if q.id in bank.rubrics] or pool
    fresh = [q for q in pool if q.id not in (recent or set())]
    chosen = _spread(fresh, config.count, rng)
    if len(chosen) < config.count:
        taken = {q.id for q in chosen}
        chosen += _spread([q for q in pool if q.id not in taken], config.count - len(chosen), rng)
    return chosen


def _spread(pool: list[Question], count: int, rng: random.Random) -> list[Question]:
    """Up to `count` questions of `pool`, taking one category after another in a random order."""
    by_category: dict[str, list[Question]] = {}
    for question in pool:
        by_category.setdefault(question.category, []).append(question)
    for questions in by_category.values():
        rng.shuffle(questions)
    categories = sorted(by_category)
    rng.shuffle(categories)
    chosen: list[Question] = []
    while len(chosen) < count and any(by_category.values()):
        for category in categories:
            if by_category[category] and len(chosen) < count:
                chosen.append(by_category[category].pop())
    return chosen


def time_limit_seconds(question: Question, minutes: float | None) -> float:
    """The limit of one question: the chosen minutes, else the question's own."""
    return float((minutes if minutes else question.time_limit_minutes) * 60)


def follow_up_seconds(main_limit: float) -> float:
    """A follow-up gets the main limit, at most three minutes."""
    return min(main_limit, FOLLOW_UP_MAX_SECONDS)


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
