"""Addresses by token-set similarity (inputs from ``normalize.addresses.normalize_address``)."""

from __future__ import annotations

from rapidfuzz import fuzz

from streams.resolve.compare.comparison import Comparison, missing

LEVELS: tuple[str, ...] = ("same", "similar", "partial", "different", "missing")
SIMILAR, PARTIAL = 90.0, 70.0
"""Token-set ratio thresholds (0-100) for ``similar`` and ``partial``."""


def _numbers(address: str) -> frozenset[str]:
    return frozenset(w for w in address.split() if any(c.isdigit() for c in w))


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare normalized addresses: identical, token-set ratio >= 90, >= 70, or lower; house numbers
    that share nothing cap the level at ``partial``."""
    if not a or not b:
        return missing()
    if a == b:
        return Comparison("same")
    ratio = fuzz.token_set_ratio(a, b)
    detail = f"token_set_ratio={ratio:.0f}"
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        ratio = min(ratio, SIMILAR - 1)  # another house or lot number: at most a street in common
        detail += ", numbers differ"
    if ratio >= SIMILAR:
        return Comparison("similar", detail)
    if ratio >= PARTIAL:
        return Comparison("partial", detail)
    return Comparison("different", detail)
