"""Searches and entity profiles for one viewer, read from Elasticsearch (the I/O around the pure modules).

``search`` runs ``consumers.viewer_query.search_request`` and redacts each hit; ``profile``
fetches one entity (an absorbed id is followed to its survivor), redacts it and adds its
neighbourhood, timeline and decision evidence. Both return plain JSON-ready dicts: the API and
``enlace search`` print them as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from consumers.access import MEMBERS, Viewer, visible_members
from consumers.criteria import Criteria, encode_cursor
from consumers.documents import SEARCH_FIELD
from consumers.facets import parse_facets
from consumers.neighbourhood import neighbourhood
from consumers.reasons import reason
from consumers.redaction import redact
from consumers.timeline import timeline
from consumers.matching import explain
from consumers.viewer_query import HIT_SOURCE, eligible, search_request

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings

SUMMARY_ATTRIBUTES = ("date_of_birth", "make", "model", "caliber", "plate_country")


def hit_summary(view: dict[str, Any], score: float | None, names: set[str], records: list[str]) -> dict[str, Any]:
    """One search hit: who or what, why it matched, and how much the viewer holds on it."""
    attributes = view.get("attributes") or {}
    return {
        "entity_id": view["entity_id"],
        "kind": view.get("kind"),
        "display_name": view.get("display_name"),
        "score": round(score, 4) if score is not None else None,
        "reason": reason(names),
        "matched": sorted(names),
        "matched_records": records,
        "agencies": view.get("agencies") or [],
        "records": len(view.get("records") or []),
        "identifiers": (view.get("identifiers") or [])[:10],
        "attributes": {name: [v["raw"] for v in attributes[name][:3]] for name in SUMMARY_ATTRIBUTES
                       if attributes.get(name)},
        "notice": view.get("notice"),
    }


def search(settings: Settings, criteria: Criteria, viewer: Viewer, client: Elasticsearch | None = None) -> dict[str, Any]:
    """``{"total", "hits", "facets", "next_cursor", "took_ms"}`` for ``criteria`` as ``viewer`` sees the index."""
    from consumers.elastic import make_client

    es = client or make_client(settings)
    response = es.search(index=settings.elastic.entities_alias, **search_request(criteria, viewer))
    raw = response["hits"]["hits"]
    hits = []
    for hit in raw:
        source = hit.get("_source") or {}
        view = redact(source, viewer)
        if view is not None:  # the query matched a visible record, so this holds; a race with an update may not
            members = [m for m in source.get(MEMBERS) or [] if eligible(criteria, viewer, m)]
            names, records = explain(criteria, members)
            hits.append(hit_summary(view, hit.get("_score"), names, records))
    more = len(raw) == criteria.size and raw
    return {
        "total": response["hits"]["total"]["value"],
        "hits": hits,
        "facets": parse_facets(response.get("aggregations")),
        "next_cursor": encode_cursor(raw[-1]["sort"]) if more else None,
        "took_ms": response.get("took"),
    }


def _visible(viewer: Viewer, query: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"filter": [query, {"nested": {"path": MEMBERS, "query": visible_members(viewer)}}]}}


def _fetch(es: Elasticsearch, alias: str, query: dict[str, Any], size: int, full: bool = False) -> list[dict[str, Any]]:
    source: Any = {"excludes": [SEARCH_FIELD, MEMBERS]} if full else {"includes": HIT_SOURCE}
    body = {"query": query, "size": size, "_source": source, "sort": [{"entity_id": "asc"}]}
    return [dict(hit["_source"]) for hit in es.search(index=alias, **body)["hits"]["hits"]]


def entity_document(settings: Settings, viewer: Viewer, entity_id: str, client: Elasticsearch | None = None,
                    ) -> tuple[dict[str, Any], bool] | None:
    """The indexed document of ``entity_id`` (or of the entity that absorbed it: then True) if the viewer sees any of it."""
    from consumers.elastic import make_client

    es = client or make_client(settings)
    alias = settings.elastic.entities_alias
    found = _fetch(es, alias, _visible(viewer, {"ids": {"values": [entity_id]}}), 1, full=True)
    if found:
        return found[0], False
    found = _fetch(es, alias, _visible(viewer, {"term": {"merged_from": entity_id}}), 1, full=True)
    return (found[0], True) if found else None


def holder_of(settings: Settings, viewer: Viewer, record_key: str, client: Elasticsearch | None = None,
              ) -> dict[str, Any] | None:
    """The entity (redacted) holding ``record_key`` if the viewer may see that record, else None."""
    from consumers.elastic import make_client

    es = client or make_client(settings)
    found = _fetch(es, settings.elastic.entities_alias, {"term": {"records.record_key": record_key}}, 1)
    view = redact(found[0], viewer) if found else None
    if view is None or not any(r["record_key"] == record_key for r in view["records"]):
        return None
    return view


def evidence(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Why these records are one entity: each visible record's decision, in the order they joined."""
    return [{"record_key": r["record_key"], "agency": r.get("agency"), **r["decision"]}
            for r in view.get("records") or [] if r.get("decision")]


def profile(settings: Settings, viewer: Viewer, entity_id: str, hops: int = 1, client: Elasticsearch | None = None,
            ) -> dict[str, Any] | None:
    """The entity as ``viewer`` may see it, with links ``hops`` deep, its timeline and evidence; None if unseen."""
    from consumers.elastic import make_client

    es = client or make_client(settings)
    alias = settings.elastic.entities_alias
    found = entity_document(settings, viewer, entity_id, es)
    view = redact(found[0], viewer) if found else None
    if found is None or view is None:
        return None
    graph = neighbourhood(view, viewer, hops, lambda query, size: _fetch(es, alias, _visible(viewer, query), size))
    view.pop("links", None)  # raw links name records the viewer may not see; ``linked`` holds the visible ones
    return {
        **view,
        "redirected_from": entity_id if found[1] else None,
        "linked": graph["linked"],
        "graph": {"nodes": graph["nodes"], "edges": graph["edges"]},
        "timeline": timeline(view),
        "evidence": evidence(view),
    }
