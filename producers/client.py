"""The agency producer: encode events, publish them keyed by source record, account for every delivery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from deploy.settings import Settings

Headers = list[tuple[str, str | bytes | None]]

PRODUCER_DEFAULTS: dict[str, Any] = {
    "enable.idempotence": True,
    "acks": "all",
    "linger.ms": 20,
    "batch.num.messages": 10_000,
    "queue.buffering.max.messages": 200_000,
    # aiokafka (Faust) decompresses gzip with the stdlib only; lz4/zstd would need extra packages
    "compression.type": "none",
    # topics are created on purpose (ensure_topics); a typo must fail, not create a topic
    "allow.auto.create.topics": False,
}


class Codec(Protocol):
    def encode(self, event: dict[str, Any]) -> bytes: ...


@dataclass(frozen=True, slots=True)
class DeliveryFailure:
    """One message the broker did not accept."""

    topic: str
    key: str | None
    error: str


class DeliveryError(EnlaceError):
    """Some messages were not delivered; ``failures`` lists them (``undelivered`` still queued at timeout)."""

    def __init__(self, failures: list[DeliveryFailure], undelivered: int = 0) -> None:
        sample = "; ".join(f"{f.topic}[{f.key}]: {f.error}" for f in failures[:5])
        super().__init__(f"{len(failures)} failed deliveries, {undelivered} still queued. {sample}".strip())
        self.failures = failures
        self.undelivered = undelivered


def event_key(event: dict[str, Any]) -> str:
    """The message key that keeps every version of one source record on one partition."""
    envelope = event["envelope"]
    return f"{envelope['agency']}:{envelope['source_record_id']}"


def _key_text(msg: Any) -> str | None:
    key = msg.key()
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else key


class AgencyProducer:
    """An idempotent confluent-kafka producer for agency events; delivery reports are never ignored."""

    def __init__(self, settings: Settings, codec: Codec | None = None, overrides: dict[str, Any] | None = None) -> None:
        from confluent_kafka import Producer

        self._settings = settings
        if codec is None:
            from schemas.codec import make_codec

            codec = make_codec(settings)
        self._codec = codec
        self._producer = Producer({**settings.kafka.librdkafka(), **PRODUCER_DEFAULTS, **(overrides or {})})
        self._failures: list[DeliveryFailure] = []
        self.delivered = 0
        self.sent = 0
        self.unplaced: list[tuple[str, int, str | None]] = []
        """Deliveries Kafka confirmed without an offset: (topic, partition, key). librdkafka reports a message
        delivered with no offset when the broker calls its send a duplicate of one already written (a retry
        after a lost acknowledgement) or when a later send's acknowledgement implies it. If a topic ever holds
        fewer messages than were delivered, these are where to look."""

    def _on_delivery(self, err: Any, msg: Any) -> None:
        if err is not None:
            self._failures.append(DeliveryFailure(msg.topic(), _key_text(msg), str(err)))
            return
        self.delivered += 1
        offset = msg.offset()  # None (or negative) when Kafka gave none
        if offset is None or offset < 0:
            self.unplaced.append((msg.topic(), msg.partition(), _key_text(msg)))

    def encoded(self, event: dict[str, Any]) -> tuple[str, str, bytes]:
        """Where and how ``event`` is published: its agency's topic, its key and its Avro bytes."""
        return self._settings.kafka.agency_topic(event["envelope"]["agency"]), event_key(event), self._codec.encode(event)

    def publish(self, event: dict[str, Any]) -> None:
        """Encode ``event`` and queue it on its agency's topic, keyed ``agency:source_record_id``."""
        self.publish_raw(*self.encoded(event))

    def publish_raw(self, topic: str, key: str | bytes | None, value: bytes | None, headers: Headers | None = None) -> None:
        """Queue bytes as they are (tests, dead-letter replay); waits for room when the queue is full."""
        while True:
            try:
                self._producer.produce(topic, value=value, key=key, headers=headers, on_delivery=self._on_delivery)
                break
            except BufferError:
                self._producer.poll(0.1)
        self.sent += 1
        self._producer.poll(0)

    def poll(self, timeout: float = 0.0) -> int:
        """Serve delivery reports."""
        return int(self._producer.poll(timeout))

    def flush(self, timeout: float = 30.0) -> None:
        """Wait for every queued message; raise ``DeliveryError`` if any failed or is still queued."""
        remaining = int(self._producer.flush(timeout))
        if self._failures or remaining:
            failures, self._failures = self._failures, []
            raise DeliveryError(failures, remaining)

    def __enter__(self) -> AgencyProducer:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.flush()
        else:
            self._producer.flush(5.0)
