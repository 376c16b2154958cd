"""Two attempts side by side: scores, concepts, and what was gained and lost."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from ...store import Attempt
from ...textsafe import for_terminal
from ..services import concept_changes, format_duration, short_date
from ..widgets import HighlightedAnswer
from ..widgets.report import score_line
from .base import TrainerScreen


def concepts_column(attempt: Attempt) -> Text:
    text = Text()
    if attempt.report is None:
        text.append("not scored", style="dim")
        return text
    for concept in attempt.report.concepts:
        text.append(" ✓ " if concept.hit else " ✗ ", style="green" if concept.hit else "red")
        text.append(concept.label + "\n", style="" if concept.hit else "dim")
    return text


class CompareScreen(TrainerScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "back", "Back"), Binding("tab", "app.focus_next", "Switch side", show=False)]

    def __init__(self, first_id: int, second_id: int) -> None:
        super().__init__()
        self.ids = (first_id, second_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="compare-summary")
        with Horizontal(id="compare"):
            yield VerticalScroll(id="compare-left", classes="compare-side")
            yield VerticalScroll(id="compare-right", classes="compare-side")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Compare attempts"
        ids = self.ids
        self.trainer.db_call(lambda s: [s.attempt(i) for i in ids], self._show, what="load the attempts")

    def _show(self, attempts: list[Attempt | None]) -> None:
        if not self.is_mounted:
            return
        found = [a for a in attempts if a is not None]
        if len(found) != len(attempts):
            self.query_one("#compare-summary", Static).update("One of the attempts no longer exists.")
            return
        older, newer = sorted(found, key=lambda a: (a.ended_at, a.id))
        bank = self.trainer.bank
        summary = Text()
        # concepts only line up between answers to the same prompt: same question, both main or both follow-ups
        comparable = older.question_id == newer.question_id and (older.parent_attempt_id is None) == (
            newer.parent_attempt_id is None
        )
        if older.question_id != newer.question_id:
            summary.append("Different questions: concepts are not comparable.\n", style="yellow")
        elif not comparable:
            summary.append("A main answer and a follow-up: concepts are not comparable.\n", style="yellow")
        if older.score is not None and newer.score is not None:
            change = newer.score - older.score
            summary.append(
                f"#{older.id} → #{newer.id}: score {older.score:.0f} → {newer.score:.0f} ({change:+.0f})", style="bold"
            )
        if comparable:
            gained, lost = concept_changes(older.report, newer.report)
            summary.append("\ngained: ", style="green")
            summary.append(for_terminal(", ".join(gained)) or "-")
            summary.append("\nlost: ", style="red")
            summary.append(for_terminal(", ".join(lost)) or "-")
        self.query_one("#compare-summary", Static).update(summary)
        for side, attempt in (("#compare-left", older), ("#compare-right", newer)):
            question = bank.questions.get(attempt.question_id)
            header = Text()
            header.append(
                f"#{attempt.id} · {short_date(attempt.ended_at)} · {format_duration(attempt.time_used_seconds)}\n",
                style="bold",
            )
            header.append(for_terminal(question.title if question else attempt.question_id) + "\n")
            container = self.query_one(side, VerticalScroll)
            container.mount_all(
                [
                    Static(header),
                    Static(score_line(attempt)),
                    Static(concepts_column(attempt)),
                    HighlightedAnswer(attempt.answer, attempt.report),
                ]
            )
        self.query_one("#compare-left").focus()

    def action_back(self) -> None:
        self.dismiss(None)
