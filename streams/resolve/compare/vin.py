"""VINs: exact, one character off (a typo or a look-alike), two valid VINs that differ, or different."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.vins import TRANSLITERATION, check_digit_ok, is_valid_vin

LEVELS: tuple[str, ...] = ("exact", "one_off", "check_conflict", "different", "missing")
_LOOKALIKES = str.maketrans("OQI", "001")


def _same_weight_substitution(a: str, b: str) -> bool:
    """True when a and b differ in one character whose check-digit values agree (7 vs P, U vs M):
    a typo the check digit cannot see."""
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    return len(a) == len(b) and len(diffs) == 1 and TRANSLITERATION.get(diffs[0][0]) == TRANSLITERATION.get(diffs[0][1])


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare normalized VINs (from ``normalize_vin``).

    ``one_off``: one edit apart after mapping O/Q->0 and I->1, unless both pass the check digit
    (a single typo keeps both valid only when the two characters weigh the same: 7/P, U/M...). ``check_conflict``: two valid 17-character VINs that
    differ otherwise (strong evidence of two vehicles). ``different``: any other mismatch.
    """
    if not a or not b:
        return missing()
    if a == b:
        return Comparison("exact", a)
    detail = f"{a}~{b}"
    both_checked = check_digit_ok(a) is True and check_digit_ok(b) is True
    if Levenshtein.distance(a.translate(_LOOKALIKES), b.translate(_LOOKALIKES)) <= 1:
        if not both_checked or _same_weight_substitution(a, b):
            return Comparison("one_off", detail)
    if is_valid_vin(a) and is_valid_vin(b):
        return Comparison("check_conflict", detail)
    return Comparison("different", detail)
