"""The home screen: the menu of everything the trainer does, and a one-line summary."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...practice import due_list
from ...store import Store
from ..registry import DESTINATIONS
from ..services import format_total
from .base import TrainerScreen


class HomeScreen(TrainerScreen[None]):
    BINDINGS = [
        *(Binding(d.key, f"open('{d.name}')", d.label, tooltip=d.title) for d in DESTINATIONS if d.key != "?"),
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
            for destination in DESTINATIONS:
                label = Text.assemble(
                    (f" {destination.key} ", "reverse bold"),
                    "  ",
                    (destination.title, "bold"),
                    "  ",
                    (destination.description, "dim"),
                )
                options.append(Option(label, id=destination.name))
            yield OptionList(*options, id="menu")
            bank = self.trainer.bank
            yield Static(
                f"{len(bank.questions)} questions in {len(bank.categories())} categories · loading your history…",
                id="home-stats",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        # also runs when the screen is first shown; read the history once the menu is painted
        self.call_after_refresh(self.refresh_stats)

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
            drafts = totals["drafts"]
            text.append(
                f"\n{drafts} unfinished answer{'s' if drafts != 1 else ''}: press r to resume", style="bold yellow"
            )
        if self.is_mounted:
            self.query_one("#home-stats", Static).update(text)
            self._show_due(totals["due"])

    def _show_due(self, count: int) -> None:
        """The `due` entry of the menu says how many questions are due: `Due today (N)`."""
        due = next(d for d in DESTINATIONS if d.name == "due")
        label = Text.assemble(
            (f" {due.key} ", "reverse bold"),
            "  ",
            (f"{due.title} ({count})", "bold yellow" if count else "bold"),
            "  ",
            (due.description, "dim"),
        )
        self.query_one(OptionList).replace_option_prompt("due", label)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open(event.option.id or "")

    def action_open(self, name: str) -> None:
        self.trainer.open_screen(name)
