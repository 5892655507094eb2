"""Identity documents: one held in common, a clash in one slot (same country and type), or no evidence."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from streams.resolve.compare.comparison import Comparison, missing
from streams.resolve.normalize.documents import IdDocument, documents_compatible, same_slot

LEVELS: tuple[str, ...] = ("same_doc", "near", "conflict", "none", "missing")


def compare(a: Iterable[IdDocument], b: Iterable[IdDocument]) -> Comparison:
    """``same_doc`` when any document matches (number, no country/type clash); ``near`` when two
    numbers of one kind differ by one character; ``conflict`` when both hold the same country's
    same document type under different numbers; ``none`` when the documents say nothing."""
    docs_a, docs_b = tuple(a), tuple(b)
    if not docs_a or not docs_b:
        return missing()
    near: Comparison | None = None
    clash: Comparison | None = None
    for x in docs_a:
        for y in docs_b:
            if documents_compatible(x, y):
                return Comparison("same_doc", f"{x.doc_type}:{x.number}")
            related = same_slot(x, y) or (x.doc_type == y.doc_type or "UNKNOWN" in (x.doc_type, y.doc_type))
            if related and len(x.number) == len(y.number) and Levenshtein.distance(x.number, y.number) == 1:
                near = near or Comparison("near", f"{x.number}~{y.number}")
            elif same_slot(x, y):
                clash = clash or Comparison("conflict", f"{x.country} {x.doc_type}: {x.number}!={y.number}")
    return near or clash or Comparison("none")
