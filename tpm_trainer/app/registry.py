"""Every place the trainer can go, registered once: the home menu, its keys, the command palette and
the help screen are all built from this list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.screen import Screen


@dataclass(frozen=True)
class Destination:
    """One entry of the home menu."""

    name: str
    key: str
    label: str
    """A word for the footer."""
    title: str
    description: str
    factory: Callable[[], Screen[Any]] | None = None
    """Builds the screen; None for flows the app runs itself (mock set-up, resume, help)."""


def _history() -> Screen[Any]:
    from .screens.history import HistoryScreen

    return HistoryScreen()


def _progress() -> Screen[Any]:
    from .screens.progress import ProgressScreen

    return ProgressScreen()


def _browse() -> Screen[Any]:
    from .screens.browse import BrowseScreen

    return BrowseScreen()


def _practice() -> Screen[Any]:
    from .screens.browse import BrowseScreen

    return BrowseScreen(pick=True)


def _due() -> Screen[Any]:
    from .screens.due import DueScreen

    return DueScreen()


DESTINATIONS = [
    Destination("due", "d", "Due", "Due today", "answers scheduled for another try", _due),
    Destination("mock", "m", "Mock", "Mock interview", "timed questions and follow-ups"),
    Destination("practice", "p", "Practise", "Practise one question", "pick a question; hints available", _practice),
    Destination("resume", "r", "Resume", "Resume an unfinished answer", "continue a saved draft"),
    Destination("history", "h", "History", "History", "past attempts: filter, open, compare, delete", _history),
    Destination("progress", "g", "Progress", "Progress", "averages, trends, most missed concepts", _progress),
    Destination("browse", "b", "Browse", "Browse questions and rubrics", "read concepts and model answers", _browse),
    Destination("help", "?", "Help", "Help", "every key"),
]
