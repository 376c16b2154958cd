"""Plain formatting helpers shared by the screens (nothing here touches widgets or the database)."""

from __future__ import annotations

from datetime import UTC, datetime

from ..models import ScoreReport
from ..scoring.text import word_count

__all__ = ["concept_changes", "format_duration", "format_score", "format_total", "short_date", "utc_now", "word_count"]


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
