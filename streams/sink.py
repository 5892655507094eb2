"""The worker's busiest outputs (records log, entity documents, redirects) through librdkafka instead of aiokafka.

Faust sends through aiokafka, whose produce path is pure Python: building batches, framing requests and
writing sockets took about a fifth of the worker's main thread. ``Sink`` is one idempotent confluent-kafka
producer (librdkafka does that work in C, on its own threads) behind the ``await topic.send(...)`` the
agents already use, so they do not change.

At-least-once holds as before: Faust flushes its producer before it commits offsets, and before a resolver
snapshot the worker flushes it too. ``attach`` makes that flush wait for this producer as well, and raise if
any message failed, so no offset is committed past a command or document that Kafka did not take. Keyed
messages are partitioned by murmur2 like the Java client and aiokafka, so an entity keeps its partition of
the compacted ``entities`` topic whichever client wrote it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from producers.client import DeliveryError, DeliveryFailure, Headers

if TYPE_CHECKING:
    from deploy.settings import Settings

SINK_DEFAULTS: dict[str, Any] = {
    "enable.idempotence": True,  # ordered per partition, no duplicates on retry
    "acks": "all",
    "linger.ms": 5,
    "batch.num.messages": 10_000,
    "compression.type": "none",  # aiokafka (Faust's consumer) decompresses gzip only without extra packages
    "partitioner": "murmur2_random",  # Java's and aiokafka's choice for keyed messages
    "allow.auto.create.topics": False,
}


class Sink:
    """One librdkafka producer shared by the worker's ``SinkTopic``s; ``flush`` checks every delivery."""

    def __init__(self, settings: Settings, on_send: Callable[[str, bytes | None], None] = lambda topic, value: None,
                 flush_timeout: float = 60.0) -> None:
        from confluent_kafka import Producer

        self._producer = Producer({**settings.kafka.librdkafka(), **SINK_DEFAULTS})
        self._failures: list[DeliveryFailure] = []
        self.on_send = on_send
        self.flush_timeout = flush_timeout

    def topic(self, name: str) -> SinkTopic:
        return SinkTopic(self, name)

    def _on_delivery(self, err: Any, msg: Any) -> None:
        if err is not None:
            key = msg.key()
            self._failures.append(DeliveryFailure(msg.topic(), key.decode("utf-8", "replace") if key else None, str(err)))

    async def send(self, topic: str, key: bytes | None, value: bytes | None, partition: int | None = None,
                   headers: Headers | None = None) -> None:
        """Queue one message (in order per partition); waits, off the event loop, while librdkafka's queue is full."""
        if self._failures:
            self._raise()  # a failed delivery stops the agent now (the worker restarts from its last commit)
        extra: dict[str, Any] = {} if partition is None else {"partition": partition}
        while True:
            try:
                self._producer.produce(topic, value=value, key=key, headers=headers, on_delivery=self._on_delivery,
                                       **extra)
                break
            except BufferError:
                await asyncio.get_running_loop().run_in_executor(None, self._producer.poll, 0.1)
        self._producer.poll(0)
        self.on_send(topic, value)

    async def flush(self) -> None:
        """Return once every message sent so far is delivered; raise ``DeliveryError`` if one failed or timed out."""
        remaining = await asyncio.get_running_loop().run_in_executor(None, self._producer.flush, self.flush_timeout)
        if self._failures or remaining:
            self._raise(remaining)

    def _raise(self, remaining: int = 0) -> None:
        failures, self._failures = self._failures, []
        raise DeliveryError(failures, remaining)

    def attach(self, app: Any) -> None:
        """Make ``app.producer.flush()`` (awaited by Faust before every commit) wait for this producer too."""
        producer = app.producer
        faust_flush = producer.flush

        async def flush() -> None:
            await faust_flush()
            await self.flush()

        producer.flush = flush


@dataclass(frozen=True, slots=True)
class SinkTopic:
    """A topic written through a ``Sink``, with the keyword ``send`` of a Faust topic."""

    sink: Sink
    name: str

    async def send(self, *, key: bytes | None = None, value: bytes | None = None, partition: int | None = None,
                   headers: Headers | None = None) -> None:
        await self.sink.send(self.name, key, value, partition, headers)
