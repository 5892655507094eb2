"""Event timestamps: one representation (aware UTC ``datetime`` at millisecond precision) from any input."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_utc(value: Any) -> datetime:
    """``value`` (datetime, ISO-8601 string, or epoch milliseconds) as an aware UTC datetime truncated to ms.

    Naive datetimes and ISO strings without an offset are taken as UTC. Raises ``ValueError``/``TypeError``.
    """
    if isinstance(value, bool):
        raise TypeError("a timestamp cannot be a bool")
    if isinstance(value, (int, float)):
        moment = datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    elif isinstance(value, datetime):
        moment = value
    else:
        raise TypeError(f"not a timestamp: {type(value).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def to_millis(value: Any) -> int:
    """``value`` as epoch milliseconds (UTC)."""
    delta = to_utc(value) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
