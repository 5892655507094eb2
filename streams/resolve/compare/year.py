"""Model years: exact, one apart (model year vs registration year), or different."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing

LEVELS: tuple[str, ...] = ("exact", "one_off", "different", "missing")


def compare(a: int | None, b: int | None) -> Comparison:
    """Compare model years."""
    if a is None or b is None:
        return missing()
    detail = f"{a}~{b}"
    if a == b:
        return Comparison("exact", detail)
    return Comparison("one_off" if abs(a - b) == 1 else "different", detail)
