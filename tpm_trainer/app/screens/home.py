"""The home screen: the menu of everything the trainer does, and a one-line summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...practice import due_list
from ..practice_flows import start_due_session
from ..services import format_total
from .base import TrainerScreen

if TYPE_CHECKING:
    from ...store import Store

MENU = [
    ("due", "d", "Due today", "answers scheduled for another try"),
    ("mock", "m", "Mock interview", "timed questions and follow-ups"),
    ("practice", "p", "Practise one question", "pick a question; hints available"),
    ("resume", "r", "Resume an unfinished answer", "continue a saved draft"),
    ("history", "h", "History", "past attempts: filter, open, compare, delete"),
    ("progress", "g", "Progress", "averages, trends, most missed concepts"),
    ("browse", "b", "Browse questions and rubrics", "read concepts and model answers"),
    ("help", "?", "Help", "every key"),
]


class HomeScreen(TrainerScreen[None]):
    BINDINGS = [
        Binding("d", "open('due')", "Due"),
        Binding("m", "open('mock')", "Mock"),
        Binding("p", "open('practice')", "Practise"),
        Binding("r", "open('resume')", "Resume"),
        Binding("h", "open('history')", "History"),
        Binding("g", "open('progress')", "Progress"),
        Binding("b", "open('browse')", "Browse"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                Text.assemble(("tpm-trainer", "bold"), "  practise Technical Program Manager interviews"),
                id="home-title",
            )
            options = []
            for key, shortcut, title, description in MENU:
                label = Text.assemble(
                    (f" {shortcut} ", "reverse bold"), "  ", (title, "bold"), "  ", (description, "dim")
                )
                options.append(Option(label, id=key))
            yield OptionList(*options, id="menu")
            yield Static("", id="home-stats")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        bank = self.trainer.bank
        self.query_one("#home-stats", Static).update(
            f"{len(bank.questions)} questions in {len(bank.categories())} categories · loading your history…"
        )
        self.query_one(OptionList).focus()
        self.refresh_stats()

    def on_screen_resume(self) -> None:
        self.refresh_stats()

    def refresh_stats(self) -> None:
        today = self.trainer.today()
        now = self.trainer.now()
        bank = self.trainer.bank

        def read(store: Store) -> dict[str, Any]:
            totals: dict[str, Any] = store.totals()
            totals["streak"] = store.streak(today)
            totals["drafts"] = len(store.drafts())
            totals["due"] = len(due_list(store, bank, now).due)
            return totals

        self.trainer.db_call(read, self._show_stats, what="read your history")

    def _show_stats(self, totals: dict[str, Any]) -> None:
        bank = self.trainer.bank
        text = Text()
        text.append(f"{len(bank.questions)} questions in {len(bank.categories())} categories · ")
        text.append(f"{totals['main_attempts']} answers", style="bold")
        if totals["average"] is not None:
            text.append(f" · average {totals['average']:.0f}")
        text.append(f" · {format_total(totals['time_used_seconds'])} practised")
        text.append(f" · streak {totals['streak']} day{'s' if totals['streak'] != 1 else ''}")
        if totals["drafts"]:
            text.append(f"\n{totals['drafts']} unfinished answer(s): press r to resume", style="bold yellow")
        if self.is_mounted:
            self.query_one("#home-stats", Static).update(text)
            self._show_due(totals["due"])

    def _show_due(self, count: int) -> None:
        """The menu's first entry says how many questions are due: `Due today (N)`."""
        _, shortcut, title, description = MENU[0]
        label = Text.assemble(
            (f" {shortcut} ", "reverse bold"),
            "  ",
            (f"{title} ({count})", "bold yellow" if count else "bold"),
            "  ",
            (description, "dim"),
        )
        self.query_one(OptionList).replace_option_prompt("due", label)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open(event.option.id or "")

    def action_open(self, name: str) -> None:
        if name == "help":
            self.trainer.action_help()
        elif name == "due":
            start_due_session(self.trainer)
        else:
            self.trainer.open_screen(name)
