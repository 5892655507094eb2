"""The entities index: analysis for names and identifiers, mappings, and idempotent creation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from consumers import generations

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings

INDEX_VERSION = 4
"""2: the nested ``members`` field (one search document per member record, with its visibility).
3: no ``search`` helper object, no top-level ``identifiers.fragments``, ``records`` indexed by key only (every search
matches ``members``; about half the Elasticsearch CPU per indexed entity).
4: identifier fragments indexed as trigrams and searched as phrases, instead of every 3..12 character piece as a
term (an identifier of length n makes n - 2 tokens instead of up to 10n; about 45% less Elasticsearch CPU)."""
MIN_FRAGMENT = 3
"""Shortest searchable identifier fragment: the trigram."""

ANALYSIS: dict[str, Any] = {
    "char_filter": {
        # "BZ-12 045", "bz 12045" and "BZ.12045" all index and search as "BZ12045".
        "identifier_strip": {"type": "pattern_replace", "pattern": "[\\s\\-./:_#]+", "replacement": ""},
    },
    "normalizer": {
        "identifier": {"type": "custom", "char_filter": ["identifier_strip"], "filter": ["asciifolding", "uppercase"]},
        "folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
    },
    "tokenizer": {
        # Trigrams at consecutive positions: a fragment is found by the phrase of its own trigrams, which matches
        # exactly the identifiers that contain it, whatever its length.
        "identifier_trigram": {"type": "ngram", "min_gram": MIN_FRAGMENT, "max_gram": MIN_FRAGMENT},
    },
    "analyzer": {
        # Accent- and case-insensitive words; fuzziness comes from the query (no phonetics).
        "name": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        # The trigrams of the compacted identifier, for fragment search (query and index side alike).
        "identifier_fragments": {
            "type": "custom", "tokenizer": "identifier_trigram", "char_filter": ["identifier_strip"],
            "filter": ["asciifolding", "uppercase"],
        },
    },
}

KEYWORD = {"type": "keyword"}
NAME = {"type": "text", "analyzer": "name", "fields": {"keyword": {"type": "keyword", "normalizer": "folded"}}}
IDENTIFIER = {
    "type": "keyword", "normalizer": "identifier",
    "fields": {"fragments": {"type": "text", "analyzer": "identifier_fragments"}},
}
LENIENT_DATE = {"type": "date", "ignore_malformed": True}
FOLDED = {"type": "keyword", "normalizer": "folded"}
PARTIAL_DATE = {"type": "date", "format": "yyyy-MM-dd||yyyy-MM||yyyy", "ignore_malformed": True}


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


MAPPINGS: dict[str, Any] = {
    # Fields the mapping doesn't name stay in _source but aren't indexed: new entity fields can't break indexing.
    "dynamic": False,
    "properties": {
        "entity_id": KEYWORD,
        "kind": KEYWORD,
        "version": {"type": "long"},
        "updated_at": {"type": "date"},
        "trigger_produced_at_ms": {"type": "long"},
        "display_name": NAME,
        "identifiers": {"type": "keyword", "normalizer": "identifier"},
        "agencies": KEYWORD,
        "merged_from": KEYWORD,
        # Kept for display; searched through the ``members`` documents instead.
        "attributes": {"type": "object", "enabled": False},
        # Only the key is searched (link ends, record holders); the rest is read from _source, and searches filter
        # on the ``members`` copies.
        "records": _object(record_key=KEYWORD),
        # Links point at records ("via" asserts "rel" to "record"); whose records they are is looked up when read.
        "links": _object(rel=KEYWORD, record=KEYWORD, via=KEYWORD),
        # One document per member record (``consumers.members``): what viewers' queries match.
        "members": {"type": "nested", "properties": {
            "record_key": KEYWORD, "agency": KEYWORD, "releasable_to": KEYWORD, "level": {"type": "byte"},
            "event_type": KEYWORD, "occurred_at": LENIENT_DATE,
            "given": {"type": "text", "analyzer": "name"}, "family": {"type": "text", "analyzer": "name"},
            "names": {"type": "text", "analyzer": "name"},
            "given_canonical": KEYWORD, "given_sounds": KEYWORD, "family_sounds": KEYWORD,
            "dob": KEYWORD, "dob_date": PARTIAL_DATE, "dob_year": {"type": "short"},
            "documents": IDENTIFIER, "plates": IDENTIFIER, "plate_skeletons": IDENTIFIER, "vins": IDENTIFIER,
            "serials": IDENTIFIER, "phones": IDENTIFIER,
            "countries": KEYWORD, "districts": FOLDED,
            "text": {"type": "text", "analyzer": "name"},
        }},
    },
}


def index_body() -> dict[str, Any]:
    """Settings and mappings of a new entities index (one shard, no replicas: single-node friendly)."""
    return {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": ANALYSIS,
        },
        "mappings": MAPPINGS,
    }


def index_name(settings: Settings, version: int = INDEX_VERSION) -> str:
    """This generation's concrete index: ``<prefix>-entities-v1`` for generation 1, ``...-v1-g<N>`` after."""
    return generations.index_name(settings.elastic.entities_alias, settings.stream.generation, version)


def index_template(settings: Settings) -> dict[str, Any]:
    """A composable template giving every ``<prefix>-entities-v*`` index these settings (every generation's)."""
    return {
        "index_patterns": [generations.index_pattern(settings.elastic.entities_alias)],
        "template": index_body(),
        "priority": 200,  # above the built-in templates (100); unique patterns otherwise
        "_meta": {"owner": "enlace", "index_version": INDEX_VERSION},
    }


def ensure_index(client: Elasticsearch, settings: Settings, attach_alias: bool = True) -> str:
    """Create this generation's index if missing; returns its name.

    The alias ``<prefix>-entities`` is pointed at it only when no index holds the alias yet (a fresh
    stack, and only with ``attach_alias``): an alias already held, by this generation or another, is
    left alone, since moving it is ``enlace replay``'s job. The index template is (re)written every
    time, so an index Elasticsearch auto-creates for a bulk write gets the mappings too.
    """
    from elasticsearch.exceptions import RequestError

    alias = settings.elastic.entities_alias
    index = index_name(settings)
    client.indices.put_index_template(name=alias, body=index_template(settings))
    unaliased = attach_alias and not client.indices.exists_alias(name=alias)
    if not client.indices.exists(index=index):
        try:
            # The alias comes with the index in one request: no moment where a fresh stack's index exists unaliased.
            client.indices.create(index=index, aliases={alias: {}} if unaliased else {}, **index_body())
        except RequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
    if unaliased and not client.indices.exists_alias(name=alias):
        client.indices.put_alias(index=index, name=alias)  # another indexer created the index first
    client.cluster.health(index=index, wait_for_status="yellow", timeout="30s")
    return index
