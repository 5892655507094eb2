"""Consumer lag computed from Kafka itself: committed offsets against end offsets, and how old the backlog is.

Only the group's committed offsets and the partitions' watermarks count, never a member's
in-memory position: the answer is the same with one worker or ten, and after any rebalance.
The age of a backlog is read from Kafka too: the timestamp of the message at the committed
offset, which is the oldest one the group has not processed. ``deploy.lagreport`` turns the
rows into the report and the threshold check (pure).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from deploy.settings import Settings

TP = tuple[str, int]


class LagUnavailable(EnlaceError):
    """Kafka cannot report a group's offsets right now (e.g. its coordinator is still loading); ask again."""


@dataclass(frozen=True, slots=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    committed: int | None
    """Next offset the group will read; None when the group never committed here."""
    end: int
    lag: int
    oldest_ms: int | None = None
    """Timestamp (ms) of the oldest unprocessed message, the one at the committed offset; None when caught up
    or not read (``group_lag(..., ages=False)``)."""


def _consumer(settings: Settings, group: str) -> Any:
    from confluent_kafka import Consumer

    return Consumer({**settings.kafka.librdkafka(), "group.id": group, "enable.auto.commit": False,
                     "auto.offset.reset": "earliest", "enable.partition.eof": False,
                     # one message per partition is all a timestamp read needs
                     "max.partition.fetch.bytes": 65536, "fetch.max.bytes": 1048576})


def message_timestamps(consumer: Any, positions: dict[TP, int], timeout: float = 5.0) -> dict[TP, int]:
    """Timestamp (ms) of the first message at or after each ``(topic, partition) -> offset``.

    Partitions whose message does not arrive within ``timeout`` (or that carry no timestamp) are left out.
    """
    from confluent_kafka import TopicPartition

    if not positions:
        return {}
    found: dict[TP, int] = {}
    pending = set(positions)
    consumer.assign([TopicPartition(topic, p, offset) for (topic, p), offset in positions.items()])
    deadline = time.monotonic() + timeout
    try:
        while pending and time.monotonic() < deadline:
            for message in consumer.consume(len(pending), timeout=0.2):
                if message.error() is not None:
                    continue
                tp = (message.topic(), message.partition())
                if tp not in pending:
                    continue
                pending.discard(tp)
                consumer.pause([TopicPartition(*tp)])
                kind, stamp = message.timestamp()
                if kind and stamp >= 0:
                    found[tp] = stamp
    finally:
        consumer.unassign()
    return found


def _offsets_error(group: str, exc: Exception) -> Exception:
    from confluent_kafka import KafkaError

    not_ready = {KafkaError.NOT_COORDINATOR, KafkaError.COORDINATOR_LOAD_IN_PROGRESS, KafkaError.COORDINATOR_NOT_AVAILABLE}
    error = exc.args[0] if exc.args else None
    if isinstance(error, KafkaError) and (error.code() in not_ready or error.retriable()):
        return LagUnavailable(f"offsets of group {group} unavailable: {error.str()}")
    return exc


def group_lag(settings: Settings, group: str, topics: list[str], timeout: float = 10.0,
              ages: bool = False) -> list[PartitionLag]:
    """Lag of ``group`` on every partition of ``topics`` that exists; missing topics are skipped.

    With ``ages``, each lagging row also carries the timestamp of its oldest unprocessed message.
    """
    from confluent_kafka import KafkaException, TopicPartition

    consumer = _consumer(settings, group)
    try:
        metadata = consumer.list_topics(timeout=timeout)
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            if topic in metadata.topics and metadata.topics[topic].error is None
            for p in sorted(metadata.topics[topic].partitions)
        ]
        if not partitions:
            return []
        try:
            committed_offsets = consumer.committed(partitions, timeout=timeout)
        except KafkaException as exc:
            raise _offsets_error(group, exc) from exc
        rows = []
        starts: dict[TP, int] = {}
        for tp in committed_offsets:
            low, high = consumer.get_watermark_offsets(tp, timeout=timeout)
            committed = tp.offset if tp.offset >= 0 else None
            # a committed offset below the low watermark points at messages retention already deleted
            start = low if committed is None else max(committed, low)
            rows.append(PartitionLag(group, tp.topic, tp.partition, committed, high, max(high - start, 0)))
            if high > start:
                starts[(tp.topic, tp.partition)] = start
        if ages and starts:
            stamps = message_timestamps(consumer, starts, timeout=min(timeout, 5.0))
            rows = [replace(row, oldest_ms=stamps.get((row.topic, row.partition))) if row.lag else row for row in rows]
        return rows
    finally:
        consumer.close()


def latest_timestamps(settings: Settings, topics: Iterable[str], timeout: float = 10.0) -> dict[str, int | None]:
    """Per topic, the timestamp (ms) of its newest message (None when empty or missing): is the feed flowing?"""
    from confluent_kafka import TopicPartition

    consumer = _consumer(settings, "enlace-lag")
    try:
        metadata = consumer.list_topics(timeout=timeout)
        wanted = [t for t in topics if t in metadata.topics and metadata.topics[t].error is None]
        positions: dict[TP, int] = {}
        for topic in wanted:
            for p in sorted(metadata.topics[topic].partitions):
                low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)
                if high > low:
                    positions[(topic, p)] = high - 1
        stamps = message_timestamps(consumer, positions, timeout=min(timeout, 5.0))
    finally:
        consumer.close()
    out: dict[str, int | None] = {t: None for t in topics}
    for (topic, _), stamp in stamps.items():
        current = out.get(topic)
        out[topic] = stamp if current is None else max(current, stamp)
    return out


def total_lag(rows: list[PartitionLag]) -> int:
    return sum(row.lag for row in rows)


STAGES = ("ingest", "judgements", "resolve", "index")
"""The pipeline's consuming stages, in order: each one's lag is the work still ahead of it."""


def stage_lags(settings: Settings, timeout: float = 10.0, ages: bool = False) -> dict[str, list[PartitionLag]]:
    """Per stage, the lag rows of its consumer group on its input topics (this generation's)."""
    from streams.topology import topology

    t = topology(settings)
    inputs = {
        "ingest": (t.group, list(t.agency_topics)),
        "judgements": (t.group, [t.judgements]),
        "resolve": (t.group, [t.records]),
        "index": (t.indexer_group, [t.entities]),
    }
    return {stage: group_lag(settings, group, topics, timeout, ages) for stage, (group, topics) in inputs.items()}


def pipeline_lag(settings: Settings) -> int:
    """Messages the pipeline has not yet processed end to end, or -1 when Kafka can't tell yet."""
    try:
        stages = stage_lags(settings)
    except LagUnavailable:  # e.g. the group coordinator of a fresh broker is still loading
        return -1
    for stage in ("ingest", "resolve", "index"):
        if not stages[stage]:  # its input topics don't exist yet
            return -1
    return sum(total_lag(rows) for rows in stages.values())
