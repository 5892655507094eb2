"""The stream: agency events in, deduplicated and fused entities out (Faust, at-least-once).

Topology (``<p>`` = ``settings.kafka.topic_prefix``; ``N`` = ``settings.kafka.partitions``)::

    <p>agency.police ─┐   (N partitions each, key "agency:source_record_id")
    <p>agency.forensics ─┤
    ...               ├─► [ingest agent] ── decode (schemas.codec) ── validate (schemas.validate)
    <p>agency.partners ─┘        │   │                 │ DecodeError / InvalidEvent / extractor error
                                 │   │                 └──► <p>dead-letters  (original bytes + key,
                                 │   │                       enlace.original.* / enlace.error.* headers)
                                 │   └── table "dedupe" (N partitions, co-partitioned with the agency
                                 │       topics): key -> newest source_version, recent event ids,
                                 │       position of the message that set it
                                 ▼  extract records (streams.extract), forward FIRST, then mark seen
                          <p>fusion  (ONE partition for now: fusion state is global;
                                 │     partitioning the fusion step comes in a later issue)
                                 ▼
                          [fuse agent] ── streams.journal.FusionStep ── streams.fusion.Linker
                                 │   └── table "fusion" (1 partition): records "r:", identifier
                                 │       index "i:", entities "e:", inbound links "n:", journal "j:last"
                                 ├──► <p>entities          (compacted; key entity id; JSON document
                                 │                          or null tombstone for a merged-away entity)
                                 └──► <p>entity-redirects  (compacted; absorbed id -> survivor, version)

    <p>entities ──► indexer (consumers.indexer) ──► Elasticsearch alias <index_prefix>-entities

Delivery: at-least-once end to end, exactly-once in effect. Ingest forwards before it
marks an event seen, and re-forwards a message re-read from the very position that
marked it; fusion ignores a record version it already holds (nothing changes, nothing
is emitted) and journals each change in its single-partition table before applying it,
so a crash either loses the whole change (recomputed identically) or replays it (same
documents, same versions). Entity versions only grow; they are the Elasticsearch
external versions. Faust's ``exactly_once`` guarantee is deliberately not used.

The linker (``streams.fusion.Linker.add(records) -> Changes``) links by exact
identifiers only; the resolution engine (``streams.resolve``) replaces it behind the
same seam. Pure modules: ``dedupe``, ``dlq``, ``ingest``, ``identifiers``, ``fusion``,
``entity``, ``state``, ``journal``; Faust lives in ``app`` and ``agents`` only.
"""
