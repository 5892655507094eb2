"""A token bucket that paces publishing at a steady rate without drift (clock and sleep injectable)."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up; rate 0 means unlimited.

    Tokens are refilled from the clock's elapsed time and may go negative (a debt
    the next call waits off), so oversleeping never accumulates into drift.
    """

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate < 0:
            raise ValueError("rate must be >= 0")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate / 20)
        self._tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()

    def reserve(self, n: float = 1.0) -> float:
        """Take ``n`` tokens now; return how long the caller must wait before using them."""
        if self.rate == 0:
            return 0.0
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        self._tokens -= n
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self, n: float = 1.0) -> None:
        """Block until ``n`` tokens are available."""
        wait = self.reserve(n)
        if wait > 0:
            self._sleep(wait)
