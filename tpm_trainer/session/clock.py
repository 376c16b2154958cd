"""One clock per question: time used is measured from a start instant, never summed from ticks."""

from __future__ import annotations

import time
from collections.abc import Callable


class QuestionClock:
    """Time used on one question (or follow-up) and time left of its limit.

    The clock starts when it is made and runs until `stop`; there is no pause, so nothing an interface
    does (a dialog, a terminal too small to draw in, a slow frame) gives the candidate extra time.
    `used_before` carries time already spent, when a saved draft is resumed.
    """

    def __init__(
        self, limit_seconds: float, used_before: float = 0.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit_seconds = float(limit_seconds)
        self._clock = clock
        self._used_before = max(float(used_before), 0.0)
        self._started = clock()
        self._stopped_at: float | None = None

    @property
    def used(self) -> float:
        """Seconds used so far (frozen once stopped)."""
        end = self._stopped_at if self._stopped_at is not None else self._clock()
        return self._used_before + max(end - self._started, 0.0)

    @property
    def remaining(self) -> float:
        """Seconds left of the limit (negative in overtime)."""
        return self.limit_seconds - self.used

    @property
    def expired(self) -> bool:
        return self.remaining <= 0

    @property
    def running(self) -> bool:
        return self._stopped_at is None

    def stop(self) -> float:
        """Stop for good (the answer was submitted, skipped or left); returns the time used."""
        if self._stopped_at is None:
            self._stopped_at = self._clock()
        return self.used
