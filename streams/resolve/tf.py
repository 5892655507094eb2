"""Term-frequency adjustments: agreeing on a common name ("JOSE", "CHOC") counts for less than a rare one.

For an agreeing level with average u (the chance two random records agree on *some* value)
the adjustment is ``log2(u / freq(value))``: negative for values commoner than average,
positive for rare ones. Frequencies are counted over the records seen so far; until
``min_records`` records are in, no adjustment is made (the counts would be noise).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

ADJUSTED_LEVELS: dict[str, frozenset[str]] = {
    "given": frozenset({"exact", "nickname"}),
    "surname": frozenset({"exact", "subset"}),
    "address": frozenset({"same"}),
}
"""Levels whose weight depends on which value agreed."""


class TermFrequencies:
    """Counts of name tokens per attribute over the records seen, with the adjustment they imply."""

    __slots__ = ("counts", "totals", "min_records", "limit", "rare_limit")

    def __init__(self, min_records: int = 1000, limit: float = 4.0, rare_limit: float = 2.0) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.totals: Counter[str] = Counter()
        self.min_records = min_records
        self.limit = limit
        self.rare_limit = rare_limit

    def observe(self, attribute: str, values: Iterable[str], sign: int = 1) -> None:
        """Count (``sign=1``) or uncount (``sign=-1``) one record's distinct values of ``attribute``."""
        counts = self.counts.setdefault(attribute, Counter())
        for value in set(values):
            counts[value] += sign
        self.totals[attribute] += sign

    def frequency(self, attribute: str, value: str) -> float:
        """Share of records carrying ``value`` (at least one record's worth)."""
        counts = self.counts.get(attribute)
        seen = counts.get(value, 0) if counts is not None else 0
        return max(seen, 1) / max(self.totals[attribute], 1)

    def adjustment(self, attribute: str, values: Iterable[str], u: float) -> float:
        """log2(u / P(random record pair agrees on these values)), clamped to [-limit, rare_limit].

        Rare values earn less than common ones lose: a value seen once may simply be new.
        """
        if self.totals[attribute] < self.min_records:
            return 0.0
        chance = 1.0
        for value in sorted(values):  # a fixed order: float products must not depend on set order
            chance *= self.frequency(attribute, value)
        adj = math.log2(u / max(chance, 1e-12))
        return max(-self.limit, min(self.rare_limit, adj))

    def as_dict(self) -> dict[str, object]:
        """Plain-dict snapshot."""
        return {"counts": {a: dict(c) for a, c in self.counts.items()}, "totals": dict(self.totals)}

    @classmethod
    def from_dict(cls, data: dict[str, object], min_records: int = 1000, limit: float = 4.0) -> TermFrequencies:
        """Restore a snapshot made by ``as_dict``."""
        tf = cls(min_records, limit)
        counts = data.get("counts", {})
        totals = data.get("totals", {})
        assert isinstance(counts, dict) and isinstance(totals, dict)
        tf.counts = {a: Counter(c) for a, c in counts.items()}
        tf.totals = Counter(totals)
        return tf
