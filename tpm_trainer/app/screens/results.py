"""Results of one attempt: score, band, highlighted evidence, misses with hints, red flags,
model answer, follow-ups and the change against the previous attempt. Also the read-only view
opened from the history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...mentor.grades import Grade, add_grade, grades_for, grades_text
from ..widgets import ReportView
from .base import TrainerScreen
from .grade import GradeDialog, GradeInput

if TYPE_CHECKING:
    from ...store import Attempt, Store

    # The attempt, its follow-ups, the previous attempt at the question, and its mentor grades.
    Loaded = tuple[Attempt, list[Attempt], Attempt | None, list[Grade]] | None


class ResultsScreen(TrainerScreen[None]):
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("t", "try_again", "Try again"),
        Binding("g", "grade", "Grade (mentor)"),
        Binding("home", "app_home", "Home", show=False),
    ]

    def __init__(self, attempt_id: int, *, read_only: bool = False) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.read_only = read_only
        self.attempt: Attempt | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results-scroll"):
            yield Static("Loading the result…", id="results-loading")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Attempt" if self.read_only else "Results"
        self.sub_title = f"#{self.attempt_id}"
        attempt_id = self.attempt_id

        def read(store: Store) -> Loaded:
            attempt = store.attempt(attempt_id)
            if attempt is None:
                return None
            follow_ups = store.follow_up_attempts(attempt.id) if attempt.parent_attempt_id is None else []
            previous = (
                store.previous_attempt(attempt.question_id, attempt.id) if attempt.parent_attempt_id is None else None
            )
            return attempt, follow_ups, previous, grades_for(store.db, attempt.id)

        self.trainer.db_call(read, self._show, what="load the attempt")
        self.query_one("#results-scroll").focus()

    def _show(self, data: Loaded) -> None:
        if not self.is_mounted:
            return
        if data is None:
            self.query_one("#results-loading", Static).update(f"Attempt {self.attempt_id} no longer exists.")
            return
        attempt, follow_ups, previous, grades = data
        self.attempt = attempt
        bank = self.trainer.bank
        self.query_one("#results-loading").remove()
        self.query_one("#results-scroll").mount(
            ReportView(
                attempt,
                question=bank.questions.get(attempt.question_id),
                rubric=bank.rubric_for(attempt.question_id),
                previous=previous,
                follow_ups=follow_ups,
            )
        )
        self.query_one("#results-scroll").mount(Static(grades_text(grades), id="results-grades", markup=False))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_app_home(self) -> None:
        self.trainer.go_home()

    def action_grade(self) -> None:
        """A mentor's grade of this attempt (see grade.py); stored through the mentor module."""
        attempt = self.attempt
        if attempt is None:
            return

        def save(entered: GradeInput | None) -> None:
            if entered is None:
                return

            def write(store: Store) -> list[Grade]:
                add_grade(store, attempt.id, entered.score, comment=entered.comment, mentor=entered.mentor)
                return grades_for(store.db, attempt.id)

            def shown(grades: list[Grade]) -> None:
                self.query_one("#results-grades", Static).update(grades_text(grades))
                self.notify(f"Grade {entered.score:g} saved.")

            self.trainer.db_call(write, shown, what="save the grade")

        self.app.push_screen(GradeDialog(attempt.id, attempt.score), save)

    def action_try_again(self) -> None:
        question_id = self.attempt.question_id if self.attempt else None
        if question_id is None or question_id not in self.trainer.bank.questions:
            self.notify("This question is no longer in the bank.", severity="warning")
            return
        self.dismiss(None)
        self.trainer.start_practice(question_id)
