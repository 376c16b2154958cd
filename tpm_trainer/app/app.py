"""TrainerApp: the Textual application. It receives the loaded bank and open store from the CLI."""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..context import TrainerContext
from ..models import Question
from ..store import Draft
from .services import MOCK_SETTING, Database, MockConfig, pick_questions, time_limit_seconds, utc_now

MIN_WIDTH = 80
MIN_HEIGHT = 24


@dataclass
class InterviewRun:
    """One practice question or one mock interview in progress."""

    mode: str  # "mock" or "practice"
    questions: list[Question]
    minutes: float | None = None
    overtime: bool = False
    session_id: str | None = None
    index: int = 0
    attempt_ids: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    def limit_for(self, question: Question) -> float:
        return time_limit_seconds(question, self.minutes)


@dataclass
class QuestionOutcome:
    """What an interview screen returns when it closes."""

    attempt_id: int | None = None
    """The main attempt stored (None when skipped or left before submitting)."""
    left: bool = False
    """The candidate left the interview (the draft is kept)."""


class TrainerApp(App[None]):
    """Timed mock interviews, explained results, history and progress."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere keep the styles
    TITLE = "tpm-trainer"
    SUB_TITLE = "TPM interview practice"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        context: TrainerContext,
        *,
        question_id: str | None = None,
        count: int | None = None,
        category: str | None = None,
        minutes: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        offer_resume: bool = True,
        **_: object,
    ) -> None:
        super().__init__()
        self.context = context
        self.bank = context.bank
        self.db = Database(context.store)
        self.clock = clock
        self.now = now
        self.rng = rng or random.Random()
        self.offer_resume = offer_resume
        self._start: dict[str, Any] = {
            "question_id": question_id,
            "count": count,
            "category": category,
            "minutes": minutes,
        }
        self._too_small: Screen | None = None
        self._size_watch = False

    # -- time -----------------------------------------------------------------------------------

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def today(self) -> str:
        return self.now().date().isoformat()

    # -- database in workers --------------------------------------------------------------------

    def db_call(
        self,
        call: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        on_error: Callable[[Exception], None] | None = None,
        what: str = "database",
    ) -> None:
        """Run `call(store)` in a thread worker (serialized); `on_done(result)` runs on the UI thread."""

        def job() -> None:
            try:
                result = self.db.run(call)
            except Exception as error:
                self._from_thread(on_error or (lambda e: self.notify_error(what, e)), error)
                return
            if on_done is not None:
                self._from_thread(on_done, result)

        self.run_worker(job, thread=True, group="db", name=what)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(callback, *args)

    def notify_error(self, what: str, error: Exception) -> None:
        self.notify(f"{what}: {error}", title="Database problem", severity="error", timeout=8)

    # -- start-up -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        from .screens.home import HomeScreen

        return HomeScreen()  # the home screen is the base of the stack

    def on_mount(self) -> None:
        start = self._start
        if start["question_id"]:
            self.call_after_refresh(self.start_practice, start["question_id"], start["minutes"], True)
        elif start["count"] or start["category"] or start["minutes"]:
            config = MockConfig.from_dict(self.db.run(lambda s: s.get_setting(MOCK_SETTING)))
            if start["count"]:
                config.count = int(start["count"])
            if start["category"]:
                config.categories = [start["category"]]
            if start["minutes"]:
                config.minutes = float(start["minutes"])
            self.call_after_refresh(self.start_mock, config, False)
        elif self.offer_resume:
            self.call_after_refresh(self.offer_drafts)
        self.call_after_refresh(self._check_size)
        self._warn_about_bank_problems()

    def _warn_about_bank_problems(self) -> None:
        """Bad question or rubric files do not stop the app: the good ones load, the bad are listed."""
        errors = self.bank.errors
        if not errors:
            return
        shown = "\n".join(f"• {problem}" for problem in errors[:3])
        more = f"\n…and {len(errors) - 3} more" if len(errors) > 3 else ""
        self.notify(
            f"{shown}{more}\nThese files were skipped; run `tpm-trainer rubrics check` for every detail.",
            title=f"{len(errors)} problem(s) in question or rubric files",
            severity="warning",
            timeout=15,
            markup=False,
        )

    # -- size -----------------------------------------------------------------------------------

    async def _on_resize(self, event: events.Resize) -> None:
        # App.on_resize is not dispatched (the base handler stops the event), so extend the base one.
        await super()._on_resize(event)
        if self._size_watch:
            self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        from .screens.dialogs import TooSmallScreen

        self._size_watch = True

        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen(width, height)
            self.push_screen(self._too_small)
        elif self._too_small is not None:
            if small:
                self._too_small.update_size(width, height)
            else:
                screen, self._too_small = self._too_small, None
                if screen in self.screen_stack:
                    screen.dismiss()

    # -- flows ----------------------------------------------------------------------------------

    def offer_drafts(self, question_id: str | None = None, then: Callable[[], None] | None = None) -> None:
        """Ask to resume unfinished answers (all of them, or those of one question)."""
        from .screens.dialogs import ResumeDialog

        def got(drafts: list[Draft]) -> None:
            drafts = [d for d in drafts if question_id is None or d.question_id == question_id]
            if not drafts:
                if then:
                    then()
                return

            def chosen(result: tuple[str, int] | None) -> None:
                if result is None:
                    if then:
                        then()
                    return
                action, draft_id = result
                draft = next(d for d in drafts if d.id == draft_id)
                if action == "resume":
                    self.resume_draft(draft)
                elif action == "discard":
                    self.db_call(
                        lambda s: s.delete_draft(draft_id), lambda _: self._discarded(then), what="discard draft"
                    )

            self.push_screen(ResumeDialog(drafts, self.bank.questions), chosen)

        self.db_call(lambda s: s.drafts(), got, what="load drafts")

    def _discarded(self, then: Callable[[], None] | None) -> None:
        self.notify("Draft discarded.")
        if then:
            then()

    def start_practice(self, question_id: str, minutes: float | None = None, check_drafts: bool = False) -> None:
        question = self.bank.questions.get(question_id)
        if question is None:
            self.notify(f"Unknown question `{question_id}`.", severity="error")
            return

        def begin() -> None:
            overtime = MockConfig.from_dict(self.db.run(lambda s: s.get_setting(MOCK_SETTING))).overtime
            run = InterviewRun(mode="practice", questions=[question], minutes=minutes, overtime=overtime)
            self._run_question(run)

        if check_drafts:
            self.offer_drafts(question_id, then=begin)
        else:
            begin()

    def start_mock(self, config: MockConfig, remember: bool = True) -> None:
        questions = pick_questions(self.bank, config, self.rng)
        if not questions:
            self.notify("No questions match that choice; widen the categories or difficulty.", severity="warning")
            return
        run = InterviewRun(mode="mock", questions=questions, minutes=config.minutes, overtime=config.overtime)
        session_config = {**config.to_dict(), "question_ids": [q.id for q in questions]}

        def write(store: Any) -> str:
            if remember:
                store.set_setting(MOCK_SETTING, config.to_dict())
            return store.start_session("mock", session_config)

        def started(session_id: str) -> None:
            run.session_id = session_id
            self._run_question(run)

        self.db_call(write, started, what="start the mock interview")

    def resume_draft(self, draft: Draft) -> None:
        question = self.bank.questions.get(draft.question_id)
        if question is None:
            self.notify(
                f"The draft's question `{draft.question_id}` is no longer in the bank; it was kept.", severity="warning"
            )
            return
        if draft.session_id and draft.mode == "mock":

            def got(session: dict | None) -> None:
                config = MockConfig.from_dict(_loads((session or {}).get("config_json")))
                ids = _loads((session or {}).get("config_json")).get("question_ids", [draft.question_id])
                questions = [self.bank.questions[i] for i in ids if i in self.bank.questions] or [question]
                index = next((i for i, q in enumerate(questions) if q.id == question.id), 0)
                if questions[index].id != question.id:
                    questions, index = [question], 0
                run = InterviewRun(
                    mode="mock",
                    questions=questions,
                    minutes=config.minutes,
                    overtime=config.overtime,
                    session_id=draft.session_id,
                    index=index,
                )
                self._run_question(run, draft)

            self.db_call(lambda s: s.session(draft.session_id), got, what="load the session")
            return
        limit = draft.time_limit_seconds
        minutes = limit / 60 if limit else None
        run = InterviewRun(mode="practice", questions=[question], minutes=minutes)
        self._run_question(run, draft)

    def _run_question(self, run: InterviewRun, draft: Draft | None = None) -> None:
        from .screens.interview import InterviewScreen

        self.push_screen(
            InterviewScreen(run, run.current, draft=draft), lambda outcome: self._after_question(run, outcome)
        )

    def _after_question(self, run: InterviewRun, outcome: QuestionOutcome | None) -> None:
        from .screens.results import ResultsScreen
        from .screens.summary import SummaryScreen

        outcome = outcome or QuestionOutcome(left=True)
        if outcome.attempt_id is not None:
            run.attempt_ids.append(outcome.attempt_id)
        elif not outcome.left:
            run.skipped.append(run.current.id)
        if run.mode == "practice":
            if outcome.attempt_id is not None:
                self.push_screen(ResultsScreen(outcome.attempt_id, run=run))
            return
        if outcome.left:
            if run.attempt_ids:
                self.push_screen(SummaryScreen(run))
            return
        run.index += 1
        if run.index < len(run.questions):
            self._run_question(run)
            return
        if run.session_id:
            session_id = run.session_id
            self.db_call(lambda s: s.end_session(session_id), what="end the session")
        self.push_screen(SummaryScreen(run))

    def go_home(self) -> None:
        from .screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_stats()

    # -- actions --------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_screen(self, name: str) -> None:
        from .screens.browse import BrowseScreen
        from .screens.history import HistoryScreen
        from .screens.progress import ProgressScreen
        from .screens.setup import MockSetupScreen

        if name == "history":
            self.push_screen(HistoryScreen())
        elif name == "progress":
            self.push_screen(ProgressScreen())
        elif name == "browse":
            self.push_screen(BrowseScreen())
        elif name == "practice":
            self.push_screen(BrowseScreen(pick=True))
        elif name == "mock":

            def chosen(config: MockConfig | None) -> None:
                if config is not None:
                    self.start_mock(config)

            saved = MockConfig.from_dict(self.db.run(lambda s: s.get_setting(MOCK_SETTING)))
            self.push_screen(MockSetupScreen(saved, self.bank), chosen)
        elif name == "resume":

            def none_left() -> None:
                pass

            self.offer_drafts(then=none_left)

    async def action_quit(self) -> None:
        from .screens.interview import InterviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, InterviewScreen):
                screen.save_draft_now()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Home", "Go back to the home screen", self.go_home)
        yield SystemCommand(
            "Mock interview", "Set up and start a timed mock interview", lambda: self.open_screen("mock")
        )
        yield SystemCommand(
            "Practise one question", "Pick a question and answer it with hints", lambda: self.open_screen("practice")
        )
        yield SystemCommand("Resume unfinished answer", "Continue a saved draft", lambda: self.open_screen("resume"))
        yield SystemCommand(
            "History", "Past attempts: filter, open, compare, delete", lambda: self.open_screen("history")
        )
        yield SystemCommand(
            "Progress", "Averages, trends, most missed concepts, streak", lambda: self.open_screen("progress")
        )
        yield SystemCommand(
            "Browse questions and rubrics",
            "Read questions, concepts and model answers",
            lambda: self.open_screen("browse"),
        )
        yield SystemCommand("Keyboard help", "Every key of every screen", self.action_help)


def _loads(text: str | None) -> dict:
    import json

    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
