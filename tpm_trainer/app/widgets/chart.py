"""Terminal charts drawn with block characters: score bars and per-category trends."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], low: float = 0.0, high: float = 100.0) -> str:
    """One block character per value, scaled between `low` and `high` (None draws a gap)."""
    out = []
    span = (high - low) or 1.0
    for value in values:
        if value is None:
            out.append(" ")
            continue
        level = int(round((min(max(value, low), high) - low) / span * (len(BLOCKS) - 1)))
        out.append(BLOCKS[level])
    return "".join(out)


def bar(value: float, width: int, high: float = 100.0) -> str:
    filled = value / high * width if high else 0
    full = int(filled)
    rest = filled - full
    partial = " ▏▎▍▌▋▊▉"[int(rest * 8)] if full < width else ""
    return ("█" * full + partial.strip()).ljust(width)


def score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    if score >= 80:
        return "bold green"
    if score >= 60:
        return "green"
    if score >= 40:
        return "yellow"
    return "red"


class ScoreBars(Static):
    """Horizontal bars, one per (label, score, note) row."""

    DEFAULT_CSS = "ScoreBars { height: auto; }"

    def __init__(
        self, rows: Sequence[tuple[str, float | None, str]] = (), *, bar_width: int = 24, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.bar_width = bar_width
        self.set_rows(rows)

    def set_rows(self, rows: Sequence[tuple[str, float | None, str]]) -> None:
        text = Text()
        label_width = max((len(label) for label, _, _ in rows), default=0)
        label_width = min(label_width, 26)
        for index, (label, score, note) in enumerate(rows):
            if index:
                text.append("\n")
            text.append(label[:label_width].ljust(label_width) + " ")
            value = score or 0.0
            text.append(bar(value, self.bar_width), style=score_style(score))
            text.append(f" {value:5.1f} " if score is not None else "     - ")
            text.append(note, style="dim")
        self.update(text if rows else Text("No scored answers yet.", style="dim"))


class TrendChart(Static):
    """Per category, a sparkline of average score per period (oldest left)."""

    DEFAULT_CSS = "TrendChart { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def set_trend(self, trend: dict[str, list[tuple[str, float]]], width: int = 24) -> None:
        text = Text()
        if not trend:
            self.update(Text("No trend yet: answer a few questions on different days.", style="dim"))
            return
        label_width = min(max(len(c) for c in trend), 26)
        for index, (category, points) in enumerate(sorted(trend.items())):
            if index:
                text.append("\n")
            recent = points[-width:]
            values = [value for _, value in recent]
            text.append(category[:label_width].ljust(label_width) + " ")
            text.append(sparkline(values).ljust(width), style=score_style(values[-1] if values else None))
            first, last = values[0], values[-1]
            change = last - first
            arrow = "↑" if change > 2 else "↓" if change < -2 else "→"
            text.append(f" {first:3.0f} {arrow} {last:3.0f}", style="bold")
            text.append(f"  ({len(points)} period{'s' if len(points) != 1 else ''})", style="dim")
        self.update(text)
