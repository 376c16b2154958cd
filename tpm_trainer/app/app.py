"""TrainerApp: the Textual application. It receives the loaded bank and the database path from the CLI
and drives the interview engine (`tpm_trainer.session`); every database call runs in a worker thread
on that thread's own connection."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from ..bank import UnknownQuestionError
from ..context import TrainerContext
from ..session import MOCK_SETTING, InterviewSession, MockConfig
from ..store import Draft, Store
from .registry import DESTINATIONS, HOME, named_screens
from .services import utc_now

RELEASE_SECONDS = 5.0
MIN_WIDTH = 80
MIN_HEIGHT = 24


class QuestionOutcome:
    """What an interview screen returns when it closes."""

    def __init__(self, *, left: bool = False) -> None:
        self.left = left
        """The candidate left the interview (the draft is kept)."""


class DatabaseDone(Message):
    """A database worker finished: run `callback(result)` on the UI thread."""

    def __init__(self, callback: Callable[[Any], None], result: Any) -> None:
        super().__init__()
        self.callback = callback
        self.result = result


class TrainerApp(App[None]):
    """Timed mock interviews, explained results, history and progress."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere keep the styles
    TITLE = "tpm-trainer"
    SUB_TITLE = "TPM interview practice"
    SCREENS = named_screens()  # built once when first shown, then reused (see registry.py)
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit (drafts are saved)", priority=True, show=False),
    ]
    exit_note: str | None = None
    """A line `launch` prints in the terminal after the app has closed (where an unsaved answer was written)."""

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
        self.plain_terminal = os.environ.get("TERM", "") == "dumb"
        lend_no_color = self.plain_terminal and "NO_COLOR" not in os.environ
        if lend_no_color:
            os.environ["NO_COLOR"] = "1"  # Textual reads it while it starts: monochrome output
        try:
            super().__init__()
        finally:
            if lend_no_color:
                del os.environ["NO_COLOR"]
        self.context = context
        self.bank = context.bank
        self.db_path = context.db_path or context.store.path
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
        self._too_small: Screen[None] | None = None
        self._named_shown: dict[str, Screen[Any]] = {}
        """Named screens built so far (kept alive while hidden; see `release_closed_widgets`)."""
        self._size_watch = False

    # -- time -----------------------------------------------------------------------------------

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def today(self) -> str:
        return self.now().date().isoformat()

    # -- database in workers --------------------------------------------------------------------

    def open_store(self) -> Store:
        """A connection for the calling thread (workers open their own; none is shared)."""
        if self.db_path is None:
            raise RuntimeError("the app needs a database file")
        return Store.connect(self.db_path)

    def db_call(
        self,
        call: Callable[[Store], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        on_error: Callable[[Exception], None] | None = None,
        what: str = "database",
    ) -> None:
        """Run `call(store)` in a thread worker on its own connection; `on_done(result)` (or
        `on_error(error)`) then runs on the UI thread, delivered by a posted message."""

        def job() -> None:
            try:
                store = self.open_store()
                try:
                    result = call(store)
                finally:
                    store.close()
            except Exception as error:
                self.post_message(DatabaseDone(on_error or (lambda e: self.notify_error(what, e)), error))
                return
            if on_done is not None:
                self.post_message(DatabaseDone(on_done, result))

        self.run_worker(job, thread=True, group="db", name=what)

    def on_database_done(self, message: DatabaseDone) -> None:
        message.callback(message.result)

    def notify_error(self, what: str, error: Exception) -> None:
        self.notify(f"{what}: {error}", title="Database problem", severity="error", timeout=8, markup=False)

    # -- start-up -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return HOME.load()()  # the home screen is the base of the stack

    def on_mount(self) -> None:
        self.set_class(self.plain_terminal, "-plain")  # ASCII borders (app.tcss)
        self.set_interval(RELEASE_SECONDS, self.release_closed_widgets)
        start = self._start
        if start["question_id"]:
            self.call_after_refresh(self.start_practice, start["question_id"], start["minutes"], True)
        elif start["count"] or start["category"] or start["minutes"]:

            def configured(saved: Any) -> None:
                config = MockConfig.from_dict(saved)
                if start["count"]:
                    config.count = int(start["count"])
                if start["category"]:
                    config.categories = [start["category"]]
                if start["minutes"]:
                    config.minutes = float(start["minutes"])
                self.start_mock(config, remember=False)

            self.db_call(lambda s: s.get_setting(MOCK_SETTING), configured, what="read the mock set-up")
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
            title=f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in question or rubric files",
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
                self._too_small.update_size(width, height)  # type: ignore[attr-defined]
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
        if question_id not in self.bank.questions:
            self.notify(f"Unknown question `{question_id}`.", severity="error", markup=False)
            return

        def begin() -> None:
            def configured(saved: Any) -> None:
                session = InterviewSession.practice(
                    self.bank,
                    question_id,
                    minutes=minutes,
                    overtime=MockConfig.from_dict(saved).overtime,
                    clock=self.clock,
                    now=self.now,
                )
                self._run_question(session)

            self.db_call(lambda s: s.get_setting(MOCK_SETTING), configured, what="read the settings")

        if check_drafts:
            self.offer_drafts(question_id, then=begin)
        else:
            begin()

    def start_mock(self, config: MockConfig, remember: bool = True) -> None:
        bank, rng, clock, now = self.bank, self.rng, self.clock, self.now

        def plan(store: Store) -> InterviewSession | None:
            return InterviewSession.start_mock(store, bank, config, rng=rng, remember=remember, clock=clock, now=now)

        def planned(session: InterviewSession | None) -> None:
            if session is None:
                self.notify("No questions match that choice; widen the categories or difficulty.", severity="warning")
                return
            self._run_question(session)

        self.db_call(plan, planned, what="start the mock interview")

    def resume_draft(self, draft: Draft) -> None:
        bank, clock, now = self.bank, self.clock, self.now

        def load(store: Store) -> InterviewSession | str:
            try:
                return InterviewSession.resume(store, bank, draft, clock=clock, now=now)
            except UnknownQuestionError:
                return f"The draft's question `{draft.question_id}` is no longer in the bank; the draft was kept."

        def loaded(result: InterviewSession | str) -> None:
            if isinstance(result, str):
                self.notify(result, severity="warning", markup=False)
                return
            self._run_question(result)

        self.db_call(load, loaded, what="resume the draft")

    def _run_question(self, session: InterviewSession) -> None:
        from .screens.interview import InterviewScreen

        session.begin()
        self.push_screen(InterviewScreen(session), lambda outcome: self._after_question(session, outcome))

    def _after_question(self, session: InterviewSession, outcome: QuestionOutcome | None) -> None:
        from .screens.results import ResultsScreen
        from .screens.summary import SummaryScreen

        outcome = outcome or QuestionOutcome(left=True)
        if session.mode == "practice":
            if session.attempt_ids:  # answered (even when the follow-up was left for later)
                self.push_screen(ResultsScreen(session.attempt_ids[-1]))
            return
        if outcome.left:
            if session.attempt_ids:
                self.push_screen(SummaryScreen(session))
            return
        if session.next_question():
            self._run_question(session)
            return
        self.db_call(session.finish, what="end the session")
        self.push_screen(SummaryScreen(session))

    def release_closed_widgets(self) -> None:
        """Drop watchers left on the app and the open screens by widgets that were removed.

        Textual prunes a watcher list only when the watched value changes; the app's theme and title
        rarely change, so every closed text area, header and footer key (the footer re-creates its keys when
        bindings change) would stay in memory for good.
        """
        screens = {*self.screen_stack, *self._named_shown.values()}  # hidden named screens too
        nodes = [self, *(node for screen in screens for node in (screen, *screen.walk_children()))]
        for watched in nodes:
            watchers = getattr(watched, "__watchers", None)
            if not isinstance(watchers, dict):
                continue
            for name, entries in watchers.items():
                watchers[name] = [(node, callback) for node, callback in entries if not node._closing]

    def go_home(self) -> None:
        from .screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_stats()
        self.call_after_refresh(self.release_closed_widgets)

    # -- actions --------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.show_screen("help")

    def show_screen(self, name: str) -> None:
        """Show a named screen (`registry.named_screens`): push it, or, when it is already open
        under others, go back to it (a named screen is in the stack at most once)."""
        screen = self._named_shown[name] = self.get_screen(name)
        if screen is self.screen:
            return
        if screen in self.screen_stack:
            from .screens.interview import InterviewScreen

            above = self.screen_stack[self.screen_stack.index(screen) + 1 :]
            if any(isinstance(open_screen, InterviewScreen) for open_screen in above):
                self.notify(f"{screen.title or name} is open under the interview: leave the interview first (esc).")
                return
            while self.screen is not screen:
                self.pop_screen()
            return
        self.push_screen(screen)

    def open_screen(self, name: str) -> None:
        """Open one of the registered destinations (see `registry.DESTINATIONS`)."""
        destination = next(d for d in DESTINATIONS if d.name == name)
        if destination.screen is not None:
            self.show_screen(name)
        elif name == "resume":
            self.offer_drafts(then=lambda: self.notify("No unfinished answers to resume."))
        elif name == "mock":
            from .screens.setup import MockSetupScreen

            def chosen(config: MockConfig | None) -> None:
                if config is not None:
                    self.start_mock(config)

            def configured(saved: Any) -> None:
                self.push_screen(MockSetupScreen(MockConfig.from_dict(saved), self.bank), chosen)

            self.db_call(lambda s: s.get_setting(MOCK_SETTING), configured, what="read the mock set-up")
        else:
            raise ValueError(f"destination {name!r} has no screen and no flow in TrainerApp.open_screen")

    async def action_quit(self) -> None:
        from .screens.interview import InterviewScreen

        screen = next((s for s in reversed(self.screen_stack) if isinstance(s, InterviewScreen)), None)
        if screen is None:
            self.exit()
            return
        screen.save_before_quitting(self.exit)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Home", "Go back to the home screen", self.go_home)
        for destination in DESTINATIONS:
            yield SystemCommand(
                destination.title, destination.description, lambda name=destination.name: self.open_screen(name)
            )
