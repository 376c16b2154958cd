"""The interview screen: draws the session's current turn (question or follow-up), its clock and the
editor, and forwards submit, skip, leave and autosave to the session in database workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static

from ...practice import record_hints
from ...session import MAX_ANSWER_CHARS, AnswerTooLong, InterviewSession, Submitted, Turn
from ...textsafe import for_terminal
from ..app import QuestionOutcome
from ..widgets import AnswerEditor, Countdown
from .base import TrainerScreen

AUTOSAVE_SECONDS = 3.0


def ordered_hints(turn: Turn) -> list[tuple[str, str]]:
    """The rubric's hints, most important first (required concepts, then by weight)."""
    if turn.rubric is None:
        return []
    concepts = sorted(
        (c for c in turn.rubric.concepts if c.hint),
        key=lambda c: (not c.required, -c.weight),
    )
    return [(c.label, c.hint) for c in concepts]


class InterviewScreen(TrainerScreen[QuestionOutcome]):
    """One question (and its follow-up) under the clock."""

    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip", tooltip="Skip the question (typed text is kept as a draft)"),
        Binding("ctrl+t", "hint", "Hint", tooltip="Next hint, most important first (practice only)"),
        Binding("escape", "leave", "Save & leave", tooltip="Save the draft and leave; resume it from home (r)"),
    ]

    def __init__(self, session: InterviewSession) -> None:
        super().__init__()
        self.session = session
        self.turn = session.begin()
        self.busy = False
        self._hints_shown = 0
        self._last_saved: str | None = None
        self._revision = 0  # counts save requests, so a late autosave cannot overwrite newer text
        self._save_failed: str | None = None

    @property
    def question(self) -> Any:
        return self.turn.question

    @property
    def practice(self) -> bool:
        return self.session.mode == "practice"

    @property
    def follow_up(self) -> str | None:
        return self.turn.follow_up

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="interview-bar"):
            yield Static(self._where_text(), id="where")
            yield Countdown(self.turn.clock, overtime=self.session.overtime, id="countdown")
        with Vertical(id="question-box"):
            yield Static(self._prompt_text(), id="prompt")
            yield Static("", id="hints")
        yield AnswerEditor(self.turn.text, id="editor")
        yield Footer()

    def _where_text(self) -> Text:
        session = self.session
        text = Text()
        if session.mode == "mock":
            text.append(f"Mock interview · question {session.index + 1} of {len(session.questions)}", style="bold")
        else:
            text.append("Practice", style="bold")
        text.append(f" · {for_terminal(self.question.category)} · {self.question.difficulty}")
        if self.follow_up:
            text.append(" · follow-up", style="bold yellow")
        if self.turn.rubric is None:
            text.append(" · no rubric (will not be scored)", style="yellow")
        return text

    def _prompt_text(self) -> Text:
        text = Text()
        if self.follow_up:
            text.append("Interviewer follow-up: ", style="bold yellow")
            text.append(for_terminal(self.follow_up))
            text.append(f"\n(after: {for_terminal(self.question.title)})", style="dim")
        else:
            text.append(for_terminal(self.question.title) + "\n", style="bold")
            text.append(for_terminal(self.question.prompt))
        return text

    def on_mount(self) -> None:
        self.query_one("#hints", Static).display = False
        self.editor.focus()
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        self.sub_title = for_terminal(self.question.title)

    @property
    def countdown(self) -> Countdown:
        return self.query_one("#countdown", Countdown)

    @property
    def editor(self) -> AnswerEditor:
        return self.query_one("#editor", AnswerEditor)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint":
            return self.practice and not self.follow_up and self.turn.rubric is not None
        if action in ("submit", "skip") and self.busy:
            return None
        return True

    def on_screen_suspend(self) -> None:
        if not self.busy:
            self.autosave()

    # -- hints ----------------------------------------------------------------------------------

    def action_hint(self) -> None:
        hints = ordered_hints(self.turn)
        if not self.practice or not hints:
            self.notify("This rubric has no hints.")
            return
        self._hints_shown = min(self._hints_shown + 1, len(hints))
        label, hint = hints[self._hints_shown - 1]
        text = Text()
        text.append(f"Hint {self._hints_shown}/{len(hints)} ", style="bold cyan")
        text.append(f"{for_terminal(label)}: ", style="bold")
        text.append(for_terminal(hint))
        widget = self.query_one("#hints", Static)
        widget.update(text)
        widget.display = True

    # -- autosave -------------------------------------------------------------------------------

    def autosave(self) -> None:
        """Save the draft in a worker (every few seconds, and when another screen covers this one)."""
        if not self.is_mounted or self.busy or self.turn.closed:
            return
        text = self.editor.text
        if text == self._last_saved or (not text.strip() and self.turn.draft_id is None):
            return
        self._last_saved = text
        session, turn = self.session, self.turn

        def saved(_: object) -> None:
            self._save_failed = None

        def failed(error: Exception) -> None:
            self._last_saved = None
            if self._save_failed is None:
                self.notify(
                    f"Could not save the draft ({error}). Your text is still in the editor.",
                    title="Autosave failed",
                    severity="error",
                    timeout=8,
                    markup=False,
                )
            self._save_failed = str(error)

        self._revision += 1
        revision = self._revision
        self.trainer.db_call(lambda store: session.save_draft(store, text, turn, revision), saved, on_error=failed)

    def save_before_quitting(self, then: Callable[[], None]) -> None:
        """Save the draft, then `then()`; when it cannot be saved, ask before anything typed is lost."""
        from .dialogs import UnsavedAnswerDialog

        text = self.editor.text if self.is_mounted else ""
        if self.busy or self.turn.closed or not text.strip():
            then()
            return
        session, turn = self.session, self.turn

        def failed(error: Exception) -> None:
            self.app.push_screen(UnsavedAnswerDialog(text, str(error), self.question.id), self._after_unsaved(then))

        self._revision += 1
        revision = self._revision
        self.trainer.db_call(
            lambda store: session.save_draft(store, text, turn, revision), lambda _: then(), on_error=failed
        )

    @staticmethod
    def _after_unsaved(then: Callable[[], None]) -> Callable[[bool | None], None]:
        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                then()

        return chosen

    def on_answer_editor_too_long(self, message: AnswerEditor.TooLong) -> None:
        dropped = message.length - MAX_ANSWER_CHARS
        past = "the character past the limit was" if dropped == 1 else f"the {dropped:,} characters past the limit were"
        self.notify(
            f"An answer can be at most {MAX_ANSWER_CHARS:,} characters; {past} not added. "
            "Everything up to the limit is kept.",
            title="Answer too long",
            severity="warning",
            timeout=10,
        )

    # -- submit, skip, leave --------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.busy:
            return
        text = self.editor.text
        if not text.strip():
            self.notify(
                "Your answer is empty: type an answer, or press ctrl+n to skip.",
                title="Nothing to submit",
                severity="warning",
            )
            return
        self._submit(text)

    def on_countdown_expired(self, _: Countdown.Expired) -> None:
        if self.busy:
            return
        if self.session.overtime:
            self.notify("Time is up: you are in overtime. Press ctrl+s when you are done.", severity="warning")
            return
        text = self.editor.text
        if not text.strip():
            self.notify("Time is up and nothing was typed: question skipped.", severity="warning")
            self.action_skip()
            return
        self.notify("Time is up: your answer was submitted.")
        self._submit(text)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.editor.area.read_only = busy
        self.refresh_bindings()

    def _submit(self, text: str) -> None:
        self._set_busy(True)
        session = self.session

        def failed(error: Exception) -> None:
            self._set_busy(False)
            if isinstance(error, AnswerTooLong):
                self.notify(f"Not submitted: {error}.", title="Answer too long", severity="error")
                return
            self.notify(
                f"Could not store the answer ({error}). Your text is still in the editor; try ctrl+s again.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )

        self.trainer.db_call(lambda store: session.submit(store, text), self._submitted, on_error=failed)

    def _submitted(self, result: Submitted) -> None:
        if self._hints_shown and not self.follow_up:  # the schedule rates an answer given with hints lower
            attempt_id, hints = result.attempt_id, self._hints_shown
            self.trainer.db_call(lambda store: record_hints(store, attempt_id, hints), what="remember the hints")
        if result.scoring_error:
            self.notify(f"Scoring failed ({result.scoring_error}); the answer is stored unscored.", severity="error")
        elif result.report is None and not self.follow_up and self.turn.rubric is None:
            self.notify("Answer saved. This question has no rubric, so it could not be scored.", severity="warning")
        if result.follow_up and self.session.turn is not None and self.session.turn is not self.turn:
            self._start_follow_up(self.session.turn)
            return
        self.dismiss(QuestionOutcome())

    def _start_follow_up(self, turn: Turn) -> None:
        self.turn = turn
        self._last_saved = None
        self._hints_shown = 0
        self.query_one("#hints", Static).display = False
        self.query_one("#prompt", Static).update(self._prompt_text())
        self.query_one("#where", Static).update(self._where_text())
        self.editor.load_text("")
        self.countdown.show_clock(turn.clock)
        self._set_busy(False)
        self.editor.focus()
        self.notify("The interviewer has a follow-up question.", title="Follow-up")

    def action_skip(self) -> None:
        if self.busy:
            return
        self._set_busy(True)
        text, session = self.editor.text, self.session

        def skipped(kept: bool) -> None:
            if kept:
                self.notify("Skipped; your text is kept as a draft you can resume from the home screen (r).")
            self.dismiss(QuestionOutcome())

        self.trainer.db_call(lambda store: session.skip(store, text), skipped, on_error=self._could_not_leave)

    def action_leave(self) -> None:
        if self.busy:
            return
        self._set_busy(True)
        text, session = self.editor.text, self.session

        def left(kept: bool) -> None:
            if kept:
                self.notify("Your answer is saved as a draft: resume it from the home screen (r).")
            self.dismiss(QuestionOutcome(left=True))

        self.trainer.db_call(lambda store: session.leave(store, text), left, on_error=self._could_not_leave)

    def _could_not_leave(self, error: Exception) -> None:
        from .dialogs import UnsavedAnswerDialog

        self._set_busy(False)  # nothing was stored and the clock runs on
        text = self.editor.text

        def chosen(leave_anyway: bool | None) -> None:
            if leave_anyway:
                self.dismiss(QuestionOutcome(left=True))

        self.app.push_screen(UnsavedAnswerDialog(text, str(error), self.question.id, verb="Leave"), chosen)
