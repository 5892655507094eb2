"""Firearm types: same, compatible (HANDGUN covers PISTOL and REVOLVER), or different."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.firearms import types_compatible

LEVELS: tuple[str, ...] = ("same", "compatible", "different", "missing")


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare canonical types (from ``canonical_type``)."""
    if not a or not b:
        return missing()
    detail = f"{a}~{b}"
    if a == b:
        return Comparison("same", detail)
    return Comparison("compatible" if types_compatible(a, b) else "different", detail)
