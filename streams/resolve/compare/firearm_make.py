"""Firearm makes (inputs from ``normalize.firearms.canonical_make``)."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing

LEVELS: tuple[str, ...] = ("same", "different", "missing")


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare canonical makes; with an equal serial, ``different`` means two guns."""
    if not a or not b:
        return missing()
    return Comparison("same" if a == b else "different", f"{a}~{b}")
