"""The unrestricted search request: the member-record clauses of a viewer's search, with no visibility filter (pure).

``enlace search`` without ``--as``, the demo and some tests search every record. They match the
same nested ``members`` documents as a viewer's search (``consumers.viewer_query.text_clauses``:
forgiving names, identifiers whole, look-alike or in part, descriptive words), as a viewer who may
see everything would; only the visibility and record filters are left out. The entity document
carries no other search helper fields.
"""

from __future__ import annotations

from typing import Any

from consumers.access import MEMBERS
from consumers.documents import SEARCH_FIELD
from consumers.viewer_query import text_clauses

KINDS = ("person", "vehicle", "firearm")


def search_body(query: str, kind: str | None = None, size: int = 10) -> dict[str, Any]:
    """The best ``size`` entities (optionally of one ``kind``) having a member record that matches ``query``.

    An entity scores as its best-matching record; ties go to the most recently updated entity.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if size < 1:
        raise ValueError("size must be at least 1")
    text = " ".join(query.split())
    if not text:
        raise ValueError("empty query")
    members = {"bool": {"should": text_clauses(text), "minimum_should_match": 1}}
    bool_query: dict[str, Any] = {"must": [{"nested": {"path": MEMBERS, "query": members, "score_mode": "max"}}]}
    if kind is not None:
        bool_query["filter"] = [{"term": {"kind": kind}}]
    return {
        "size": size,
        "query": {"bool": bool_query},
        "_source": {"excludes": [SEARCH_FIELD, MEMBERS]},
        "sort": ["_score", {"updated_at": {"order": "desc", "unmapped_type": "date"}}],
        "track_scores": True,
    }
