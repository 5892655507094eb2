"""Dates of birth: exact, day/month swapped, year and month, year only, a year apart, or different."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.dates import PartialDate

LEVELS: tuple[str, ...] = ("exact", "day_month_swap", "year_month", "month_day", "year_only", "within_1y", "different", "missing")


def _digit_typo(x: int, y: int) -> bool:
    """True when two years differ in one digit or by swapped adjacent digits (1985 vs 1958 counts)."""
    sx, sy = f"{x:04d}", f"{y:04d}"
    diffs = [i for i in range(4) if sx[i] != sy[i]]
    return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and sx[diffs[0]] == sy[diffs[1]] and sx[diffs[1]] == sy[diffs[0]])


def compare(a: PartialDate | None, b: PartialDate | None) -> Comparison:
    """Compare birth dates; an estimated date (year only, "c. 1985", 1 Jan/1 Jul placeholder) matches at most at year level."""
    if a is None or b is None:
        return missing()
    detail = f"{a.iso()}~{b.iso()}"
    estimated = a.estimated or b.estimated or a.month is None or b.month is None
    if a.year == b.year:
        if estimated:
            return Comparison("year_only", detail)
        if a.month == b.month:
            return Comparison("exact" if a.day == b.day and a.day is not None else "year_month", detail)
        if a.day is not None and b.day is not None and a.month == b.day and a.day == b.month:
            return Comparison("day_month_swap", detail)
        return Comparison("year_only", detail)
    if not estimated and a.month == b.month and a.day == b.day and a.day is not None and _digit_typo(a.year, b.year):
        return Comparison("month_day", detail)
    if abs(a.year - b.year) == 1:
        return Comparison("within_1y", detail)
    return Comparison("different", detail)
