"""The search request body, built purely from the query text."""

from __future__ import annotations

from typing import Any

import pytest

from consumers.query import search_body


def clauses(body: dict[str, Any]) -> dict[str, Any]:
    """Each should-clause keyed by its type and field(s)."""
    out: dict[str, Any] = {}
    for clause in body["query"]["bool"]["should"]:
        (kind, spec), = clause.items()
        if kind == "multi_match":
            out[f"multi_match:{spec['operator'] if 'operator' in spec else 'or'}"] = spec
        else:
            (field, value), = spec.items()
            out[f"{kind}:{field}"] = value
    return out


def test_names_are_fuzzy_and_all_words_rank_higher() -> None:
    c = clauses(search_body("  Josè   Lopes "))
    assert c["multi_match:and"]["query"] == "Josè Lopes"
    assert c["multi_match:and"]["fuzziness"] == c["multi_match:or"]["fuzziness"] == "AUTO"
    assert c["multi_match:and"]["boost"] > c["multi_match:or"]["boost"]
    assert "search.text" in c["multi_match:or"]["fields"] and "search.text" not in c["multi_match:and"]["fields"]


@pytest.mark.parametrize(("query", "skeleton", "fragment"), [
    ("CAY 452I", "CAY4521", True),
    ("bo-8", "808", True),
    ("z9", "29", False),  # too short for a fragment
])
def test_identifier_clauses(query: str, skeleton: str, fragment: bool) -> None:
    c = clauses(search_body(query))
    assert c["term:search.plate_skeletons"]["value"] == skeleton
    assert c["match:search.identifiers"]["query"] == query
    assert ("match:search.identifiers.fragments" in c) is fragment


def test_punctuation_only_query_keeps_only_text_clauses() -> None:
    assert set(clauses(search_body("--"))) == {"multi_match:and", "multi_match:or"}


def test_kind_filter_size_and_source() -> None:
    body = search_body("glock", kind="firearm", size=3)
    assert body["query"]["bool"]["filter"] == [{"term": {"kind": "firearm"}}]
    assert body["size"] == 3 and body["_source"] == {"excludes": ["search", "members"]}
    assert "filter" not in search_body("glock")["query"]["bool"]


@pytest.mark.parametrize(("query", "kind", "size", "message"), [
    ("x", "boat", 10, "kind must be one of"),
    ("   ", None, 10, "empty query"),
    ("x", None, 0, "size must be"),
])
def test_bad_requests_are_refused(query: str, kind: str | None, size: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        search_body(query, kind, size)
