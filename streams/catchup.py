"""Read a stretch of the records log straight from Kafka, to bring a restored resolver up to date."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from deploy.settings import Settings

log = logging.getLogger(__name__)


class CatchUpError(EnlaceError):
    """The log could not be read up to the offset a resolver must reach."""


@dataclass(frozen=True, slots=True)
class Raw:
    """A message read straight from Kafka."""

    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int | None


def read_range(settings: Settings, topic: str, partition: int, start: int, end: int,
               timeout: float = 120.0) -> Iterator[Raw]:
    """Every message in ``[start, end)`` of one partition, in order."""
    from confluent_kafka import Consumer, TopicPartition

    if start >= end:
        return
    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": "enlace-catchup", "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "enable.partition.eof": False})
    try:
        consumer.assign([TopicPartition(topic, partition, start)])
        deadline = time.monotonic() + timeout
        position = start
        while position < end:
            if time.monotonic() > deadline:
                raise CatchUpError(f"{topic}[{partition}] read up to offset {position}, needed {end} within {timeout:.0f}s")
            for message in consumer.consume(min(1000, end - position), timeout=0.5):
                if message.error():
                    raise CatchUpError(f"{topic}[{partition}]: {message.error()}")
                offset = message.offset()
                if offset >= end:
                    return
                position = offset + 1
                kind, stamp = message.timestamp()
                yield Raw(offset, message.key(), message.value(), stamp if kind else None)
    finally:
        consumer.close()


def read_log(settings: Settings, topic: str, partition: int, start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """(offset, value) of the records log in ``[start, end)`` of one partition."""
    for raw in read_range(settings, topic, partition, start, end):
        yield raw.offset, raw.value or b""


RETRY_DELAY = 0.5
"""Seconds between two asks for a committed offset while the group coordinator is not there yet."""


def transient(exc: Exception) -> bool:
    """A Kafka error that goes away by itself: the coordinator is loading or moved, the broker is (re)starting."""
    from confluent_kafka import KafkaError

    error = exc.args[0] if exc.args else None
    passing = {KafkaError.NOT_COORDINATOR, KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
               KafkaError.COORDINATOR_NOT_AVAILABLE, KafkaError._TIMED_OUT, KafkaError._TRANSPORT,
               KafkaError._ALL_BROKERS_DOWN}
    return isinstance(error, KafkaError) and (error.retriable() or error.code() in passing)


def committed_offset(settings: Settings, group: str, topic: str, partition: int, timeout: float = 10.0,
                     patience: float = 120.0, consumer: Any = None) -> int | None:
    """The next offset ``group`` will read in ``topic[partition]`` (None when it never committed there).

    Right after a broker restart the group's coordinator answers NOT_COORDINATOR or "loading" for a
    while: such transient errors are asked again for up to ``patience`` seconds, then raised.
    """
    from confluent_kafka import Consumer, KafkaException, TopicPartition

    own = consumer is None
    if own:
        consumer = Consumer({**settings.kafka.librdkafka(), "group.id": group, "enable.auto.commit": False})
    deadline = time.monotonic() + patience
    try:
        while True:
            try:
                [tp] = consumer.committed([TopicPartition(topic, partition)], timeout=timeout)
                return tp.offset if tp.offset >= 0 else None
            except KafkaException as exc:
                if not transient(exc) or time.monotonic() >= deadline:
                    raise
                log.info("%s[%s]: committed offset of %s not available yet (%s); asking again", topic, partition,
                         group, exc.args[0].str() if exc.args else exc)
                time.sleep(RETRY_DELAY)
    finally:
        if own:
            consumer.close()


class Watermarks:
    """End offsets of partitions through one long-lived client (called from one thread at a time)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._consumer: Any = None

    def high(self, topic: str, partition: int, timeout: float = 10.0) -> int:
        from confluent_kafka import Consumer, TopicPartition

        if self._consumer is None:
            self._consumer = Consumer({**self.settings.kafka.librdkafka(), "group.id": "enlace-catchup",
                                       "enable.auto.commit": False})
        return int(self._consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=timeout)[1])


def end_offsets(settings: Settings, topic: str, partitions: int, timeout: float = 10.0) -> list[int]:
    """The next offset to be written in each partition of ``topic``."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": "enlace-catchup", "enable.auto.commit": False})
    try:
        return [consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)[1] for p in range(partitions)]
    finally:
        consumer.close()


def fold_log(settings: Settings) -> dict[int, Any]:
    """Every records-log partition folded from offset 0 to its end, in one process, without emitting.

    The reference a running pipeline must agree with: however often workers crashed or
    rebalanced, their entities must equal this uninterrupted fold of the same log.
    """
    from streams.resolving import Partition
    from streams.topology import RECORD_PARTITIONS, topology

    topic = topology(settings).records
    out: dict[int, Any] = {}
    for number, end in enumerate(end_offsets(settings, topic, RECORD_PARTITIONS)):
        part = out[number] = Partition(number)
        for offset, value in read_log(settings, topic, number, 0, end):
            part.apply(value, offset, emit=False)
    return out
