"""The unrestricted search request body: a viewer's member clauses without the visibility filter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from consumers.query import search_body
from consumers.viewer_query import text_clauses


def member_query(body: dict[str, Any]) -> dict[str, Any]:
    (must,) = body["query"]["bool"]["must"]
    nested = must["nested"]
    assert nested["path"] == "members" and nested["score_mode"] == "max"
    query: dict[str, Any] = nested["query"]["bool"]
    return query


def fields(node: Any) -> Iterator[str]:
    """Every field a query names (keys of leaf query specs, and ``fields`` lists)."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in ("match", "term", "terms", "wildcard", "range") and isinstance(value, dict):
                yield from (f for f in value if f not in ("boost", "_name"))
            elif name == "fields":
                yield from value
            else:
                yield from fields(value)
    elif isinstance(node, list):
        for item in node:
            yield from fields(item)


@pytest.mark.parametrize("query", ["  Josè   Lopes ", "CAY 452I", "bo-8", "BHX?77*", "toyota hilux", "--"])
def test_the_member_clauses_of_a_viewer_search_and_nothing_else(query: str) -> None:
    inner = member_query(search_body(query))
    assert inner["should"] == text_clauses(" ".join(query.split()))
    assert inner["minimum_should_match"] == 1 and set(inner) == {"should", "minimum_should_match"}  # no visibility filter
    named = set(fields(inner))
    assert named and all(f.startswith("members.") for f in named), named


def test_names_are_fuzzy_and_identifiers_forgiving() -> None:
    names = set(fields(member_query(search_body("Josè Lopes"))))
    assert {"members.given", "members.family", "members.names"} <= names
    plate = member_query(search_body("CAY 452I"))["should"]
    skeletons = [c["terms"]["members.plate_skeletons"] for c in plate if "members.plate_skeletons" in c.get("terms", {})]
    assert skeletons == [["CAY4521"]]


def test_kind_filter_size_sort_and_source() -> None:
    body = search_body("glock", kind="firearm", size=3)
    assert body["query"]["bool"]["filter"] == [{"term": {"kind": "firearm"}}]
    assert body["size"] == 3 and body["_source"] == {"excludes": ["search", "members"]}
    assert body["sort"][0] == "_score" and body["track_scores"] is True
    assert "filter" not in search_body("glock")["query"]["bool"]


@pytest.mark.parametrize(("query", "kind", "size", "message"), [
    ("x", "boat", 10, "kind must be one of"),
    ("   ", None, 10, "empty query"),
    ("x", None, 0, "size must be"),
])
def test_bad_requests_are_refused(query: str, kind: str | None, size: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        search_body(query, kind, size)
