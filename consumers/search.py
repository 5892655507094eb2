"""Search fused entities in Elasticsearch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
