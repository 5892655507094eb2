"""Producers against the real local broker: what goes out comes back identical; failures surface."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from deploy.settings import AGENCIES, Settings
from producers.admin import TopicSpec, agency_topic_specs, delete_topics, ensure_topics, existing_topics
from producers.client import AgencyProducer, DeliveryError, event_key
from producers.publishing import publish_file
from producers.simulator.scenario import simulate_events
from schemas.codec import make_codec

pytestmark = pytest.mark.integration


def consume(settings: Settings, topics: list[str], count: int, timeout: float = 60.0) -> list[Any]:
    """Read ``count`` messages from the start of ``topics``, waiting at most ``timeout`` seconds."""
    from confluent_kafka import Consumer

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": f"test-{uuid.uuid4().hex}",
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


def test_published_events_come_back_identical(stack: Any, settings: Settings) -> None:
    ensure_topics(settings, agency_topic_specs(settings))
    codec = make_codec(settings)
    sims = list(simulate_events(60, seed=11))
    with AgencyProducer(settings, codec) as producer:
        for sim in sims:
            producer.publish(sim.event)
    assert producer.delivered == len(sims)

    topics = [settings.kafka.agency_topic(a) for a in AGENCIES]
    messages = consume(settings, topics, len(sims))
    assert len(messages) == len(sims)
    by_id = {sim.event["envelope"]["event_id"]: sim.event for sim in sims}
    for msg in messages:
        decoded = codec.decode(msg.value())
        original = by_id[decoded["envelope"]["event_id"]]
        assert decoded == codec.decode(codec.encode(original))
        assert msg.key().decode() == event_key(original)
        assert msg.topic() == settings.kafka.agency_topic(original["envelope"]["agency"])
    # versions of one source record share a key, hence a partition, and arrive in order
    versions: dict[bytes, list[int]] = {}
    for msg in sorted(messages, key=lambda m: (m.topic(), m.partition(), m.offset())):
        versions.setdefault(msg.key(), []).append(codec.decode(msg.value())["envelope"]["source_version"])
    assert all(v == sorted(v) for v in versions.values())
    assert len({msg.topic() for msg in messages}) >= 4  # a story spans several agencies


def test_delivery_to_a_missing_topic_raises(stack: Any, settings: Settings) -> None:
    producer = AgencyProducer(settings, codec=make_codec(settings),
                              overrides={"message.timeout.ms": 4000, "topic.metadata.propagation.max.ms": 1000})
    missing = settings.kafka.topic(f"missing-{uuid.uuid4().hex[:8]}")
    producer.publish_raw(missing, "police:x", b"payload")
    with pytest.raises(DeliveryError) as caught:
        producer.flush(30)
    assert [f.topic for f in caught.value.failures] == [missing]
    assert caught.value.failures[0].key == "police:x"
    assert missing not in existing_topics(settings)


def test_ensure_topics_is_idempotent_and_delete_removes_them(stack: Any, settings: Settings) -> None:
    from confluent_kafka.admin import AdminClient, ConfigResource

    spec = TopicSpec(settings.kafka.topic("entities"), 3, {"cleanup.policy": "compact"})
    ensure_topics(settings, [spec])
    ensure_topics(settings, [spec, *agency_topic_specs(settings)])
    admin = AdminClient(settings.kafka.librdkafka())
    meta = admin.list_topics(timeout=10).topics
    assert len(meta[spec.name].partitions) == 3
    assert len(meta[settings.kafka.agency_topic("police")].partitions) == settings.kafka.partitions
    configs = admin.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, spec.name)])
    (future,) = configs.values()
    assert future.result()["cleanup.policy"].value == "compact"
    deleted = delete_topics(settings, settings.kafka.topic_prefix)
    assert spec.name in deleted and not any(t.startswith(settings.kafka.topic_prefix) for t in existing_topics(settings))


def test_publish_file_skips_bad_lines_and_delivers_the_rest(stack: Any, settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings, agency_topic_specs(settings))
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"record_id": "v1", "source": "customs", "kind": "vehicle", "plate": "CY C-12345", "plate_country": "BZ"}\n'
        "{broken\n"
        '{"record_id": "p1", "source": "police", "kind": "person", "given_name": "José", "family_name": "Choc",'
        ' "links": [{"rel": "drives", "to": "v1"}]}\n'
        '{"record_id": "g1", "source": "PNC-GT", "kind": "firearm", "serial_number": "ABC123", "make": "Glock"}\n',
        encoding="utf-8",
    )
    report = publish_file(settings, path)
    assert report.ok and report.events == 3 and [n for n, _ in report.rejected] == [2]
    codec = make_codec(settings)
    topics = [settings.kafka.agency_topic(a) for a in ("customs", "police", "partners")]
    messages = consume(settings, topics, 3)
    assert sorted(m.key().decode() for m in messages) == ["customs:v1", "partners:g1", "police:p1"]
    events = [codec.decode(m.value()) for m in messages]
    assert {e["event_type"] for e in events} == {"entity_report"}
