"""Facet aggregations count entities through visible records; audit entries and queries (pure)."""

from __future__ import annotations

import pytest

from consumers.access import Viewer, visible_members
from consumers.audit import audit_query, entry
from consumers.facets import facet_aggs, parse_facets

ANA = Viewer("ana", "police", "CONFIDENTIAL")


def test_facets_count_entities_through_visible_records() -> None:
    aggs = facet_aggs(ANA)
    visible = aggs["members"]["aggs"]["visible"]
    assert visible["filter"] == visible_members(ANA)
    for name in ("agency", "event_type", "district", "country", "year"):
        assert visible["aggs"][name]["aggs"] == {"entities": {"reverse_nested": {}}}


def test_parse_facets_reports_entity_counts() -> None:
    def bucket(key: object, records: int, entities: int) -> dict[str, object]:
        return {"key": key, "doc_count": records, "entities": {"doc_count": entities}}

    response = {"kind": {"buckets": [{"key": "person", "doc_count": 3}]},
                "members": {"doc_count": 40, "visible": {
                    "doc_count": 12,
                    "agency": {"buckets": [bucket("police", 9, 2), bucket("customs", 3, 3)]},
                    "event_type": {"buckets": []}, "district": {"buckets": [bucket("cayo", 2, 1)]},
                    "country": {"buckets": []},
                    "year": {"buckets": [{"key": 1, "key_as_string": "2024", "doc_count": 5, "entities": {"doc_count": 2}}]},
                }}}
    facets = parse_facets(response)
    assert facets["kind"] == [{"value": "person", "count": 3}]
    assert facets["agency"] == [{"value": "customs", "count": 3}, {"value": "police", "count": 2}]
    assert facets["year"] == [{"value": "2024", "count": 2}] and parse_facets(None) == {}


def test_audit_entries_and_queries() -> None:
    item = entry(ANA, "search", {"q": "jose"}, ["per-1", "per-2"], 57, at="2025-01-01T00:00:00.000Z")
    assert {k: item[k] for k in ("user", "agency", "clearance", "action", "result_ids", "result_count", "at")} == {
        "user": "ana", "agency": "police", "clearance": "CONFIDENTIAL", "action": "search",
        "result_ids": ["per-1", "per-2"], "result_count": 57, "at": "2025-01-01T00:00:00.000Z"}
    assert item["query_text"] == '{"q": "jose"}' and len(item["audit_id"]) == 36
    with pytest.raises(ValueError):
        entry(ANA, "delete", {}, [])
    assert audit_query() == {"match_all": {}}
    assert audit_query("ana", "now-1h", "profile") == {"bool": {"filter": [
        {"term": {"user": "ana"}}, {"range": {"at": {"gte": "now-1h"}}}, {"term": {"action": "profile"}}]}}
