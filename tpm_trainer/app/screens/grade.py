"""A small modal to grade an attempt as a mentor: score (0-100), comment and name.

Returns a `GradeInput` (nothing is written here); the caller stores it through the mentor module.
Invalid input is explained in the dialog and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...mentor.grades import MAX_COMMENT_CHARS


@dataclass(frozen=True)
class GradeInput:
    """What the mentor typed."""

    score: float
    comment: str
    mentor: str


class GradeDialog(ModalScreen[GradeInput | None]):
    """Ask for a mentor's grade of one attempt."""

    DEFAULT_CSS = """
    GradeDialog Input { margin: 0 0 1 0; }
    GradeDialog #grade-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, attempt_id: int, rubric_score: float | None, mentor: str = "") -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.rubric_score = rubric_score
        self.mentor = mentor

    def compose(self) -> ComposeResult:
        rubric = f" (the rubric gave {self.rubric_score:g})" if self.rubric_score is not None else ""
        with Vertical(classes="dialog", id="grade-dialog"):
            yield Static(f"Grade attempt #{self.attempt_id}{rubric}", classes="dialog-title")
            yield Input(placeholder="Your score, 0 to 100", id="grade-score", type="number")
            yield Input(
                placeholder="Comment for the candidate (optional)", id="grade-comment", max_length=MAX_COMMENT_CHARS
            )
            yield Input(value=self.mentor, placeholder="Your name (optional)", id="grade-mentor", max_length=80)
            yield Static("", id="grade-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="grade-save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="grade-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#grade-score", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "grade-save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#grade-score", Input).value.strip()
        try:
            score = float(text)
        except ValueError:
            score = -1.0
        if not 0 <= score <= 100:
            self.query_one("#grade-error", Static).update(
                f"The score must be a number from 0 to 100{f', not {text!r}' if text else ''}."
            )
            self.query_one("#grade-score", Input).focus()
            return
        comment = self.query_one("#grade-comment", Input).value.strip()
        mentor = self.query_one("#grade-mentor", Input).value.strip()
        self.dismiss(GradeInput(score, comment, mentor))

    def action_cancel(self) -> None:
        self.dismiss(None)
