"""Every screen of the trainer, registered once. The home menu, its keys, the command palette,
`TrainerApp.SCREENS` and the help screen are all built from the two lists below; help lists each
screen's own `BINDINGS`, so it cannot name a key that does nothing (tests/app/test_registry_help.py).

How screens are kept
- Menu destinations that take no arguments (history, progress, browse, the practice picker) and the
  help screen are named screens: `named_screens()` is `TrainerApp.SCREENS`, so Textual builds each
  one the first time it is shown and then reuses it (its filters, sort and cursor are kept). A reused
  screen must show fresh data: it reads the database again in `on_screen_resume` (see
  `HistoryScreen` and `ProgressScreen`). Being few and fixed, they keep memory flat.
- Flows that take arguments (mock set-up, interview, results, summary, compare, dialogs) are pushed
  as new instances by the app (`TrainerApp.start_*`, `_after_question`) and removed when closed.
- Not `App.MODES`: every mode has its own screen stack, so an interview left running in one mode
  would stay alive (and its clock running) while the user read history in another, and quitting
  saves only the drafts of the current stack. One stack keeps "leave the interview first" true.

How to add a screen (one place: this module)
1. A menu destination: add a `Destination` to `DESTINATIONS` with `screen=ScreenRef(module, class, title)`
   (and `options` for keyword arguments). Its key, menu line, palette command, named screen and
   help section follow. A destination the app runs itself (a flow) leaves `screen=None` and is
   handled in `TrainerApp.open_screen`.
2. A screen pushed with arguments: add its `ScreenRef` to `FLOW_SCREENS` so help lists its keys;
   push it from the app or the screen that opens it (a dialog with its keys written on it needs
   neither).
3. A key on an existing screen: add a `Binding` to that screen's `BINDINGS` (with an `action_…`
   method). Help and the footer pick it up; the test fails if the action does not exist.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.screen import Screen


@dataclass(frozen=True)
class ScreenRef:
    """A screen class named by its module (under `tpm_trainer.app.screens`) and class name: imported
    only when first needed, so start-up does not load every screen."""

    module: str
    name: str
    title: str
    """Its heading in help."""

    def load(self) -> type[Screen[Any]]:
        module = importlib.import_module(f"{__package__}.screens.{self.module}")
        screen_class: type[Screen[Any]] = getattr(module, self.name)
        return screen_class


@dataclass(frozen=True)
class Destination:
    """One entry of the home menu (and of the command palette)."""

    name: str
    """Its name: the named screen's name in `TrainerApp.SCREENS`, and the menu option's id."""
    key: str
    """Its key on the home screen."""
    label: str
    """A word for the footer."""
    title: str
    description: str
    screen: ScreenRef | None = None
    """The screen it shows (built once, then reused); None for flows the app runs itself."""
    options: tuple[tuple[str, Any], ...] = ()
    """Keyword arguments the screen is built with."""

    def build(self) -> Screen[Any]:
        assert self.screen is not None, f"{self.name} is a flow, not a screen"
        return self.screen.load()(**dict(self.options))


BROWSE = ScreenRef("browse", "BrowseScreen", "Browse and practise")


DESTINATIONS = [
    Destination(
        "due",
        "d",
        "Due",
        "Due today",
        "answers scheduled for another try",
        ScreenRef("due", "DueScreen", "Due today"),
    ),
    Destination("mock", "m", "Mock", "Mock interview", "timed questions and follow-ups"),
    Destination(
        "practice",
        "p",
        "Practise",
        "Practise one question",
        "pick a question; hints available",
        BROWSE,
        (("pick", True),),
    ),
    Destination("resume", "r", "Resume", "Resume an unfinished answer", "continue a saved draft"),
    Destination(
        "history",
        "h",
        "History",
        "History",
        "past attempts: filter, open, compare, delete",
        ScreenRef("history", "HistoryScreen", "History"),
    ),
    Destination(
        "progress",
        "g",
        "Progress",
        "Progress",
        "averages, trends, most missed concepts",
        ScreenRef("progress", "ProgressScreen", "Progress"),
    ),
    Destination("browse", "b", "Browse", "Browse questions and rubrics", "read concepts and model answers", BROWSE),
    Destination("help", "?", "Help", "Help", "every key", ScreenRef("help", "HelpScreen", "Help")),
]

HOME = ScreenRef("home", "HomeScreen", "Home")

FLOW_SCREENS = [
    ScreenRef("setup", "MockSetupScreen", "Mock interview set-up"),
    ScreenRef("interview", "InterviewScreen", "Interview"),
    ScreenRef("results", "ResultsScreen", "Results"),
    ScreenRef("summary", "SummaryScreen", "Mock interview summary"),
    ScreenRef("compare", "CompareScreen", "Compare two attempts"),
    ScreenRef("drill", "DrillScreen", "Drill a weak concept"),
    ScreenRef("charts", "ChartsScreen", "Charts"),
]
"""Screens pushed as new instances because they take arguments, in the order help lists them."""


def named_screens() -> dict[str, Callable[[], Screen[Any]]]:
    """`TrainerApp.SCREENS`: each destination's screen, built by Textual when first shown."""
    return {d.name: d.build for d in DESTINATIONS if d.screen is not None}


def help_sections() -> list[ScreenRef]:
    """The screens whose keys help lists, in order: home, the flows, then the destinations' screens
    (each once; the help screen's own keys are written on it)."""
    sections = [HOME, *FLOW_SCREENS]
    for destination in DESTINATIONS:
        ref = destination.screen
        if ref is not None and ref.module != "help" and ref not in sections:
            sections.append(ref)
    return sections
