"""Small helpers for integration tests: wait on a condition with a deadline, never on the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from deploy.waiting import Timeout
from deploy.waiting import wait_until as _wait_until

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, message: str, interval: float = 0.1) -> T:
    """Poll ``predicate`` until it returns something truthy (returned); fail the test with ``message`` at the deadline."""
    try:
        return _wait_until(predicate, timeout, message, interval)
    except Timeout as exc:
        pytest.fail(str(exc), pytrace=False)
