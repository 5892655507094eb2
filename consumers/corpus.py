"""Fused entities built in one process from agency events, and indexed through the indexer's code path.

The stream's pure steps run here as the worker runs them: ``streams.extract.records_from_event``,
the dedupe decision (``streams.dedupe``), ``streams.ingest.event_commands`` and each records-log
partition's ``streams.resolving.Partition``; only the Kafka hops between them are skipped. Each
entity's final document then goes through ``consumers.batch.Indexer.plan`` and
``consumers.indexer.index_batch`` (the indexer's bulk path) into this generation's index. Tests and
``enlace bench search`` use it to build large indices far faster than the pipeline can.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from streams.ingest import commands_in_order
from streams.resolving import Partition
from streams.topology import RECORD_PARTITIONS

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings

Progress = Callable[[str], None]


def fuse(events: Iterable[dict[str, Any]], progress: Progress | None = None, every: int = 10_000) -> list[dict[str, Any]]:
    """The live entity documents after folding ``events`` (in order) through ingest and resolution."""
    partitions = {number: Partition(number) for number in range(RECORD_PARTITIONS)}
    offsets: Counter[int] = Counter()
    for position, commands in enumerate(commands_in_order(events)):
        for command in commands:
            partitions[command.partition].apply(command.value, offsets[command.partition], emit=False)
            offsets[command.partition] += 1
        if progress and (position + 1) % every == 0:
            progress(f"fused {position + 1:,} events")
    documents = [document for partition in partitions.values() for emission in partition.drain()
                 for _, document in emission.entities if document is not None]
    return sorted(documents, key=lambda d: str(d["entity_id"]))


def _batches(documents: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def index_documents(settings: Settings, documents: Iterable[dict[str, Any]], client: Elasticsearch | None = None,
                    batch_size: int = 500, progress: Progress | None = None) -> int:
    """Index entity documents as the indexer would (plan, bulk, settle); returns how many were indexed.

    Raises ``IndexingError`` if any document ends up a dead letter. Refreshes the alias at the end.
    """
    from consumers.batch import Indexer, Message
    from consumers.elastic import make_client
    from consumers.errors import IndexingError
    from consumers.indexer import IndexerOptions, index_batch
    from consumers.mappings import ensure_index

    es = client or make_client(settings)
    index = ensure_index(es, settings)
    indexer = Indexer(index)
    options = IndexerOptions(batch_size=batch_size, chunk_size=batch_size)
    stop = threading.Event()
    done = 0
    for number, batch in enumerate(_batches(documents, batch_size)):
        messages = [Message("entities", 0, number * batch_size + i, str(d["entity_id"]).encode(),
                            json.dumps(d, ensure_ascii=False).encode()) for i, d in enumerate(batch)]
        report = index_batch(es, indexer, indexer.plan(messages), stop, options)
        if report is None or report.dead_letters:
            failures = [f.item() for f in (report.dead_letters if report else [])]
            raise IndexingError("documents refused while building the corpus", failures)
        done += report.done + report.stale
        if progress and number % 20 == 19:
            progress(f"indexed {done:,} entities")
    es.indices.refresh(index=settings.elastic.entities_alias)
    return done
