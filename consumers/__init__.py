"""Fused entities into Elasticsearch, and search over them.

``entities`` topic (compacted: key entity id, value JSON document or null tombstone)
    -> ``consumers.indexer.run_indexer`` (confluent-kafka consumer, ``streaming_bulk``)
    -> this generation's index ``<index_prefix>-entities-v1`` (generation N > 1: ``...-v1-gN``)
    -> alias ``<index_prefix>-entities`` (moved only by ``enlace replay``)
    -> ``consumers.search.search_entities`` / ``entity_view`` / ``enlace search``.

Modules: ``documents`` (pure: entity document -> bulk action with its member search documents),
``members`` (pure: one search document per member record), ``mappings`` (index body,
template, ``ensure_index``), ``generations`` (pure: index names per generation, the alias
swap), ``elastic`` (the client factory), ``batch`` (pure ``Indexer`` core: messages ->
actions, bulk results -> done/stale/failed), ``indexer`` (the Kafka and Elasticsearch loop,
``run_indexer``), ``deadletters`` and ``errors`` (refused documents), ``query`` (pure: the
unrestricted search request body), ``links`` (pure: links between records -> linked entities, resolved
when read), ``search`` (runs searches and builds the entity view).

Writes are idempotent: ``_id`` is the entity id and the entity version is the external
version (``version_type=external_gte``), so a replayed older update is refused with 409
and counted as stale. Tombstones delete with the newest version the indexer knows (see
``consumers.documents.build_action``).

Connecting to production clusters (Elasticsearch 8.x): the client is elasticsearch-py
7.17, which talks to 8.x in compatibility mode when the process runs with
``ELASTIC_CLIENT_APIVERSIONING=true`` (it then sends ``compatible-with=7`` headers).
``consumers.elastic.make_client`` honours ``ENLACE_ELASTIC__URL`` (https for TLS),
``ENLACE_ELASTIC__API_KEY`` (the base64 ``id:key`` credential Elasticsearch returns as
``encoded``, or ``id:key`` itself) and ``ENLACE_ELASTIC__CA_CERTS`` (a PEM bundle used to
verify the cluster's certificate).
"""
