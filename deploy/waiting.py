"""Wait on a condition with a deadline: the only way Enlace's tools and tests synchronise."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from schemas.errors import EnlaceError

T = TypeVar("T")


class Timeout(EnlaceError):
    """A condition did not hold before its deadline."""


def wait_until(
    condition: Callable[[], T], timeout: float, message: str, interval: float = 0.25
) -> T:
    """Poll ``condition`` until it returns something truthy; raise ``Timeout(message)`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise Timeout(f"{message} (waited {timeout:.0f} s)")
        time.sleep(interval)
