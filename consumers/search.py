"""Search fused entities in Elasticsearch, and show one entity with the entities it is linked to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from consumers.documents import MEMBERS_FIELD, SEARCH_FIELD
from consumers.links import MAX_LINKED, holders_query, link_targets, linked_entities, linkers_query, record_keys
from consumers.query import search_body

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings


def hits(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The entity documents of a search response, each with its ``_score``."""
    return [{**hit.get("_source", {}), "_score": hit.get("_score")} for hit in response.get("hits", {}).get("hits", [])]


def search_entities(
    settings: Settings, query: str, kind: str | None = None, size: int = 10, client: Elasticsearch | None = None,
) -> list[dict[str, Any]]:
    """The best ``size`` entities for ``query`` (optionally of one ``kind``), best first, each with ``_score``."""
    from consumers.elastic import make_client

    body = search_body(query, kind, size)
    response = (client or make_client(settings)).search(index=settings.elastic.entities_alias, **body)
    return hits(response)


def _documents(client: Elasticsearch, alias: str, query: dict[str, Any], size: int) -> list[dict[str, Any]]:
    body: dict[str, Any] = {"query": query, "size": size, "_source": {"excludes": [SEARCH_FIELD, MEMBERS_FIELD]},
                            "sort": [{"entity_id": "asc"}]}
    response = client.search(index=alias, **body)
    return [dict(hit["_source"]) for hit in response["hits"]["hits"]]


def entity_view(settings: Settings, entity_id: str, client: Elasticsearch | None = None) -> dict[str, Any] | None:
    """The entity's document plus ``linked`` (``consumers.links.linked_entities``), or None if unknown.

    An id merged away is followed to the entity that absorbed it (its ``merged_from`` holds the
    id); the view then says so in ``redirected_from``. Everything is read through the alias.
    """
    from consumers.elastic import make_client

    es = client or make_client(settings)
    alias = settings.elastic.entities_alias
    found = _documents(es, alias, {"ids": {"values": [entity_id]}}, 1)
    redirected = not found
    if redirected:
        found = _documents(es, alias, {"term": {"merged_from": entity_id}}, 1)
    if not found:
        return None
    document = found[0]
    targets, own = link_targets(document), record_keys(document)
    holders = _documents(es, alias, holders_query(targets), min(len(targets), MAX_LINKED)) if targets else []
    linkers = _documents(es, alias, linkers_query(own), MAX_LINKED) if own else []
    view = {**document, "linked": linked_entities(document, holders, linkers)}
    if redirected:
        view["redirected_from"] = entity_id
    return view
