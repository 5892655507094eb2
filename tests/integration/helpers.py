"""Small helpers for integration tests: wait on a condition with a deadline, never on the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import pytest

from deploy.waiting import Timeout
from deploy.waiting import wait_until as _wait_until

if TYPE_CHECKING:
    from deploy.settings import Settings

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, message: str, interval: float = 0.1) -> T:
    """Poll ``predicate`` until it returns something truthy (returned); fail the test with ``message`` at the deadline."""
    try:
        return _wait_until(predicate, timeout, message, interval)
    except Timeout as exc:
        pytest.fail(str(exc), pytrace=False)


def watermarks(settings: Settings, topics: list[str]) -> dict[tuple[str, int], tuple[int, int]]:
    """``(topic, partition) -> (low, high)`` watermarks, read from Kafka, of every partition of ``topics``."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": "enlace-test-watermarks"})
    try:
        metadata = consumer.list_topics(timeout=10)
        return {(topic, p): consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
                for topic in topics for p in sorted(metadata.topics[topic].partitions)}
    finally:
        consumer.close()


def held(marks: dict[tuple[str, int], tuple[int, int]]) -> int:
    """How many messages the partitions of ``watermarks`` hold."""
    return sum(high - low for low, high in marks.values())
