"""Due today: the questions FSRS scheduled for another try, each with why (last score and band, due
date, days overdue). Enter answers them all, one after another, like a mock interview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...practice import DueList, due_list
from ...textsafe import for_terminal
from ..practice_flows import start_question_set
from .base import TrainerScreen

if TYPE_CHECKING:
    from ...store import Store


class DueScreen(TrainerScreen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("s", "start", "Start session"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.due: DueList | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="due"):
            yield Static("Reading your schedule…", id="due-summary")
            yield OptionList(id="due-list")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Due today"
        self.load()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        # a named screen is reused (registry.py): read the schedule again when shown again
        if self.due is not None:
            self.load()

    def load(self) -> None:
        bank, now = self.trainer.bank, self.trainer.now()

        def read(store: Store) -> DueList:
            return due_list(store, bank, now)

        self.trainer.db_call(read, self._show, what="read what is due")

    def _show(self, due: DueList) -> None:
        self.due = due
        if not self.is_mounted:
            return
        summary = Text()
        if due.due:
            summary.append(f"{len(due.due)} question{'s' if len(due.due) != 1 else ''} due", style="bold")
            summary.append(" · scheduled from your scores (FSRS) · enter or s answers them all", style="dim")
        else:
            summary.append("Nothing is due today.", style="bold")
            if due.upcoming:
                soon = due.upcoming[0]
                summary.append(f" The next one is due on {soon.due.date().isoformat()}.")
        self.query_one("#due-summary", Static).update(summary)
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        questions = self.trainer.bank.questions
        for item in due.due:
            title = for_terminal(questions[item.question_id].title)
            option_list.add_option(
                Option(Text.assemble((title, "bold"), "\n", (item.why(due.now), "dim")), id=item.question_id)
            )
        if due.due:
            option_list.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.due is None or not self.due.due:
            self.notify("Nothing is due today.")
            return
        question_ids = [item.question_id for item in self.due.due]
        self.dismiss(None)
        start_question_set(self.trainer, question_ids, kind="due")

    def action_back(self) -> None:
        self.dismiss(None)
