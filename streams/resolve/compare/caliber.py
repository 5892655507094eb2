"""Calibers: same, related (5.56x45 and .223 Rem; .38 Spl and .357 Mag), or different."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.firearms import calibers_related

LEVELS: tuple[str, ...] = ("same", "related", "different", "missing")


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare canonical calibers (from ``canonical_caliber``)."""
    if not a or not b:
        return missing()
    detail = f"{a}~{b}"
    if a == b:
        return Comparison("same", detail)
    return Comparison("related" if calibers_related(a, b) else "different", detail)
