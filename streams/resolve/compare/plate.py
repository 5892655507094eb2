"""Plates: same core, same up to look-alike characters, one a fragment of the other, or different."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.plates import Plate, skeleton

LEVELS: tuple[str, ...] = ("exact", "skeleton", "fragment", "different", "missing")
MIN_FRAGMENT = 4
"""Shortest partial plate that counts as a fragment of a full one."""


def compare(a: Plate | None, b: Plate | None) -> Comparison:
    """Compare normalized plates.

    Known countries or prefixes (Belizean district, Guatemalan usage letter) that differ make the
    plates ``different``; otherwise equal cores are ``exact``, equal skeletons (0/O/D/Q, 1/I/L,
    8/B, 5/S, 2/Z, 6/G) ``skeleton``, and a core (or skeleton) inside the other's text ``fragment``.
    """
    if a is None or b is None or not a.core or not b.core:
        return missing()
    detail = f"{a.text}~{b.text}"
    if a.country and b.country and a.country != b.country:
        return Comparison("different", f"country {a.country}!={b.country}")
    if a.prefix and b.prefix and a.prefix != b.prefix:
        return Comparison("different", f"prefix {a.prefix}!={b.prefix}")
    if a.core == b.core:
        return Comparison("exact", detail)
    if a.skeleton == b.skeleton or skeleton(a.text) == skeleton(b.text):
        return Comparison("skeleton", detail)
    short, long = (a, b) if len(a.text) <= len(b.text) else (b, a)
    if len(short.core) >= MIN_FRAGMENT and (short.core in long.text or short.skeleton in skeleton(long.text)):
        return Comparison("fragment", detail)
    return Comparison("different", detail)
