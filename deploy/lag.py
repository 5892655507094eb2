"""Consumer lag computed from Kafka itself: committed offsets against end offsets."""

from __future__ import annotations

from dataclasses import dataclass

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

from deploy.settings import Settings
from schemas.errors import EnlaceError

_COORDINATOR_NOT_READY = {
    KafkaError.NOT_COORDINATOR,
    KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
    KafkaError.COORDINATOR_NOT_AVAILABLE,
}


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


def group_lag(settings: Settings, group: str, topics: list[str], timeout: float = 10.0) -> list[PartitionLag]:
    """Lag of ``group`` on every partition of ``topics`` that exists; missing topics are skipped."""
    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": group, "enable.auto.commit": False})
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
            error = exc.args[0] if exc.args else None
            if isinstance(error, KafkaError) and (error.code() in _COORDINATOR_NOT_READY or error.retriable()):
                raise LagUnavailable(f"offsets of group {group} unavailable: {error.str()}") from exc
            raise
        rows = []
        for tp in committed_offsets:
            low, high = consumer.get_watermark_offsets(tp, timeout=timeout)
            committed = tp.offset if tp.offset >= 0 else None
            start = committed if committed is not None else low
            rows.append(PartitionLag(group, tp.topic, tp.partition, committed, high, max(high - start, 0)))
        return rows
    finally:
        consumer.close()


def total_lag(rows: list[PartitionLag]) -> int:
    return sum(row.lag for row in rows)


STAGES = ("ingest", "judgements", "resolve", "index")
"""The pipeline's consuming stages, in order: each one's lag is the work still ahead of it."""


def stage_lags(settings: Settings, timeout: float = 10.0) -> dict[str, list[PartitionLag]]:
    """Per stage, the lag rows of its consumer group on its input topics (this generation's)."""
    from streams.topology import topology

    t = topology(settings)
    inputs = {
        "ingest": (t.group, list(t.agency_topics)),
        "judgements": (t.group, [t.judgements]),
        "resolve": (t.group, [t.records]),
        "index": (t.indexer_group, [t.entities]),
    }
    return {stage: group_lag(settings, group, topics, timeout) for stage, (group, topics) in inputs.items()}


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
