"""The search request one viewer sends: criteria -> Elasticsearch body, matched through visible records only (pure).

Every clause runs inside a ``nested`` query on the entity's member records, behind the viewer's
visibility filter (``consumers.access.visible_members``) and the record filters (agency, event
dates, district, country). An entity is a hit only through a record the viewer may see, and a
hidden record's values can neither make it match nor raise its score; totals and facets count
the same way. Hits are sorted by score, then entity id, so ``search_after`` pages past 10,000
hits with a stable order (Elasticsearch 7.10 without X-Pack has no point-in-time, so a page
reflects the index as it is when asked).
"""

from __future__ import annotations

from typing import Any

from consumers.access import MEMBERS, Viewer, visible_members
from consumers.criteria import Criteria, Dob
from consumers.facets import facet_aggs
from consumers.identifier_query import identifier_clauses
from consumers.name_query import FUZZY, name_clauses, required
from streams.resolve.normalize.text import fold

HIT_SOURCE = ["entity_id", "kind", "display_name", "identifiers", "agencies", "version", "updated_at",
              "merged_from", "attributes", "links", "records.record_key", "records.agency", "records.handling",
              "records.releasable_to", "records.occurred_at", "records.event_id", "records.event_type",
              "records.role", "records.record_id"]
"""What a hit needs to be redacted and summarised (no decision evidence: that is for the profile)."""
SORT = [{"_score": {"order": "desc"}}, {"entity_id": {"order": "asc"}}]


def record_filters(criteria: Criteria, viewer: Viewer, path: str = MEMBERS) -> list[dict[str, Any]]:
    """Filters on one member record: visible to the viewer, and of the asked agency, dates and place."""
    filters = [visible_members(viewer, path)]
    if criteria.agencies:
        filters.append({"terms": {f"{path}.agency": list(criteria.agencies)}})
    if criteria.since or criteria.until:
        bounds = {k: v for k, v in (("gte", criteria.since), ("lte", criteria.until)) if v}
        filters.append({"range": {f"{path}.occurred_at": bounds}})
    if criteria.district:
        filters.append({"term": {f"{path}.districts": criteria.district}})
    if criteria.country:
        filters.append({"term": {f"{path}.countries": criteria.country}})
    return filters


def dob_clauses(dob: Dob, path: str = MEMBERS) -> list[dict[str, Any]]:
    """An exact DOB (the year alone scores less), a year, or a range."""
    if dob.exact:
        return [{"term": {f"{path}.dob": {"value": dob.exact, "boost": 3.0, "_name": "dob"}}},
                {"term": {f"{path}.dob_year": {"value": int(dob.exact[:4]), "boost": 1.0, "_name": "dob_year"}}}]
    if dob.year:
        return [{"term": {f"{path}.dob_year": {"value": dob.year, "boost": 2.0, "_name": "dob_year"}}}]
    bounds = {k: v for k, v in (("gte", dob.start), ("lte", dob.end)) if v}
    return [{"range": {f"{path}.dob_date": {**bounds, "boost": 2.0, "_name": "dob_range"}}}]


def text_clauses(text: str, path: str = MEMBERS) -> list[dict[str, Any]]:
    """Everything free text can match in one record: names, identifiers, descriptive words."""
    clauses = name_clauses(text, path) + identifier_clauses(text, path)
    words = fold(text).split()
    clauses.append({"match": {f"{path}.text": {"query": " ".join(words), **FUZZY,
                                               "minimum_should_match": required(len(words)),
                                               "_name": "description"}}})
    return clauses


def _nested(query: dict[str, Any], score_mode: str = "max") -> dict[str, Any]:
    return {"nested": {"path": MEMBERS, "query": query, "score_mode": score_mode}}


def search_request(criteria: Criteria, viewer: Viewer) -> dict[str, Any]:
    """The body of ``search`` on the entities alias for ``criteria`` as ``viewer``."""
    filters = record_filters(criteria, viewer)
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    if criteria.q:
        clauses = text_clauses(criteria.q)
        if not clauses:
            raise ValueError(f"nothing to search for in {criteria.q!r}")
        must.append(_nested({"bool": {"filter": filters, "should": clauses, "minimum_should_match": 1}}))
    if criteria.dob is not None:
        dob = _nested({"bool": {"filter": filters, "should": dob_clauses(criteria.dob), "minimum_should_match": 1}})
        (should if criteria.q else must).append(dob)
    if not must:
        must.append(_nested({"bool": {"filter": filters}}, score_mode="none"))
    query: dict[str, Any] = {"must": must}
    if should:
        query["should"] = should
    if criteria.kind:
        query["filter"] = [{"term": {"kind": criteria.kind}}]
    body: dict[str, Any] = {
        "size": criteria.size,
        "query": {"bool": query},
        "sort": SORT,
        "track_total_hits": True,
        "_source": {"includes": [*HIT_SOURCE, MEMBERS]},
    }
    if criteria.after:
        body["search_after"] = criteria.after
    if criteria.facets:
        body["aggs"] = facet_aggs(viewer)
    return body


def eligible(criteria: Criteria, viewer: Viewer, member: dict[str, Any]) -> bool:
    """``record_filters`` in Python, for one member document of a hit (to explain the match from it)."""
    if viewer.agency not in {member.get("agency"), *(member.get("releasable_to") or [])}:
        return False
    if int(member.get("level", 99)) > viewer.level:
        return False
    if criteria.agencies and member.get("agency") not in criteria.agencies:
        return False
    day = str(member.get("occurred_at") or "")[:10]
    if (criteria.since and not day >= criteria.since) or (criteria.until and not (day and day <= criteria.until)):
        return False
    if criteria.district and criteria.district.lower() not in [d.lower() for d in member.get("districts") or []]:
        return False
    return not (criteria.country and criteria.country not in (member.get("countries") or []))