"""The worker's librdkafka sink against the real broker: keyed messages land where aiokafka would put them, explicit
partitions are kept, and a flush returns only once everything sent is in the log."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka.partitioner import DefaultPartitioner

from deploy.settings import Settings
from producers.admin import TopicSpec, ensure_topics
from streams.catchup import end_offsets, read_range
from streams.sink import Sink

pytestmark = pytest.mark.integration

PARTITIONS = 6


def test_keyed_messages_land_on_the_partition_aiokafka_chooses(settings: Settings) -> None:
    topic = settings.kafka.topic(f"sink-{uuid.uuid4().hex[:8]}")
    ensure_topics(settings, [TopicSpec(topic, PARTITIONS, {})])
    sent: list[tuple[str, bytes | None]] = []
    sink = Sink(settings, on_send=lambda t, v: sent.append((t, v)))
    keys = [f"per-{n:04d}".encode() for n in range(60)]

    async def send_all() -> None:
        out = sink.topic(topic)
        for key in keys:
            await out.send(key=key, value=b"doc:" + key)
        await out.send(key=b"cmd", value=b"to partition 5", partition=5)
        await out.send(key=b"gone", value=None, headers=[("enlace.version", b"7")])
        await sink.flush()  # returns only once every message is in the log

    asyncio.run(send_all())
    assert len(sent) == len(keys) + 2 and sent[-1] == (topic, None)

    choose = DefaultPartitioner()
    where = {}
    for partition, end in enumerate(end_offsets(settings, topic, PARTITIONS)):
        for raw in read_range(settings, topic, partition, 0, end):
            where[raw.key] = (partition, raw.value)
    assert len(where) == len(keys) + 2
    for key in keys:
        assert where[key] == (choose(key, list(range(PARTITIONS)), list(range(PARTITIONS))), b"doc:" + key)
    assert where[b"cmd"] == (5, b"to partition 5")
    assert where[b"gone"][1] is None
