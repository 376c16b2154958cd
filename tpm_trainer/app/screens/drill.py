"""A weak-concept drill: the concept, how often it was missed, its hint, and the questions that
exercise it. Enter answers one in practice mode; the results show the model answer afterwards."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...practice import DrillItem, WeakConcept, drill_items
from .base import TrainerScreen


class DrillScreen(TrainerScreen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "answer", "Answer", show=True),
    ]

    def __init__(self, weak: WeakConcept) -> None:
        super().__init__()
        self.weak = weak
        self.items: list[DrillItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="drill"):
            yield Static("", id="drill-concept")
            yield OptionList(id="drill-questions")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Drill"
        self.sub_title = self.weak.label
        bank = self.trainer.bank
        self.items = drill_items(bank, self.weak.key, self.weak.question_ids)
        hints = sorted({item.hint for item in self.items if item.hint})
        text = Text()
        text.append("Drill: ", style="bold")
        text.append(self.weak.label, style="bold yellow")
        text.append(f"\n{self.weak.describe()}.")
        for hint in hints[:3]:
            text.append("\nhint: ", style="bold cyan")
            text.append(hint)
        text.append("\nPick a question (enter). The model answer is shown after you answer.", style="dim")
        self.query_one("#drill-concept", Static).update(text)
        option_list = self.query_one(OptionList)
        missed = set(self.weak.question_ids)
        for item in self.items:
            note = "missed here before" if item.question.id in missed else "also exercises it"
            option_list.add_option(
                Option(
                    Text.assemble((item.question.title, "bold"), "\n", (f"{item.question.category} · {note}", "dim")),
                    id=item.question.id,
                )
            )
        if not self.items:
            self.query_one("#drill-concept", Static).update(f"No question in the bank exercises {self.weak.label}.")
        else:
            option_list.highlighted = 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._answer(event.option.id)

    def action_answer(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._answer(option_list.get_option_at_index(option_list.highlighted).id)

    def _answer(self, question_id: str | None) -> None:
        if question_id:
            self.trainer.start_practice(question_id, check_drafts=True)

    def action_back(self) -> None:
        self.dismiss(None)
