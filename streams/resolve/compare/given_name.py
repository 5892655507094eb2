"""Given names: exact, nickname, sound-alike, close spelling, initial, or a shared middle name."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.names import PersonName, canonical_given, phonetic

LEVELS: tuple[str, ...] = ("exact", "nickname", "phonetic", "fuzzy", "initial", "middle", "different", "missing")
FUZZY_THRESHOLD = 0.92
"""Jaro-Winkler similarity above which two given names count as a misspelling of one another."""
TYPO_MIN_LENGTH = 5
"""Names this long that differ by one edit or transposition ("ANGEL"/"AMGEL") also count as ``fuzzy``."""


@lru_cache(maxsize=65536)
def _pair(x: str, y: str) -> str | None:
    """The level of two single given-name tokens, or None when they are unrelated."""
    if x == y:
        return "exact" if len(x) > 1 else "initial"
    if len(x) == 1 or len(y) == 1:
        return "initial" if x[0] == y[0] else None
    cx, cy = canonical_given(x), canonical_given(y)
    if cx == cy:
        return "nickname"
    if phonetic(x) == phonetic(y) or phonetic(cx) == phonetic(cy):
        return "phonetic"
    if JaroWinkler.similarity(x, y) >= FUZZY_THRESHOLD:
        return "fuzzy"
    if min(len(x), len(y)) >= TYPO_MIN_LENGTH and OSA.distance(x, y) == 1:
        return "fuzzy"
    return None


def compare(a: PersonName, b: PersonName) -> Comparison:
    """Compare first given names, then any shared given name ("JOSE LUIS" vs "LUIS" is ``middle``)."""
    if not a.given or not b.given:
        return missing()
    if len(a.given) != len(b.given) and "".join(a.given) == "".join(b.given):
        return Comparison("exact", "spacing")  # "JA YDE" vs "JAYDE"
    level = _pair(a.first, b.first)
    if level is not None:
        return Comparison(level, f"{a.first}~{b.first}")
    for x in a.given:
        for y in b.given:
            if len(x) > 1 and len(y) > 1 and (x == y or canonical_given(x) == canonical_given(y)):
                return Comparison("middle", f"{x}~{y}")
    return Comparison("different", f"{a.first}!={b.first}")
