"""Surnames as sets: one vs two Spanish surnames is a subset, a shared one among others is partial."""

from __future__ import annotations

from rapidfuzz.distance import JaroWinkler

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.names import PersonName, phonetic

LEVELS: tuple[str, ...] = ("exact", "subset", "phonetic", "fuzzy", "partial", "different", "missing")
FUZZY_THRESHOLD = 0.92


def _fuzzy_cover(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """True when every surname of ``short`` is a close spelling of one in ``long``."""
    return all(any(JaroWinkler.similarity(x, y) >= FUZZY_THRESHOLD for y in long) for x in short)


def compare(a: PersonName, b: PersonName) -> Comparison:
    """Compare surname sets: exact, subset ("LOPEZ" in "LOPEZ GARCIA"), sound, spelling, one shared, none."""
    if not a.surnames or not b.surnames:
        return missing()
    sa, sb = set(a.surnames), set(b.surnames)
    detail = f"{' '.join(a.surnames)}~{' '.join(b.surnames)}"
    if sa == sb or "".join(a.surnames) == "".join(b.surnames):
        return Comparison("exact", detail)
    if sa < sb or sb < sa:
        return Comparison("subset", detail)
    pa, pb = {phonetic(s) for s in sa}, {phonetic(s) for s in sb}
    if pa <= pb or pb <= pa:
        return Comparison("phonetic", detail)
    short, long = (a.surnames, b.surnames) if len(sa) <= len(sb) else (b.surnames, a.surnames)
    if _fuzzy_cover(short, long):
        return Comparison("fuzzy", detail)
    if sa & sb or pa & pb:
        return Comparison("partial", detail)
    return Comparison("different", detail)
