"""Read what the stream wrote (entities, redirects, dead letters): for tests, benchmarks and demos.

A ``TopicReader`` assigns every partition of a topic from the beginning (no consumer
group, nothing committed) and keeps polling into ``messages`` and ``latest``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deploy.settings import Settings


@dataclass(frozen=True, slots=True)
class Message:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes | None
    headers: dict[str, str]
    timestamp_ms: int

    def json(self) -> Any:
        return None if self.value is None else json.loads(self.value)


class TopicReader:
    """Everything on ``topic`` since its beginning; ``poll()`` fetches what arrived since the last call."""

    def __init__(self, settings: Settings, topic: str, timeout: float = 10.0) -> None:
        from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

        self.topic = topic
        self._consumer = Consumer({
            **settings.kafka.librdkafka(),
            "group.id": f"observe-{topic}",
            "enable.auto.commit": False,
            "enable.partition.eof": False,
        })
        metadata = self._consumer.list_topics(topic, timeout=timeout).topics[topic]
        partitions = sorted(metadata.partitions) if metadata.error is None else []
        self._consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        self.messages: list[Message] = []
        self.latest: dict[str | None, Message] = {}

    def poll(self, max_messages: int = 10_000, timeout: float = 0.2) -> list[Message]:
        new: list[Message] = []
        for raw in self._consumer.consume(max_messages, timeout):
            if raw.error() is not None:
                continue
            key: Any = raw.key()
            headers: Any = raw.headers() or []
            message = Message(
                str(raw.topic()), int(raw.partition() or 0), int(raw.offset() or 0),
                key.decode() if key is not None else None, raw.value(),
                {str(k): (v or b"").decode("utf-8", "replace") for k, v in headers}, raw.timestamp()[1],
            )
            new.append(message)
            self.latest[message.key] = message
        self.messages.extend(new)
        return new

    def documents(self) -> dict[str, dict[str, Any]]:
        """Latest JSON value per key, tombstoned keys left out (the compacted view)."""
        return {k: m.json() for k, m in self.latest.items() if k is not None and m.value is not None}

    def close(self) -> None:
        self._consumer.close()

    def __enter__(self) -> TopicReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
