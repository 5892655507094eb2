"""Phone numbers by their last seven digits (inputs from ``normalize.phones.phone_key``)."""

from __future__ import annotations

from rapidfuzz.distance import Hamming

from streams.resolve.compare.comparison import Comparison, missing

LEVELS: tuple[str, ...] = ("same", "one_off", "different", "missing")


def compare(a: str | None, b: str | None) -> Comparison:
    """Compare phone keys: equal, one digit apart (a mistyped digit), or different."""
    if not a or not b:
        return missing()
    if a == b:
        return Comparison("same", a)
    if len(a) == len(b) and Hamming.distance(a, b) == 1:
        return Comparison("one_off", f"{a}~{b}")
    return Comparison("different", f"{a}!={b}")
