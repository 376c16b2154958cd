"""A countdown clock that measures active time with a monotonic clock."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from textual.message import Message
from textual.widgets import Static

WARNING_SECONDS = 60
DANGER_SECONDS = 30


class Countdown(Static):
    """Shows the time left; turns amber at one minute and red at 30 seconds.

    Time used is the sum of active (running) periods plus `used` at construction, so a resumed draft
    continues its clock. At zero it posts `Countdown.Expired` once; with `overtime` it keeps counting.
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
    Countdown.-paused { text-style: bold dim; }
    """

    class Expired(Message):
        """The time limit was reached."""

    def __init__(
        self,
        limit_seconds: float,
        used_seconds: float = 0.0,
        *,
        overtime: bool = False,
        clock: Callable[[], float] = time.monotonic,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.limit = float(limit_seconds)
        self.overtime = overtime
        self._clock = clock
        self._used_before = float(used_seconds or 0.0)
        self._running_since: float | None = None
        self._expired = False

    # -- time ------------------------------------------------------------------------------------

    @property
    def used(self) -> float:
        running = self._clock() - self._running_since if self._running_since is not None else 0.0
        return self._used_before + max(running, 0.0)

    @property
    def remaining(self) -> float:
        return self.limit - self.used

    @property
    def running(self) -> bool:
        return self._running_since is not None

    def start(self) -> None:
        if self._running_since is None:
            self._running_since = self._clock()
        self.refresh_time()

    def pause(self) -> None:
        if self._running_since is not None:
            self._used_before = self.used
            self._running_since = None
        self.refresh_time()

    def reset(self, limit_seconds: float, used_seconds: float = 0.0) -> None:
        self.limit = float(limit_seconds)
        self._used_before = float(used_seconds or 0.0)
        self._running_since = None
        self._expired = False
        self.refresh_time()

    # -- display ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.refresh_time()
        self.set_interval(0.25, self.refresh_time)

    def refresh_time(self) -> None:
        remaining = self.remaining
        if remaining > 0:
            whole = math.ceil(remaining)
            text = f"⏱ {whole // 60}:{whole % 60:02d} left"
        else:
            over = math.floor(-remaining)
            text = f"⏱ overtime +{over // 60}:{over % 60:02d}" if self.overtime else "⏱ time is up"
        if not self.running and not self._expired:
            text += " (paused)"
        self.update(text)
        self.set_class(0 < remaining <= WARNING_SECONDS and remaining > DANGER_SECONDS, "-warning")
        self.set_class(0 < remaining <= DANGER_SECONDS, "-danger")
        self.set_class(remaining <= 0, "-overtime")
        self.set_class(not self.running, "-paused")
        if remaining <= 0 and not self._expired and self.running:
            self._expired = True
            if not self.overtime:
                self.pause()
            self.post_message(self.Expired())
