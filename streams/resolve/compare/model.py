"""Vehicle or firearm models: same, similar (a prefix, a part, or a close spelling), or different."""

from __future__ import annotations

from rapidfuzz.distance import JaroWinkler

from streams.resolve.compare.comparison import Comparison, missing

LEVELS: tuple[str, ...] = ("same", "similar", "different", "missing")
SIMILAR_THRESHOLD = 0.88


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare compact models ("CRV", "LANDCRUISERPRADO"): ``similar`` when one contains the other
    ("PRADO" in "LANDCRUISERPRADO") or Jaro-Winkler >= 0.88."""
    if not a or not b:
        return missing()
    if a == b:
        return Comparison("same", a)
    detail = f"{a}~{b}"
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if (len(short) >= 2 and short in long) or JaroWinkler.similarity(a, b) >= SIMILAR_THRESHOLD:
        return Comparison("similar", detail)
    return Comparison("different", detail)
