"""Series for the progress charts: average score per day (overall or per category) and the time used
against the time limit per day. Pure functions over `ScorePoint`s (see queries.score_points)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .queries import ScorePoint


@dataclass(frozen=True)
class DayValue:
    """One day's average of a measure, and how many answers it averages."""

    day: str
    """YYYY-MM-DD."""
    value: float
    answers: int


def _by_day(pairs: Iterable[tuple[str, float]]) -> list[DayValue]:
    totals: dict[str, tuple[float, int]] = {}
    for day, value in pairs:
        total, count = totals.get(day, (0.0, 0))
        totals[day] = (total + value, count + 1)
    return [DayValue(day, total / count, count) for day, (total, count) in sorted(totals.items())]


def score_by_day(points: Iterable[ScorePoint], category: str | None = None) -> list[DayValue]:
    """Average score per day, over every answer or one category's."""
    return _by_day((p.ended_at[:10], p.score) for p in points if category is None or p.category == category)


def time_share_by_day(points: Iterable[ScorePoint]) -> list[DayValue]:
    """Average share of the time limit used per day, in percent (100 = the whole limit)."""
    return _by_day(
        (p.ended_at[:10], 100.0 * p.time_used_seconds / p.time_limit_seconds)
        for p in points
        if p.time_used_seconds is not None and p.time_limit_seconds
    )


def categories(points: Iterable[ScorePoint]) -> list[str]:
    return sorted({p.category for p in points if p.category})
