"""The time left on the current question, read from the session's clock (which cannot be paused)."""

from __future__ import annotations

import math

from textual.message import Message
from textual.widgets import Static

from ...session import QuestionClock

WARNING_SECONDS = 60
DANGER_SECONDS = 30


class Countdown(Static):
    """Shows the time left; turns amber at one minute and red at 30 seconds.

    It only draws the clock: time is measured by the `QuestionClock` from its start, so a frame that
    is late, a dialog or a terminal too small to draw in changes nothing. At zero it posts
    `Countdown.Expired` once per clock; with `overtime` it keeps counting past zero.
    """

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        min-width: 16;
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $success-muted;
        color: $text;
    }
    Countdown.-warning { background: $warning; color: $background; }
    Countdown.-danger { background: $error; color: $text; }
    Countdown.-overtime { background: $error-darken-2; color: $text; }
    """

    class Expired(Message):
        """The time limit was reached."""

    def __init__(self, clock: QuestionClock, *, overtime: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.overtime = overtime
        self._expired_posted = False

    @property
    def used(self) -> float:
        return self.clock.used

    @property
    def remaining(self) -> float:
        return self.clock.remaining

    def show_clock(self, clock: QuestionClock) -> None:
        """Follow another clock (the follow-up's)."""
        self.clock = clock
        self._expired_posted = False
        self.refresh_time()

    def on_mount(self) -> None:
        self.refresh_time()
        self.set_interval(0.25, self.refresh_time)

    def refresh_time(self) -> None:
        remaining = self.clock.remaining
        if remaining > 0:
            whole = math.ceil(remaining)
            text = f"⏱ {whole // 60}:{whole % 60:02d} left"
        else:
            over = math.floor(-remaining)
            text = f"⏱ overtime +{over // 60}:{over % 60:02d}" if self.overtime else "⏱ time is up"
        self.update(text)
        self.set_class(DANGER_SECONDS < remaining <= WARNING_SECONDS, "-warning")
        self.set_class(0 < remaining <= DANGER_SECONDS, "-danger")
        self.set_class(remaining <= 0, "-overtime")
        if remaining <= 0 and not self._expired_posted and self.clock.running:
            self._expired_posted = True
            self.post_message(self.Expired())
