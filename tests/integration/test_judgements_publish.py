"""A judgement and a retraction through the real broker: the topics they need, their keys, their bytes decoded back."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from deploy.settings import Settings
from producers.admin import judgements_topic_spec
from producers.judgements import publish_judgement
from producers.retractions import publish_retraction
from schemas.codec import make_codec
from schemas.judgements import decode_judgement, validate_judgement
from schemas.validate import validate_event

pytestmark = pytest.mark.integration


def consume(settings: Settings, topics: list[str], count: int, timeout: float = 60.0) -> list[Any]:
    """Read ``count`` messages from the start of ``topics``, waiting at most ``timeout`` seconds."""
    from confluent_kafka import Consumer

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": f"{settings.kafka.topic_prefix}test-{uuid.uuid4().hex}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe(topics)
    messages: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while len(messages) < count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                messages.append(msg)
    finally:
        consumer.close()
    return messages


def topic_config(settings: Settings, topic: str) -> dict[str, str]:
    from confluent_kafka.admin import AdminClient, ConfigResource

    admin = AdminClient(settings.kafka.librdkafka())
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    entries = admin.describe_configs([resource])[resource].result(timeout=30)
    return {name: entry.value for name, entry in entries.items()}


def test_judgement_and_retraction_round_trip(stack: Any, settings: Settings) -> None:
    judgement = publish_judgement(settings, left="per-0123456789ab", right="police/INC-2025-000101#p0",
                                  verdict="not_same", who="a.analyst", why="different fathers")
    retraction = publish_retraction(settings, agency="police", source_record_id="INC-2025-000101",
                                    reason="entered in error", source_version=2)

    judgements_topic, police_topic = settings.kafka.topic("judgements"), settings.kafka.agency_topic("police")
    messages = {m.topic(): m for m in consume(settings, [judgements_topic, police_topic], 2)}
    assert set(messages) == {judgements_topic, police_topic}

    sent = messages[judgements_topic]
    assert sent.key() == judgement["judgement_id"].encode()
    decoded = decode_judgement(sent.value())
    assert decoded == judgement and decoded["kind"] == "person"
    validate_judgement(decoded)

    event = make_codec(settings).decode(messages[police_topic].value())
    assert messages[police_topic].key() == b"police:INC-2025-000101"
    assert event == retraction and event["payload"] == {"reason": "entered in error"}
    assert validate_event(event).envelope.source_version == 2

    from confluent_kafka.admin import AdminClient

    metadata = AdminClient(settings.kafka.librdkafka()).list_topics(judgements_topic, timeout=30)
    assert len(metadata.topics[judgements_topic].partitions) == judgements_topic_spec(settings).partitions == 1
    config = topic_config(settings, judgements_topic)
    assert (config["cleanup.policy"], config["retention.ms"], config["retention.bytes"]) == ("delete", "-1", "-1")
