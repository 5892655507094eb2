"""Firearm serials: exact, equal where readable (``?`` wildcards), close, or different."""

from __future__ import annotations

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.firearms import Serial, serial_comparable, serial_overlap, serial_similarity, serials_compatible
from streams.resolve.normalize.plates import skeleton

LEVELS: tuple[str, ...] = ("exact", "wildcard_match", "fuzzy", "different", "missing")
MIN_READABLE = 3
"""Fewer readable characters than this make a serial uninformative (compared as ``missing``)."""
FUZZY_THRESHOLD = 0.85


def compare(a: Serial | None, b: Serial | None) -> Comparison:
    """Compare normalized serials.

    ``wildcard_match``: every readable position agrees (``?`` matches anything; one serial may
    have lost its first or last character), at least three of them; fewer say nothing (``missing``). ``fuzzy``: equal up to look-alike characters, or
    similarity >= 0.85 (a mistyped character). A serial only identifies a gun with its make:
    combine with ``firearm_make``.
    """
    if a is None or b is None or a.readable < MIN_READABLE or b.readable < MIN_READABLE:
        return missing()
    if a.text == b.text:
        return Comparison("exact" if a.complete else "wildcard_match", a.text)
    detail = f"{a.text}~{b.text}"
    overlap = serial_overlap(a, b)
    if overlap >= MIN_READABLE:
        return Comparison("wildcard_match", detail)
    partial = not (a.complete and b.complete)
    if overlap > 0 or (partial and abs(len(a.text) - len(b.text)) <= 1 and serial_comparable(a, b) < MIN_READABLE):
        return missing(detail + " (too few readable characters in common)")
    if serials_compatible(skeleton(a.text), skeleton(b.text)):
        return Comparison("fuzzy", detail + " (look-alikes)")
    similarity = serial_similarity(a, b)
    if similarity >= FUZZY_THRESHOLD:
        return Comparison("fuzzy", f"{detail} similarity={similarity:.2f}")
    return Comparison("different", detail)
