"""Vehicle colours as sets of canonical colours ("silver/grey"), with often-confused families."""

from __future__ import annotations

from collections.abc import Set

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.vehicles import colors_related

LEVELS: tuple[str, ...] = ("same", "overlap", "related", "different", "missing")


def compare(a: Set[str], b: Set[str]) -> Comparison:
    """Compare colour sets (from ``canonical_colors``): equal, sharing one, confusable (SILVER/GREY), or different."""
    if not a or not b:
        return missing()
    detail = f"{'/'.join(sorted(a))}~{'/'.join(sorted(b))}"
    if a == b:
        return Comparison("same", detail)
    if a & b:
        return Comparison("overlap", detail)
    if any(colors_related(x, y) for x in a for y in b):
        return Comparison("related", detail)
    return Comparison("different", detail)
