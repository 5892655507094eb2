"""The stream worker as a real process against the real broker: fusion, idempotency, dead letters."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from deploy.lag import stage_lags, total_lag
from deploy.processes import running
from deploy.settings import Settings
from producers.client import AgencyProducer
from producers.events import build_event
from schemas.codec import make_codec
from schemas.errors import InvalidEvent
from schemas.validate import validate_event
from streams.observe import TopicReader
from streams.topology import ensure_topology, topology

from helpers import wait_until

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def person_event(agency: str, source_record_id: str, n: int = 0, **fields: Any) -> dict[str, Any]:
    """An ``entity_report`` of one person, deterministic (fixed event id and times)."""
    record = {"record_id": f"{source_record_id}-p0", "source": agency, "kind": "person", **fields}
    return build_event(
        agency=agency, event_type="entity_report", source_record_id=source_record_id, records=[record],
        event_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{agency}/{source_record_id}/{n}")),
        occurred_at=T0 + timedelta(minutes=n), reported_at=T0 + timedelta(minutes=n, seconds=30),
    )


def three_agencies() -> list[dict[str, Any]]:
    """One woman seen by police, immigration and prosecutions, written three ways."""
    return [
        person_event("immigration", "BC-0042", 1, given_name="MARISOL", family_name="TZIB", id_numbers=["P 807 2881"]),
        person_event("prosecutions", "CASE-7", 2, given_name="Marisol", family_name="Tzib", date_of_birth="1988-04-12"),
        person_event("police", "INC-77", 3, given_name="Marisol", family_name="Tzib", date_of_birth="1988-04-12",
                     id_numbers=["BZ:P8072881"], sex="F"),
    ]


def publish(settings: Settings, events: list[dict[str, Any]]) -> None:
    with AgencyProducer(settings) as producer:
        for event in events:
            producer.publish(event)


def caught_up(settings: Settings) -> bool:
    """The worker's group has consumed and committed everything on the agency topics and the records log."""
    stages = stage_lags(settings)
    rows = stages["ingest"] + stages["resolve"]
    return bool(rows) and all(row.committed is not None or row.end == 0 for row in rows) and total_lag(rows) == 0


@pytest.fixture
def worker(stack: Any, settings: Settings, tmp_path: Path) -> Iterator[Any]:
    ensure_topology(settings)
    with running(["worker"], settings, tmp_path / "worker.log") as process:
        yield process


@pytest.fixture
def entities(settings: Settings, worker: Any) -> Iterator[TopicReader]:
    with TopicReader(settings, topology(settings).entities) as reader:
        yield reader


def read(reader: TopicReader) -> bool:
    """Fetch what arrived; always True so it can lead a condition."""
    reader.poll()
    return True


def fused(reader: TopicReader, agencies: int) -> dict[str, Any] | None:
    reader.poll()
    live = [doc for doc in reader.documents().values() if len(doc["agencies"]) >= agencies]
    return live[0] if live else None


def test_three_agencies_one_person_become_one_entity(settings: Settings, entities: TopicReader) -> None:
    publish(settings, three_agencies())
    doc = wait_until(lambda: fused(entities, 3), 120, "no entity fused from three agencies")
    assert doc["kind"] == "person" and doc["entity_id"].startswith("per-")
    assert doc["agencies"] == ["immigration", "police", "prosecutions"]
    assert sorted(r["record_key"] for r in doc["records"]) == [
        "immigration/BC-0042-p0", "police/INC-77-p0", "prosecutions/CASE-7-p0"]
    assert "P8072881" in doc["identifiers"]
    assert doc["display_name"] == "Marisol Tzib"
    assert isinstance(doc["trigger_produced_at_ms"], int)
    live = entities.documents()
    assert len(live) == 1, live.keys()  # the two entities merged on the way were tombstoned
    tombstoned = {m.key for m in entities.messages if m.value is None}
    assert tombstoned == set(doc["merged_from"])
    with TopicReader(settings, topology(settings).redirects) as redirects:
        wait_until(lambda: read(redirects) and len(redirects.latest) == len(tombstoned), 30, "no redirects")
        assert {k: m.json()["survivor"] for k, m in redirects.latest.items()} == {k: doc["entity_id"] for k in tombstoned}
    versions: dict[str, list[int]] = {}
    for message in entities.messages:
        if message.value is not None:
            versions.setdefault(message.key, []).append(message.json()["version"])
    assert all(v == sorted(set(v)) for v in versions.values()), versions  # strictly increasing per entity


def test_publishing_the_same_events_twice_changes_nothing(settings: Settings, entities: TopicReader) -> None:
    events = three_agencies()
    publish(settings, events)
    wait_until(lambda: fused(entities, 3), 120, "no entity fused from three agencies")
    wait_until(lambda: caught_up(settings), 60, "worker did not catch up")
    entities.poll(timeout=1.0)
    before = (len(entities.messages), entities.documents())
    publish(settings, events)  # the same events again, byte for byte
    publish(settings, [person_event("police", "INC-77", 3, given_name="Someone", family_name="Else")])  # same id, new content
    wait_until(lambda: caught_up(settings), 60, "worker did not consume the duplicates")
    entities.poll(timeout=2.0)
    assert (len(entities.messages), entities.documents()) == before


def test_bad_messages_go_to_dead_letters_and_the_stream_goes_on(settings: Settings, entities: TopicReader) -> None:
    codec = make_codec(settings)
    invalid = copy.deepcopy(person_event("police", "INC-9", 9, given_name="Ana", family_name="Pop"))
    invalid["envelope"]["event_id"] = ""
    invalid["envelope"]["agency"] = "atlantis"
    invalid_bytes = codec.encode(invalid)
    with pytest.raises(InvalidEvent):
        validate_event(codec.decode(invalid_bytes))  # the premise: it decodes, but is not a valid event
    police = settings.kafka.agency_topic("police")
    with AgencyProducer(settings) as producer:
        producer.publish_raw(police, "police:JUNK-1", b"\x00not avro at all")
        producer.publish_raw(police, "police:INC-9", invalid_bytes)
        producer.publish(person_event("police", "INC-10", 10, given_name="Rosa", family_name="Coc", id_numbers=["GT 55512345"]))
    with TopicReader(settings, topology(settings).dead_letters) as dead:
        wait_until(lambda: read(dead) and len(dead.messages) >= 2, 120, "dead letters missing")
        letters = {m.key: m for m in dead.messages}
    assert set(letters) == {"police:JUNK-1", "police:INC-9"}
    assert letters["police:JUNK-1"].value == b"\x00not avro at all"
    assert letters["police:INC-9"].value == invalid_bytes
    assert letters["police:JUNK-1"].headers["enlace.error.class"] == "DecodeError"
    assert letters["police:INC-9"].headers["enlace.error.class"] == "InvalidEvent"
    for letter in letters.values():
        assert letter.headers["enlace.original.topic"] == police
        assert int(letter.headers["enlace.original.offset"]) >= 0
        assert int(letter.headers["enlace.original.partition"]) >= 0
        assert letter.headers["enlace.error.message"]
        assert datetime.fromisoformat(letter.headers["enlace.failed_at"]).tzinfo is not None
    doc = wait_until(lambda: read(entities) and next(iter(entities.documents().values()), None),
                     60, "the valid event after the bad ones was not fused")
    assert doc["display_name"] == "Rosa Coc"
