"""The search request: forgiving on names (fuzzy, accent-free), exact or fragmentary on identifiers (pure)."""

from __future__ import annotations

from typing import Any

from consumers.mappings import MIN_FRAGMENT
from consumers.variants import compact, plate_skeleton

KINDS = ("person", "vehicle", "firearm")
NAME_FIELDS = ("search.names^3", "display_name^2", "search.given_names", "search.family_names")
BOOSTS = {"all_words": 2.0, "some_words": 1.0, "identifier": 10.0, "plate_skeleton": 6.0, "fragment": 4.0}


def search_body(query: str, kind: str | None = None, size: int = 10) -> dict[str, Any]:
    """A bool query whose clauses each forgive one kind of difference between the query and the record.

    - every word of a name, each within AUTO edit distance (``"Josè Lopes"`` finds ``"José López"``);
    - some words of a name or description, for partial queries;
    - an identifier whole, whatever its spacing, dashes or case (keyword normalizer);
    - a plate read with look-alike characters (``O``/``0``, ``B``/``8``: the plate skeleton);
    - a fragment of an identifier of at least three characters (``"4521"`` in ``"CAY-4521"``).
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if size < 1:
        raise ValueError("size must be at least 1")
    text = " ".join(query.split())
    if not text:
        raise ValueError("empty query")
    fuzzy = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 50}
    should: list[dict[str, Any]] = [
        {"multi_match": {"query": text, "fields": list(NAME_FIELDS), "operator": "and", **fuzzy,
                         "boost": BOOSTS["all_words"]}},
        {"multi_match": {"query": text, "fields": [*NAME_FIELDS, "search.text"], **fuzzy,
                         "boost": BOOSTS["some_words"]}},
    ]
    compacted = compact(text)
    if compacted:
        should += [
            {"match": {"search.identifiers": {"query": text, "boost": BOOSTS["identifier"]}}},
            {"match": {"identifiers": {"query": text, "boost": BOOSTS["identifier"]}}},
            {"term": {"search.plate_skeletons": {"value": plate_skeleton(text), "boost": BOOSTS["plate_skeleton"]}}},
        ]
    if len(compacted) >= MIN_FRAGMENT:
        should.append({"match": {"search.identifiers.fragments": {"query": text, "boost": BOOSTS["fragment"]}}})
    bool_query: dict[str, Any] = {"should": should, "minimum_should_match": 1}
    if kind is not None:
        bool_query["filter"] = [{"term": {"kind": kind}}]
    return {
        "size": size,
        "query": {"bool": bool_query},
        "_source": {"excludes": ["search", "members"]},
        "sort": ["_score", {"updated_at": {"order": "desc", "unmapped_type": "date"}}],
        "track_scores": True,
    }
