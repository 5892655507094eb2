"""Swapped name order: "Choc Jose" filed with given and family names exchanged."""

from __future__ import annotations

from functools import lru_cache

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.names import PersonName, canonical_given, phonetic

LEVELS: tuple[str, ...] = ("same_order", "swapped", "missing")


@lru_cache(maxsize=65536)
def _same(x: str, y: str) -> bool:
    return x == y or canonical_given(x) == canonical_given(y) or phonetic(x) == phonetic(y)


def _agree(given: tuple[str, ...], surnames: tuple[str, ...]) -> bool:
    return bool(given) and bool(surnames) and any(_same(given[0], s) for s in surnames)


def compare(a: PersonName, b: PersonName) -> Comparison:
    """``swapped`` when a's given name is among b's surnames and b's given name among a's surnames,
    while the straight reading does not already match."""
    if not a.given or not b.given or not a.surnames or not b.surnames:
        return missing()
    straight = _same(a.first, b.first) or bool(set(a.surnames) & set(b.surnames))
    if not straight and _agree(a.given, b.surnames) and _agree(b.given, a.surnames):
        return Comparison("swapped", f"{a.full}~{b.full}")
    return Comparison("same_order")


def swapped(name: PersonName) -> PersonName:
    """The name with given names and surnames exchanged."""
    return PersonName(name.surnames, name.given, name.suffix)


def align(a: PersonName, b: PersonName) -> tuple[PersonName, PersonName]:
    """``(a, b)``, with b's parts exchanged when the two are ``swapped``, ready for the name comparators."""
    if compare(a, b).level == "swapped":
        return a, swapped(b)
    return a, b
