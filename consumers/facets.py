"""Facets of a search: how many matching entities have visible records of each agency, place, year... (pure).

Counted over the member records the viewer may see (``consumers.access.visible_members``) and
reported per entity (``reverse_nested``), so a hidden record adds to no count.
"""

from __future__ import annotations

from typing import Any

from consumers.access import MEMBERS, Viewer, visible_members

TERMS: dict[str, str] = {"agency": "agency", "event_type": "event_type", "district": "districts",
                         "country": "countries"}
"""Facet name -> member field."""
SIZE = 25


def facet_aggs(viewer: Viewer) -> dict[str, Any]:
    """The ``aggs`` of a search request."""
    per_entity: dict[str, Any] = {"entities": {"reverse_nested": {}}}
    visible: dict[str, Any] = {
        name: {"terms": {"field": f"{MEMBERS}.{field}", "size": SIZE}, "aggs": per_entity}
        for name, field in TERMS.items()
    }
    visible["year"] = {"date_histogram": {"field": f"{MEMBERS}.occurred_at", "calendar_interval": "year",
                                          "format": "yyyy", "min_doc_count": 1}, "aggs": per_entity}
    return {
        "kind": {"terms": {"field": "kind", "size": 5}},
        MEMBERS: {"nested": {"path": MEMBERS}, "aggs": {"visible": {"filter": visible_members(viewer), "aggs": visible}}},
    }


def parse_facets(aggregations: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """``{"kind": [{"value": "person", "count": 12}, ...], "agency": [...], ...}``: entity counts, largest first."""
    if not aggregations:
        return {}
    out = {"kind": [{"value": b["key"], "count": b["doc_count"]} for b in aggregations["kind"]["buckets"]]}
    visible = aggregations[MEMBERS]["visible"]
    for name in [*TERMS, "year"]:
        buckets = [{"value": b.get("key_as_string", b["key"]), "count": b["entities"]["doc_count"]}
                   for b in visible[name]["buckets"]]
        out[name] = sorted(buckets, key=lambda b: (-b["count"], str(b["value"]))) if name != "year" else buckets
    return out
