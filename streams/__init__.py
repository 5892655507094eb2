"""The stream: agency events in, resolved and fused entities out (Faust, at-least-once).

Topology (``<p>`` = ``settings.kafka.topic_prefix``; ``N`` = ``settings.kafka.partitions``;
derived names carry ``.g<generation>`` from generation 2 on, see ``streams.topology``)::

    <p>agency.<agency> ×7 ─► [ingest] decode, validate ──(bad)──► <p>dead-letters (bytes + why)
      (N partitions,            │  table "dedupe" (N partitions): newest version, recent event
       key agency:source id)    │  ids, records the source record holds -> repeats dropped,
                                │  a new version retracts records it no longer has
    <p>judgements ─► [judgements] analysts' verdicts (Avro)
                                ▼
                       <p>records  (records log: 3 partitions, one per kind; kept forever)
                         commands: upsert record | retract record | judge pair
                                ▼
                       [resolve]  partition k = streams.resolving.Partition: a Resolver
                         (streams.resolve) folded over partition k in offset order;
                         table "resolver": chunked snapshots + the offset they cover
                                ├──► <p>entities          (compacted; key entity id; document
                                │                          with version = log offset + 1, or a
                                │                          tombstone for a merged/emptied entity)
                                └──► <p>entity-redirects  (compacted; absorbed id -> survivor)

    <p>entities ──► indexer (consumers.indexer) ──► Elasticsearch, alias <index_prefix>-entities

Why one partition per kind: a kind's entities can merge with any other entity of that kind,
so one owner resolves them in one order; the three kinds spread over up to three workers
(ingest spreads over N). Links cross kinds, so documents link to *records* and the entity a
record belongs to is looked up when a document is read.

Delivery: at-least-once end to end, exactly-once in effect. Ingest sends before it marks an
event seen, and re-sends a message re-read from the very position that marked it. The
resolver state is a deterministic fold of the records log: a worker that starts (or gets a
partition) restores the newest snapshot, then folds the log from the snapshot's offset to the
first message it is handed, and re-sends the current documents of the entities that stretch
changed (same versions: idempotent downstream). Under a backlog the resolve agent may hold a
partition's changed documents back for up to two seconds, so a busy entity is rendered once for
many commands; the records log is committed only as far as every command's documents were sent,
so a crash re-folds what was held instead of losing it. The same catch-up covers messages Faust drops
around a rebalance; ingest reads such skipped stretches back from Kafka too. Before a snapshot
is written every earlier send is delivered, so nothing a snapshot covers can be lost.
Faust's ``exactly_once`` guarantee is deliberately not used.

Pure modules: ``dedupe``, ``dlq``, ``ingest``, ``commands``, ``resolving``, ``snapshots``,
``entity``, ``identifiers``, ``extract``; Faust lives in ``app`` and ``agents`` only.
"""
