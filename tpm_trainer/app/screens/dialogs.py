"""Modal dialogs: confirm, resume a draft, terminal too small."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...models import Question
from ...render import shorten
from ...store import Draft
from ...textsafe import for_terminal
from ..services import format_duration, short_date, word_count


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no question; returns True only when confirmed."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No", danger: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self.yes_label} (y)", id="yes", variant="error" if self.danger else "primary", compact=True
                )
                yield Button(f"{self.no_label} (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ResumeDialog(ModalScreen[tuple[str, int] | None]):
    """Offer unfinished answers: returns ("resume", id), ("discard", id) or None (later)."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("enter,r", "choose('resume')", "Resume"),
        Binding("d", "choose('discard')", "Discard"),
        Binding("escape,l", "later", "Later"),
    ]

    def __init__(self, drafts: list[Draft], questions: dict[str, Question]) -> None:
        super().__init__()
        self.drafts = drafts
        self.questions = questions
        self._confirming = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="resume-dialog"):
            yield Static(
                Text.assemble(
                    ("Unfinished answer" + ("s" if len(self.drafts) > 1 else ""), "bold"),
                    "\nYou left an answer before submitting it. Resume where you stopped?",
                ),
                classes="dialog-text",
            )
            options = []
            for draft in self.drafts:
                question = self.questions.get(draft.question_id)
                title = for_terminal(question.title if question else draft.question_id)
                kind = "follow-up · " if draft.parent_attempt_id else ""
                label = Text.assemble(
                    (shorten(title, 48), "bold"),
                    f"\n  {kind}{draft.mode} · {word_count(draft.answer)} words · "
                    f"{format_duration(draft.time_used_seconds)} used · saved {short_date(draft.updated_at)}",
                )
                options.append(Option(label, id=str(draft.id)))
            yield OptionList(*options, id="draft-list")
            yield Static("enter resume · d discard · esc later", classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _selected(self) -> int | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return int(options.get_option_at_index(options.highlighted).id or 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("resume", int(event.option.id or 0)))

    def action_choose(self, action: str) -> None:
        draft_id = self._selected()
        if draft_id is None:
            return
        if action == "discard":

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.dismiss(("discard", draft_id))

            self.app.push_screen(
                ConfirmDialog("Discard this unfinished answer? Its text will be deleted.", yes="Discard", danger=True),
                confirmed,
            )
            return
        self.dismiss((action, draft_id))

    def action_later(self) -> None:
        self.dismiss(None)


class TooSmallScreen(ModalScreen[None]):
    """Covers the app while the terminal is smaller than 80x24."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.size_text = self._text(width, height)

    @staticmethod
    def _text(width: int, height: int) -> str:
        return (
            f"The terminal is {width}x{height}.\nPlease enlarge it to at least 80x24.\n\n"
            "(Nothing is lost. The interview clock keeps running.)"
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="too-small"):
            yield Static(self.size_text, id="too-small-text")

    def update_size(self, width: int, height: int) -> None:
        self.size_text = self._text(width, height)
        if self.is_mounted:
            self.query_one("#too-small-text", Static).update(self.size_text)


class UnsavedAnswerDialog(ModalScreen[bool]):
    """The draft could not be saved (database locked or read-only): keep working, write the text to a
    recovery file, or go without saving. Returns True to go on quitting or leaving."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("w", "write", "Write to a file"),
        Binding("d", "discard", "Discard and go"),
        Binding("escape", "stay", "Keep working"),
    ]

    def __init__(self, text: str, error: str, question_id: str, *, verb: str = "Quit") -> None:
        super().__init__()
        self.text = text
        self.error = error
        self.question_id = question_id
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="unsaved-dialog"):
            yield Static(
                Text.assemble(
                    ("Your answer is not saved", "bold red"),
                    f"\nThe database refused the draft: {for_terminal(self.error)}\n\n"
                    "w writes the answer to a text file in your data folder, then goes on\n"
                    f"d {self.verb.lower()}s without saving it\n"
                    "esc keeps working on it",
                ),
                classes="dialog-text",
                id="unsaved-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write to a file (w)", id="write", variant="primary", compact=True)
                yield Button(f"{self.verb} without saving (d)", id="discard", variant="error", compact=True)
                yield Button("Keep working (esc)", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#write", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        getattr(self, f"action_{event.button.id}")()

    def action_write(self) -> None:
        from ...recovery import keep_answer, recovery_folder
        from ..app import TrainerApp

        app = self.app
        try:  # the same owner-only folder and never-overwrite rule as `score --save`
            path = keep_answer(self.question_id, self.text)
        except OSError as error:
            self.query_one("#unsaved-text", Static).update(
                Text(
                    f"Could not write to {recovery_folder()}: {error.strerror or error}. "
                    "Copy your answer before going.",
                    "red",
                )
            )
            return
        self.app.notify(f"Your answer was written to {path}", title="Answer kept", timeout=15, markup=False)
        self.recovered_to = path
        if isinstance(app, TrainerApp):  # the notice vanishes with the app when quitting: repeat it after
            app.exit_note = f"tpm-trainer: your answer was not saved in the database; it was written to {path}"
        self.dismiss(True)

    def action_discard(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(False)
