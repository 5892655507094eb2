"""Vehicle identification numbers: ISO 3779 VINs (with the North American check digit) and chassis numbers."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from streams.resolve.normalize.text import fold

VIN_LENGTH = 17
FORBIDDEN = frozenset("IOQ")
"""Letters a 17-character VIN never contains (they read as 1 and 0)."""

TRANSLITERATION: dict[str, int] = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
"""ISO 3779 character values for the check digit."""
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_CHECK_DIGIT_REGIONS = frozenset("12345")
"""First VIN characters of North America, where position 9 must be the check digit."""


@lru_cache(maxsize=32768)
def normalize_vin(s: str | None) -> str | None:
    """Uppercase alphanumerics only ("1ftfw1et5dfc1 0312" -> "1FTFW1ET5DFC10312"); None when empty.

    Chassis numbers that are not 17-character VINs ("KUN25-1234567") are kept, compacted.
    """
    text = fold(s).replace(" ", "")
    if len(text) < 5 or text in ("NA", "NONE", "UNKNOWN", "NIL", "NULL"):
        return None
    return text


def is_valid_vin(vin: str | None) -> bool:
    """True for a 17-character VIN without I, O or Q."""
    if not vin or len(vin) != VIN_LENGTH:
        return False
    return vin.isascii() and vin.isalnum() and not FORBIDDEN.intersection(vin)


def check_digit(vin: str) -> str:
    """The ISO 3779 / NHTSA check character (position 9) computed from a valid VIN."""
    total = sum(TRANSLITERATION[c] * w for c, w in zip(vin, _WEIGHTS))
    r = total % 11
    return "X" if r == 10 else str(r)


def check_digit_ok(vin: str | None) -> bool | None:
    """Whether position 9 is the right check digit; None when the rule does not apply.

    The rule applies to valid VINs made for North America (first character 1-5); elsewhere
    position 9 is free, so a mismatch says nothing.
    """
    if not vin or not is_valid_vin(vin) or vin[0] not in _CHECK_DIGIT_REGIONS:
        return None
    return vin[8] == check_digit(vin)


def vin_distance(a: str, b: str) -> int:
    """Edit distance between two normalized VINs (substitutions, insertions, deletions)."""
    return int(Levenshtein.distance(a, b))
