"""Garbage-collector policy for a process whose resolver state lives as long as the process.

CPython's cyclic collector re-scans every container object it tracks (entries, features,
decisions, block lists) in each older-generation pass, so with a growing resolver it spends a
growing share of the time there: 14% of the CPU at 100k records, more beyond. The resolver's
state is freed by reference counting when records are retracted, not by the cyclic collector,
so a bulk run freezes what has survived every ``every`` records (``gc.freeze``: never scanned
again) and collects the young generation less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 20_000
"""Allocations between young-generation collections (CPython's default, 700, suits short-lived programs)."""
EVERY = 10_000
"""Records between freezes of the survivors."""


class Settler:
    """Counts resolved records and freezes the surviving heap every ``every`` of them."""

    __slots__ = ("every", "count")

    def __init__(self, every: int = EVERY) -> None:
        self.every = every
        self.count = 0

    def tick(self) -> None:
        """One more record resolved."""
        self.count += 1
        if self.count % self.every == 0:
            gc.freeze()


@contextmanager
def long_lived(every: int = EVERY, young: int = YOUNG) -> Iterator[Settler]:
    """Within the block, collect the young generation every ``young`` allocations and let the caller's
    ``tick`` freeze survivors; afterwards the old thresholds return and frozen objects are scanned again."""
    gc.collect()  # garbage from before (an earlier resolver's cycles) must not be frozen with the survivors
    before = gc.get_threshold()
    gc.set_threshold(young, before[1], before[2])
    try:
        yield Settler(every)
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
