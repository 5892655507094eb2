"""Export the stream's current answer: which entity each published record belongs to, read from Kafka.

The entities topic (compacted, keyed by entity id) holds every entity's newest document. The pure
part folds its messages into the live documents (newest version per key, tombstones dropped) and
turns them into one ``{"record_id", "source", "entity_id"}`` line per member record, the shape
``enlace resolve`` writes, so the two can be compared. ``export_assignments`` is the Kafka shell.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from deploy.settings import Settings


class ExportError(EnlaceError):
    """The entities topic could not be read to its end (missing topic, broker error, unreadable document)."""


@dataclass(frozen=True, slots=True, order=True)
class Assignment:
    """One record and the entity it belongs to now (ordered by source, then record id)."""

    source: str
    record_id: str
    entity_id: str

    def to_json(self) -> str:
        return json.dumps({"record_id": self.record_id, "source": self.source, "entity_id": self.entity_id},
                          ensure_ascii=False)


@dataclass(slots=True)
class ExportSummary:
    """What an export read and wrote; ``duplicates`` (record key -> entity ids claiming it) should be empty."""

    topic: str
    messages: int = 0
    entities: int = 0
    records: int = 0
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    """Entity ids where an older version was written after a newer one (skipped, as the indexer skips it);
    expected after a rebalance, harmless while the newest version is the one that counts."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.duplicates

    def as_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "messages": self.messages, "entities": self.entities, "records": self.records,
                "duplicates": len(self.duplicates), "stale": len(self.stale), "seconds": round(self.seconds, 3)}


VERSION_HEADER = "enlace.version"
"""Header of a tombstone: the version at which the entity was merged away or emptied."""


@dataclass(frozen=True, slots=True)
class EntityMessage:
    """One message of the entities topic: key, document bytes (None = tombstone), the tombstone's version."""

    key: str | None
    value: bytes | None
    tombstone_version: int | None = None


@dataclass(slots=True)
class Compacted:
    """The live documents of the topic, and the keys where an older version arrived after a newer one."""

    documents: dict[str, dict[str, Any]]
    stale: list[str] = field(default_factory=list)


def _version(message: EntityMessage, document: dict[str, Any] | None) -> int | None:
    if document is None:
        return message.tombstone_version
    version = document.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def live_documents(messages: Iterable[EntityMessage]) -> Compacted:
    """The newest document per entity id, tombstoned ids left out, judged as the indexer judges.

    Like Elasticsearch's ``external_gte`` versioning, a message replaces the current one unless
    both carry versions and its own is lower. Older versions do land after newer ones: after a
    rebalance the new owner of a records partition re-sends from the committed offset (at least
    once), and a revoked worker's last sends can arrive late. Those are skipped, their keys
    reported in ``stale``.
    """
    newest: dict[str, tuple[int | None, dict[str, Any] | None]] = {}
    stale: list[str] = []
    for message in messages:
        if message.key is None:
            continue
        try:
            document = None if message.value is None else json.loads(message.value)
        except ValueError as exc:
            raise ExportError(f"entity {message.key}: value is not a JSON document ({exc})") from exc
        version = _version(message, document)
        current = newest.get(message.key)
        if current is not None and current[0] is not None and version is not None and version < current[0]:
            stale.append(message.key)
            continue
        newest[message.key] = (version, document)
    return Compacted({key: doc for key, (_, doc) in newest.items() if doc is not None}, list(dict.fromkeys(stale)))


def entity_message(key: str | bytes | None, value: bytes | None, headers: Any) -> EntityMessage:
    """A Kafka message as an ``EntityMessage`` (a tombstone's version from its ``enlace.version`` header)."""
    version = None
    if value is None:
        for name, raw in headers or ():
            if name == VERSION_HEADER and raw:
                try:
                    version = int(raw)
                except ValueError:
                    pass
    return EntityMessage(key.decode("utf-8", "replace") if isinstance(key, bytes) else key, value, version)


def member_key(member: Mapping[str, Any]) -> tuple[str, str]:
    """(source, record_id) of a document's member record, record_id exactly as published."""
    record_id = str(member["record_id"])
    record_key = str(member.get("record_key") or "")
    source = record_key[: -len(record_id) - 1] if record_key.endswith(f"/{record_id}") else str(member.get("agency") or "")
    return source, record_id


def _freshness(document: Mapping[str, Any]) -> tuple[int, int, str]:
    return int(document.get("trigger_produced_at_ms") or 0), int(document.get("version") or 0), str(document["entity_id"])


def assignments(documents: Mapping[str, Mapping[str, Any]]) -> tuple[list[Assignment], dict[str, list[str]]]:
    """One assignment per member record, sorted; and the records two live documents both claim.

    A record claimed twice means a duplicate entity (a merged-away document that was never
    tombstoned): it is reported, and exported once, with the most recently updated document.
    """
    claims: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for entity_id, document in documents.items():
        document = {**document, "entity_id": document.get("entity_id") or entity_id}
        for member in document.get("records") or []:
            claims.setdefault(member_key(member), []).append(document)
    rows: list[Assignment] = []
    duplicates: dict[str, list[str]] = {}
    for (source, record_id), docs in claims.items():
        owners = sorted({str(d["entity_id"]) for d in docs})
        if len(owners) > 1:
            duplicates[f"{source}/{record_id}"] = owners
        rows.append(Assignment(source, record_id, str(max(docs, key=_freshness)["entity_id"])))
    rows.sort()
    return rows, duplicates


def write_assignments(rows: Iterable[Assignment], out: TextIO) -> int:
    """Write JSON lines; returns how many."""
    n = 0
    for row in rows:
        out.write(row.to_json() + "\n")
        n += 1
    return n


def read_topic(settings: Settings, topic: str, timeout: float = 120.0) -> Iterator[EntityMessage]:
    """Every message of ``topic`` up to the end offsets it has now, per partition in log order.

    Assigns every partition (no consumer group membership, nothing committed). Messages written
    after the call started are not read, so the export is a consistent cut even while workers run.
    """
    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": "enlace-export", "enable.auto.commit": False,
                         "enable.partition.eof": True, "auto.offset.reset": "earliest"})
    try:
        try:
            metadata = consumer.list_topics(topic, timeout=timeout).topics.get(topic)
            if metadata is None or metadata.error is not None:
                raise ExportError(f"topic {topic} does not exist (is this the stream's prefix and generation?)")
            ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)
                    for p in sorted(metadata.partitions)}
        except KafkaException as exc:
            raise ExportError(f"cannot read {topic}: {exc}") from exc
        pending = {p: high for p, (low, high) in ends.items() if high > low}
        if not pending:
            return
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in pending])
        deadline = time.monotonic() + timeout
        while pending:
            if time.monotonic() > deadline:
                raise ExportError(f"{topic}: partitions {sorted(pending)} not read to their end within {timeout:.0f} s")
            for message in consumer.consume(10_000, 0.5):
                partition = message.partition()
                error = message.error()
                if error is not None:
                    if error.code() == KafkaError._PARTITION_EOF:
                        pending.pop(partition, None)
                        continue
                    raise ExportError(f"{topic}[{partition}]: {error.str()}")
                end, offset = pending.get(partition or 0), message.offset() or 0
                if end is None or offset >= end:
                    pending.pop(partition or 0, None)  # past the cut: written after the export started
                    continue
                yield entity_message(message.key(), message.value(), message.headers())
                if offset >= end - 1:
                    pending.pop(partition or 0, None)
    finally:
        consumer.close()


def export_assignments(settings: Settings, out: TextIO, timeout: float = 120.0) -> ExportSummary:
    """Write the current generation's record -> entity assignments to ``out`` (see module docstring)."""
    from streams.topology import topology

    started = time.perf_counter()
    topic = topology(settings).entities
    summary = ExportSummary(topic)

    def counted() -> Iterator[EntityMessage]:
        for message in read_topic(settings, topic, timeout):
            summary.messages += 1
            yield message

    compacted = live_documents(counted())
    rows, summary.duplicates = assignments(compacted.documents)
    summary.entities, summary.stale = len(compacted.documents), compacted.stale
    summary.records = write_assignments(rows, out)
    summary.seconds = time.perf_counter() - started
    return summary
