"""Sex: same, different or missing (inputs normalized to "M"/"F" by ``normalize.sex``)."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing

LEVELS: tuple[str, ...] = ("same", "different", "missing")


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare normalized sex codes."""
    if a is None or b is None:
        return missing()
    return Comparison("same" if a == b else "different", f"{a}~{b}")
