"""The interview screen: question, countdown, answer editor, autosave, submit, follow-up."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Static

from ...models import Question, ScoreReport
from ...practice import record_hints
from ...scoring import score_answer, score_follow_up
from ...store import Draft
from ..services import choose_follow_up, follow_up_seconds
from ..widgets import AnswerEditor, Countdown
from .base import TrainerScreen

if TYPE_CHECKING:
    from ..app import InterviewRun

AUTOSAVE_SECONDS = 3.0


@dataclass
class DraftState:
    """The draft row behind the editor; read and written only under the database lock."""

    id: int | None = None
    closed: bool = False
    """Set when the answer was submitted: no autosave may recreate the draft afterwards."""


class InterviewScreen(TrainerScreen["QuestionOutcome"]):
    """One question (and its follow-up) under the clock."""

    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+t", "hint", "Hint"),
        Binding("escape", "leave", "Save & leave"),
    ]

    class Submitted(Message):
        def __init__(self, attempt_id: int, report: ScoreReport | None) -> None:
            super().__init__()
            self.attempt_id = attempt_id
            self.report = report

    class SubmitFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class DraftSaved(Message):
        def __init__(self, error: str | None = None) -> None:
            super().__init__()
            self.error = error

    def __init__(self, run: InterviewRun, question: Question, *, draft: Draft | None = None) -> None:
        super().__init__()
        self.run = run
        self.question = question
        self.draft_state = DraftState(id=draft.id if draft else None)
        self.main_attempt_id: int | None = draft.parent_attempt_id if draft else None
        self.main_report: ScoreReport | None = None  # the main answer's report, once scored here
        self.follow_up: str | None = draft.prompt if draft and draft.parent_attempt_id else None
        self.limit = run.limit_for(question)
        if self.follow_up:
            self.limit = (
                draft.time_limit_seconds if draft and draft.time_limit_seconds else follow_up_seconds(self.limit)
            )
        elif draft and draft.time_limit_seconds:
            self.limit = draft.time_limit_seconds
        self._initial_text = draft.answer if draft else ""
        self._initial_used = (draft.time_used_seconds or 0.0) if draft else 0.0
        self.started_at: str | None = draft.started_at if draft else None
        self.busy = False
        self._hints_shown = 0
        self._last_saved: tuple[str, int] | None = (self._initial_text, int(self._initial_used)) if draft else None
        self._save_error_shown = False
        self._save_lock = threading.Lock()

    @property
    def practice(self) -> bool:
        return self.run.mode == "practice"

    @property
    def rubric(self):
        return self.trainer.bank.rubric_for(self.question.id)

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="interview-bar"):
            yield Static(self._where_text(), id="where")
            yield Countdown(
                self.limit, self._initial_used, overtime=self.run.overtime, clock=self.trainer.clock, id="countdown"
            )
        with Vertical(id="question-box"):
            yield Static(self._prompt_text(), id="prompt")
            yield Static("", id="hints")
        yield AnswerEditor(self._initial_text, id="editor")
        yield Footer()

    def _where_text(self) -> Text:
        run = self.run
        text = Text()
        if run.mode == "mock":
            text.append(f"Mock interview · question {run.index + 1} of {len(run.questions)}", style="bold")
        else:
            text.append("Practice", style="bold")
        text.append(f" · {self.question.category} · {self.question.difficulty}")
        if self.follow_up:
            text.append(" · follow-up", style="bold yellow")
        if self.rubric is None:
            text.append(" · no rubric (will not be scored)", style="yellow")
        return text

    def _prompt_text(self) -> Text:
        text = Text()
        if self.follow_up:
            text.append("Interviewer follow-up: ", style="bold yellow")
            text.append(self.follow_up)
            text.append(f"\n(after: {self.question.title})", style="dim")
        else:
            text.append(self.question.title + "\n", style="bold")
            text.append(self.question.prompt)
        return text

    def on_mount(self) -> None:
        if self.started_at is None:
            self.started_at = self.trainer.now_iso()
        self.query_one("#hints", Static).display = False
        self.query_one(AnswerEditor).focus()
        self.countdown.start()
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        self.sub_title = self.question.title

    @property
    def countdown(self) -> Countdown:
        return self.query_one("#countdown", Countdown)

    @property
    def editor(self) -> AnswerEditor:
        return self.query_one("#editor", AnswerEditor)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint":
            return self.practice and not self.follow_up and self.rubric is not None
        if action in ("submit", "skip") and self.busy:
            return None
        return True

    def on_screen_suspend(self) -> None:
        if not self.busy:
            self.countdown.pause()
            self.autosave(force=True)

    def on_screen_resume(self) -> None:
        if not self.busy and self.is_mounted:
            self.countdown.start()

    # -- hints ----------------------------------------------------------------------------------

    def action_hint(self) -> None:
        rubric = self.rubric
        if not self.practice or rubric is None:
            return
        hints = [(c.label, c.hint) for c in rubric.concepts if c.hint]
        if not hints:
            self.notify("This rubric has no hints.")
            return
        self._hints_shown = min(self._hints_shown + 1, len(hints))
        text = Text()
        for index, (label, hint) in enumerate(hints[: self._hints_shown], 1):
            if index > 1:
                text.append("\n")
            text.append(f"Hint {index}/{len(hints)} ", style="bold cyan")
            text.append(f"{label}: ", style="bold")
            text.append(hint)
        widget = self.query_one("#hints", Static)
        widget.update(text)
        widget.display = True

    # -- autosave -------------------------------------------------------------------------------

    def _draft_fields(self, text: str, used: float) -> dict:
        return {
            "question_id": self.question.id,
            "answer": text,
            "mode": self.run.mode,
            "session_id": self.run.session_id,
            "started_at": self.started_at,
            "time_limit_seconds": self.limit,
            "time_used_seconds": round(used, 2),
            "parent_attempt_id": self.main_attempt_id if self.follow_up else None,
            "prompt": self.follow_up or self.question.prompt,
        }

    def _should_save(self, text: str, used: float, force: bool) -> bool:
        if self.busy or self.draft_state.closed:
            return False
        if not text.strip() and self.draft_state.id is None:
            return False
        snapshot = (text, int(used))
        return force or snapshot != self._last_saved

    def autosave(self, force: bool = False) -> None:
        """Save the draft in a worker (every few seconds, and when the screen changes)."""
        if not self.is_mounted:
            return
        text, used = self.editor.text, self.countdown.used
        if not self._should_save(text, used, force):
            return
        self._last_saved = (text, int(used))
        fields = self._draft_fields(text, used)
        state = self.draft_state

        def job() -> None:
            try:
                self._write_draft(state, fields)
            except Exception as error:
                self.post_message(self.DraftSaved(str(error)))
                return
            self.post_message(self.DraftSaved())

        self.run_worker(job, thread=True, group="autosave", name="autosave")

    def _write_draft(self, state: DraftState, fields: dict) -> None:
        def write(store) -> None:
            if state.closed:
                return
            state.id = store.save_draft(draft_id=state.id, **fields)

        self.trainer.db.run(write)

    def save_draft_now(self) -> None:
        """Save synchronously (used when the app quits, so nothing typed is lost)."""
        if not self.is_mounted or self.busy:
            return
        text, used = self.editor.text, self.countdown.used
        if not self._should_save(text, used, force=True):
            return
        try:
            self._write_draft(self.draft_state, self._draft_fields(text, used))
        except Exception as error:
            self.trainer.notify_error("save the draft", error)

    def on_interview_screen_draft_saved(self, message: DraftSaved) -> None:
        if message.error and not self._save_error_shown:
            self._save_error_shown = True
            self._last_saved = None
            self.notify(
                f"Could not save the draft ({message.error}). Your text is still in the editor.",
                title="Autosave failed",
                severity="error",
                timeout=8,
            )
        elif not message.error:
            self._save_error_shown = False

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
        if self.run.overtime:
            self.notify("Time is up: you are in overtime. Press ctrl+s when you are done.", severity="warning")
            return
        text = self.editor.text
        if not text.strip():
            self.notify("Time is up and nothing was typed: question skipped.", severity="warning")
            self._close_without_answer()
            return
        self.notify("Time is up: your answer was submitted.")
        self._submit(text)

    def _submit(self, text: str) -> None:
        self.busy = True
        self.countdown.pause()
        self.editor.area.read_only = True
        self.refresh_bindings()
        used = self.countdown.used
        question = self.question
        rubric = self.rubric
        state = self.draft_state
        trainer = self.trainer
        fields = dict(
            question_id=question.id,
            category=question.category,
            answer=text,
            started_at=self.started_at or trainer.now_iso(),
            ended_at=trainer.now_iso(),
            mode=self.run.mode,
            time_limit_seconds=self.limit,
            time_used_seconds=round(used, 2),
            session_id=self.run.session_id,
            parent_attempt_id=self.main_attempt_id if self.follow_up else None,
            prompt=self.follow_up or question.prompt,
        )

        follow_up = self.follow_up is not None
        main_report = self.main_report
        parent_id = self.main_attempt_id if follow_up else None

        def job() -> None:
            try:
                if rubric is None:
                    report = None
                elif follow_up:
                    # A follow-up is graded on what the main answer missed (see score_follow_up).
                    nonlocal main_report
                    if main_report is None and parent_id is not None:
                        parent = trainer.db.run(lambda store: store.attempt(parent_id))
                        main_report = parent.report if parent is not None else None
                    report = score_follow_up(text, rubric, main_report)
                else:
                    report = score_answer(text, rubric)
            except Exception as error:
                report = None
                self.app.call_from_thread(
                    self.notify, f"Scoring failed ({error}); the answer is stored unscored.", severity="error"
                )

            def write(store) -> int:
                attempt_id = store.save_attempt(report=report, draft_id=state.id, **fields)
                state.closed = True
                return attempt_id

            try:
                attempt_id = trainer.db.run(write)
            except Exception as error:
                self.post_message(self.SubmitFailed(str(error)))
                return
            self.post_message(self.Submitted(attempt_id, report))

        self.run_worker(job, thread=True, group="db", name="submit")

    def on_interview_screen_submit_failed(self, message: SubmitFailed) -> None:
        self.busy = False
        self.editor.area.read_only = False
        self.refresh_bindings()
        self.countdown.start()
        self.notify(
            f"Could not store the answer ({message.error}). Your text is still in the editor; try ctrl+s again.",
            title="Not saved",
            severity="error",
            timeout=10,
        )

    def on_interview_screen_submitted(self, message: Submitted) -> None:
        from ..app import QuestionOutcome

        if self.follow_up is None:
            self.main_attempt_id = message.attempt_id
            self.main_report = message.report
            if self._hints_shown:  # the schedule rates an answer given with hints one step lower
                attempt_id, hints = message.attempt_id, self._hints_shown
                self.trainer.db_call(lambda store: record_hints(store, attempt_id, hints), what="remember the hints")
            if message.report is None and self.rubric is None:
                self.notify("Answer saved. This question has no rubric, so it could not be scored.", severity="warning")
            follow_up = choose_follow_up(self.question, self.rubric, message.report)
            if follow_up:
                self._start_follow_up(follow_up)
                return
        self.dismiss(QuestionOutcome(attempt_id=self.main_attempt_id))

    def _start_follow_up(self, follow_up: str) -> None:
        self.follow_up = follow_up
        self.limit = follow_up_seconds(self.run.limit_for(self.question))
        self.draft_state = DraftState()
        self.started_at = self.trainer.now_iso()
        self._last_saved = None
        self._hints_shown = 0
        self.query_one("#hints", Static).display = False
        self.query_one("#prompt", Static).update(self._prompt_text())
        self.query_one("#where", Static).update(self._where_text())
        self.editor.area.read_only = False
        self.editor.load_text("")
        self.countdown.reset(self.limit)
        self.busy = False
        self.refresh_bindings()
        self.countdown.start()
        self.editor.focus()
        self.notify("The interviewer has a follow-up question.", title="Follow-up")

    def action_skip(self) -> None:
        if self.busy:
            return
        if self.editor.text.strip():
            self.countdown.pause()
            self.save_draft_now()
            self.notify("Skipped; your text is kept as a draft you can resume from the home screen.")
        self._close_without_answer()

    def _close_without_answer(self) -> None:
        from ..app import QuestionOutcome

        self.busy = True
        self.countdown.pause()
        if self.follow_up:
            self.dismiss(QuestionOutcome(attempt_id=self.main_attempt_id))
        else:
            self.dismiss(QuestionOutcome(attempt_id=None))

    def action_leave(self) -> None:
        from ..app import QuestionOutcome

        if self.busy:
            return
        self.countdown.pause()
        text = self.editor.text
        self.save_draft_now()
        self.busy = True
        if text.strip():
            self.notify("Your answer is saved as a draft: resume it from the home screen (r).")
        attempt_id = self.main_attempt_id if self.follow_up else None
        self.dismiss(QuestionOutcome(attempt_id=attempt_id, left=True))
