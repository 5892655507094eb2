"""Generational suffixes: "Juan Perez Jr." and "Juan Perez Sr." are father and son, not one person."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison

LEVELS: tuple[str, ...] = ("same", "conflict", "one_sided", "none")


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare suffixes (JR, SR, II, III...): both equal, both present and different, only one, neither."""
    if a is None and b is None:
        return Comparison("none")
    if a is None or b is None:
        return Comparison("one_sided", a or b or "")
    if a == b:
        return Comparison("same", a)
    return Comparison("conflict", f"{a}!={b}")
