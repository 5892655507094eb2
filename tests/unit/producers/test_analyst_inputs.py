"""Judgements and retractions: built valid, kind inferred from entity ids, published keyed and encoded (no broker)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from deploy.settings import KafkaSettings, Settings
from producers import admin
from producers.client import AgencyProducer, DeliveryError
from producers.judgements import build_judgement, judged_kind, publish_judgement
from producers.retractions import build_retraction, publish_retraction
from schemas.codec import default_codec
from schemas.errors import InvalidEvent
from schemas.judgements import decode_judgement
from schemas.validate import validate_event

SETTINGS = Settings(kafka=KafkaSettings(topic_prefix="t1."))
AT = datetime(2025, 6, 3, 18, 5, 12, 345000, tzinfo=timezone.utc)


class FakeKafka:
    """Stands in for confluent_kafka.Producer: keeps what is produced, reports deliveries on poll/flush."""

    def __init__(self, conf: dict[str, Any], fail: str | None = None) -> None:
        self.conf, self.fail = conf, fail
        self.messages: list[tuple[str, bytes | None, bytes | None]] = []
        self._pending: list[Any] = []

    def produce(self, topic: str, value: bytes | None = None, key: Any = None, headers: Any = None,
                on_delivery: Any = None) -> None:
        key_bytes = key.encode() if isinstance(key, str) else key
        self.messages.append((topic, key_bytes, value))
        offset = len(self.messages) - 1
        msg = type("Msg", (), {"topic": lambda self: topic, "key": lambda self: key_bytes,
                               "partition": lambda self: 0, "offset": lambda self: offset})()
        self._pending.append(lambda: on_delivery(self.fail, msg))

    def poll(self, timeout: float = 0.0) -> int:
        served, self._pending = self._pending, []
        for report in served:
            report()
        return len(served)

    def flush(self, timeout: float = 0.0) -> int:
        self.poll()
        return 0


@pytest.fixture
def ensured(monkeypatch: pytest.MonkeyPatch) -> list[admin.TopicSpec]:
    """The topic specs the code under test asked to create (no broker is contacted)."""
    specs: list[admin.TopicSpec] = []
    monkeypatch.setattr(admin, "ensure_topics", lambda settings, wanted, timeout=30.0: specs.extend(wanted))
    return specs


def producer(monkeypatch: pytest.MonkeyPatch, fail: str | None = None) -> tuple[AgencyProducer, FakeKafka]:
    import confluent_kafka

    made: list[FakeKafka] = []

    def make(conf: dict[str, Any]) -> FakeKafka:
        made.append(FakeKafka(conf, fail))
        return made[-1]

    monkeypatch.setattr(confluent_kafka, "Producer", make)
    return AgencyProducer(SETTINGS, codec=default_codec()), made[0]


def test_judgements_topic_is_one_partition_kept_forever() -> None:
    spec = admin.judgements_topic_spec(SETTINGS)
    assert (spec.name, spec.partitions) == ("t1.judgements", 1)
    assert spec.config == {"cleanup.policy": "delete", "retention.ms": "-1", "retention.bytes": "-1"}


KINDS = [
    # (left, right, --kind, inferred kind or the error's location)
    ("per-0123456789ab", "police/INC-1#p0", None, "person"),
    ("police/INC-1#v0", "veh-0123456789ab", None, "vehicle"),
    ("gun-0123456789ab", "gun-ba9876543210", None, "firearm"),
    ("police/INC-1#p0", "customs/C-1#p0", "person", "person"),
    ("per-0123456789ab", "police/INC-1#p0", "person", "person"),
    ("police/INC-1#p0", "customs/C-1#p0", None, ["kind"]),
    ("per-0123456789ab", "veh-0123456789ab", None, ["right"]),
    ("per-0123456789ab", "police/INC-1#f0", "firearm", ["left"]),
    ("box-0123456789ab", "police/INC-1#p0", None, ["kind"]),  # not a known prefix
]


@pytest.mark.parametrize(("left", "right", "kind", "want"), KINDS)
def test_judged_kind(left: str, right: str, kind: str | None, want: Any) -> None:
    if isinstance(want, str):
        assert judged_kind(left, right, kind) == want
        return
    with pytest.raises(InvalidEvent) as caught:
        judged_kind(left, right, kind)
    assert [e["loc"] for e in caught.value.errors] == [want]


def test_build_judgement_defaults() -> None:
    before = datetime.now(timezone.utc) - timedelta(milliseconds=1)
    judgement = build_judgement(left=" per-0123456789ab", right="police/INC-1#p0", verdict="same", who="ana", why="same DOB")
    assert uuid.UUID(judgement["judgement_id"]).version == 4
    assert before <= judgement["at"] <= datetime.now(timezone.utc) and judgement["at"].microsecond % 1000 == 0
    assert {k: judgement[k] for k in ("kind", "left", "right", "verdict", "who", "why")} == {
        "kind": "person", "left": "per-0123456789ab", "right": "police/INC-1#p0", "verdict": "same", "who": "ana",
        "why": "same DOB"}
    assert build_judgement(left="a/1", right="a/2", verdict="unsure", who="b", kind="vehicle", at=AT,
                           judgement_id="j-1")["at"] == AT


@pytest.mark.parametrize(
    ("change", "loc"),
    [({"verdict": "maybe"}, ["verdict"]), ({"who": " "}, ["who"]), ({"right": "per-0123456789ab"}, []),
     ({"kind": "boat"}, ["kind"])],
)
def test_build_judgement_rejects(change: dict[str, Any], loc: list[Any]) -> None:
    fields = {"left": "per-0123456789ab", "right": "police/INC-1#p0", "verdict": "not_same", "who": "ana", **change}
    with pytest.raises(InvalidEvent) as caught:
        build_judgement(**fields)
    assert loc in [e["loc"] for e in caught.value.errors]


def test_publish_judgement(monkeypatch: pytest.MonkeyPatch, ensured: list[admin.TopicSpec]) -> None:
    agency_producer, kafka = producer(monkeypatch)
    judgement = publish_judgement(SETTINGS, producer=agency_producer, left="per-0123456789ab", right="per-ba9876543210",
                                  verdict="not_same", who="ana", why="twins", at=AT)
    assert ensured == [admin.judgements_topic_spec(SETTINGS)]
    [(topic, key, value)] = kafka.messages
    assert (topic, key) == ("t1.judgements", judgement["judgement_id"].encode())
    assert value is not None and decode_judgement(value) == judgement
    assert agency_producer.delivered == 1


def test_publish_judgement_surfaces_failed_delivery(monkeypatch: pytest.MonkeyPatch, ensured: list[admin.TopicSpec]) -> None:
    agency_producer, _ = producer(monkeypatch, fail="Broker: Unknown topic or partition")
    with pytest.raises(DeliveryError, match="Unknown topic"):
        publish_judgement(SETTINGS, producer=agency_producer, left="per-0123456789ab", right="per-ba9876543210",
                          verdict="same", who="ana", why="")


def test_invalid_judgement_is_never_published(monkeypatch: pytest.MonkeyPatch, ensured: list[admin.TopicSpec]) -> None:
    agency_producer, kafka = producer(monkeypatch)
    with pytest.raises(InvalidEvent):
        publish_judgement(SETTINGS, producer=agency_producer, left="per-0123456789ab", right="per-0123456789ab",
                          verdict="same", who="ana", why="")
    assert (ensured, kafka.messages) == ([], [])


def test_build_retraction() -> None:
    event = build_retraction(agency="police", source_record_id="INC-2025-000101", reason="entered in error",
                             source_version=3, reported_at=AT)
    assert event["event_type"] == event["envelope"]["event_type"] == "record_retraction"
    assert event["payload"] == {"reason": "entered in error"}
    envelope = event["envelope"]
    assert (envelope["agency"], envelope["source_record_id"], envelope["source_version"]) == ("police", "INC-2025-000101", 3)
    assert envelope["occurred_at"] == envelope["reported_at"] == AT
    validate_event(event)


@pytest.mark.parametrize(
    ("change", "loc"),
    [({"source_version": 1}, ["envelope", "source_version"]), ({"source_version": 2**31}, ["envelope", "source_version"]),
     ({"reason": ""}, ["payload", "reason"]), ({"agency": "navy"}, ["envelope", "agency"]),
     ({"source_record_id": " "}, ["envelope", "source_record_id"])],
)
def test_build_retraction_rejects(change: dict[str, Any], loc: list[Any]) -> None:
    fields = {"agency": "police", "source_record_id": "INC-1", "reason": "dup", "source_version": 2, **change}
    with pytest.raises(InvalidEvent) as caught:
        build_retraction(**fields)
    assert loc in [e["loc"] for e in caught.value.errors]


def test_publish_retraction_goes_to_the_agency_topic_keyed_by_source_record(
        monkeypatch: pytest.MonkeyPatch, ensured: list[admin.TopicSpec]) -> None:
    agency_producer, kafka = producer(monkeypatch)
    event = publish_retraction(SETTINGS, producer=agency_producer, agency="customs", source_record_id="CUS-77",
                               reason="duplicate of CUS-76", source_version=4)
    assert [s.name for s in ensured] == ["t1.agency.customs"]
    [(topic, key, value)] = kafka.messages
    assert (topic, key) == ("t1.agency.customs", b"customs:CUS-77")
    assert value is not None and default_codec().decode(value) == event
