"""Wire formats: single-object and Schema Registry framing round-trip, resolve old writers, reject bad bytes."""

from __future__ import annotations

import copy
import itertools
import json
import random
import struct
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient
from fastavro.utils import generate_many

from deploy.settings import RegistrySettings, Settings
from producers.events import build_event, event_types
from schemas import catalog
from schemas.codec import MAGIC, SingleObjectCodec, default_codec, make_codec, write_body
from schemas.errors import DecodeError, InvalidEvent
from schemas.examples import example_kwargs
from schemas.registry import RegistryCodec
from schemas.times import to_utc


def registry_codec(name: str = "codec-test") -> RegistryCodec:
    return RegistryCodec(SchemaRegistryClient.new_client({"url": f"mock://{name}"}), lambda agency: f"t.agency.{agency}")


def fuzz_events(event_type: str, n: int, seed: int) -> list[dict[str, Any]]:
    """Random data for the schema (fastavro's generator), timestamps brought into datetime's range."""
    rng = random.Random(seed)
    events = []
    for datum in itertools.islice(generate_many(catalog.current()[event_type].parsed, n), n):
        for name in ("occurred_at", "reported_at"):
            datum["envelope"][name] = to_utc(rng.randrange(0, 4_000_000_000_000))
        events.append({"event_type": event_type, **datum})
    return events


@pytest.mark.parametrize("event_type", event_types())
def test_fuzz_round_trip_both_wire_formats(event_type: str) -> None:
    single, registry = default_codec(), registry_codec()
    for event in fuzz_events(event_type, 40, seed=len(event_type)):
        data = single.encode(event)
        assert data[:2] == MAGIC
        assert single.decode(data) == event
        framed = registry.encode(event)
        assert framed[0] == 0
        assert registry.decode(framed) == event


def test_make_codec_follows_the_settings() -> None:
    assert make_codec(Settings()) is default_codec()
    codec = make_codec(Settings(registry=RegistrySettings(url="mock://make-codec")))
    assert isinstance(codec, RegistryCodec)
    event = build_event(**example_kwargs("case_filing"))
    assert codec.decode(codec.encode(event)) == default_codec().decode(default_codec().encode(event)) == event


def test_registry_uses_record_name_subjects() -> None:
    client = SchemaRegistryClient.new_client({"url": "mock://subjects"})
    codec = RegistryCodec(client, lambda agency: f"t.agency.{agency}")
    for event_type in ("incident_report", "firearm_examination"):
        codec.encode(build_event(**example_kwargs(event_type)))
    assert sorted(client.get_subjects()) == ["bz.enlace.events.FirearmExamination", "bz.enlace.events.IncidentReport"]


def test_header_is_the_fingerprint_of_the_writer_schema() -> None:
    event = build_event(**example_kwargs("incident_report"))
    data = default_codec().encode(event)
    fingerprint = catalog.current()["incident_report"].fingerprint
    assert data[2:10] == struct.pack("<Q", fingerprint)
    assert data[10:] == write_body(catalog.current()["incident_report"], event)


GOOD = default_codec().encode(build_event(**example_kwargs("border_crossing")))
BAD_BYTES = [
    ("empty", b"", "shorter than the 10-byte"),
    ("header only, short", GOOD[:7], "shorter than the 10-byte"),
    ("bad magic", b"\x00\x01" + GOOD[2:], "bad magic 0001"),
    ("json", json.dumps({"a": 1}).encode() * 3, "bad magic"),
    ("unknown fingerprint", GOOD[:2] + b"\xff" * 8 + GOOD[10:], "unknown writer schema fingerprint ffffffffffffffff"),
    ("truncated body", GOOD[:-5], "corrupt or truncated border_crossing body"),
    ("trailing garbage", GOOD + b"\x00\x01", "2 trailing bytes"),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD_BYTES, ids=[c[0] for c in BAD_BYTES])
def test_undecodable_bytes_raise_decode_error(case: str, data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        default_codec().decode(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\x00\x00", "shorter than the Schema Registry framing"), (b"\x05" + b"\x00" * 9, "bad magic byte 0x05"),
     (b"\x00\x00\x00\x03\xe7" + b"\x02" * 20, "cannot decode schema id 999")],
)
def test_registry_undecodable_bytes(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        registry_codec("bad").decode(data)


def test_registry_truncated_body() -> None:
    codec = registry_codec("truncated")
    data = codec.encode(build_event(**example_kwargs("incident_report")))
    with pytest.raises(DecodeError):
        codec.decode(data[:-9])


@pytest.mark.parametrize(
    ("event", "message"),
    [({"event_type": "tweet", "envelope": {}, "payload": {}}, "unknown event type"),
     ({"event_type": "case_filing", "payload": {}}, "envelope and a payload"),
     ({**build_event(**example_kwargs("case_filing")), "payload": {"case_number": 7}}, "does not fit the case_filing schema")],
)
def test_unencodable_events_raise_invalid_event(event: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidEvent, match=message):
        default_codec().encode(event)


def _evolved(tmp_path: Path) -> Path:
    """A v2 schema directory: Person gains a field with a default, the incident payload drops ``offence``."""
    directory = tmp_path / "v2"
    directory.mkdir()
    for path in catalog.SCHEMA_DIR.glob("*.avsc"):
        schema = json.loads(path.read_text())
        if schema["name"] == "Person":
            schema["fields"].insert(-1, {"name": "nationality", "type": ["null", "string"], "default": None, "doc": "ISO-2."})
        if schema["name"] == "IncidentReport":
            payload = schema["fields"][1]["type"]
            payload["fields"] = [fd for fd in payload["fields"] if fd["name"] != "offence"]
        (directory / path.name).write_text(json.dumps(schema))
    return directory


def test_v1_code_dead_letters_a_retraction_and_current_code_reads_it() -> None:
    """A new event type is an addition: v1 readers reject it as an unknown schema instead of misreading it."""
    event = build_event(**example_kwargs("record_retraction"))
    data = default_codec().encode(event)
    v1 = SingleObjectCodec(catalog.released()["v1"])
    with pytest.raises(DecodeError, match="unknown writer schema fingerprint"):
        v1.decode(data)
    assert default_codec().decode(data) == event
    assert default_codec().decode(v1.encode(build_event(**example_kwargs("incident_report"))))["event_type"] == "incident_report"


def test_older_and_newer_writers_resolve_to_the_reader(tmp_path: Path) -> None:
    v1, v2 = catalog.current(), catalog.schemas_in(_evolved(tmp_path))
    event = build_event(**example_kwargs("incident_report"))
    # a v2 reader (new code) decodes what v1 writers (old producers) sent: the new field defaults to null
    new_reader = SingleObjectCodec(v2, [v1])
    decoded = new_reader.decode(default_codec().encode(event))
    assert [p["nationality"] for p in decoded["payload"]["persons"]] == [None, None, None]
    assert "offence" not in decoded["payload"]
    # v1 code reading v2 writers, once v2 is known as a released version: the dropped field defaults to null
    newer = copy.deepcopy(decoded)
    newer["payload"]["persons"][0]["nationality"] = "BZ"
    data = new_reader.encode(newer)
    assert data[2:10] == struct.pack("<Q", v2["incident_report"].fingerprint)
    with pytest.raises(DecodeError, match="unknown writer schema fingerprint"):
        default_codec().decode(data)
    old_reader = SingleObjectCodec(v1, [v2])
    assert old_reader.decode(data)["payload"] == {**event["payload"], "offence": None}


def test_both_wire_formats_decode_to_the_same_event_dicts() -> None:
    from producers.simulator.scenario import simulate_events

    single, registry = default_codec(), registry_codec("sim")
    events = [sim.event for sim in simulate_events(300, seed=11)]
    assert {e["event_type"] for e in events} == set(event_types()) - {"record_retraction"}  # agencies rarely retract
    assert [single.decode(single.encode(e)) for e in events] == [registry.decode(registry.encode(e)) for e in events] == events


def test_registry_resolves_an_older_writer_to_the_current_reader(tmp_path: Path) -> None:
    """Producers still on v1 and consumers on v2 share a registry: v2 code reads v1 messages."""
    client = SchemaRegistryClient.new_client({"url": "mock://evolution"})
    v1_codec = RegistryCodec(client, lambda agency: f"t.agency.{agency}")
    v2_codec = RegistryCodec(client, lambda agency: f"t.agency.{agency}", current=catalog.schemas_in(_evolved(tmp_path)))
    event = build_event(**example_kwargs("incident_report"))
    decoded = v2_codec.decode(v1_codec.encode(event))
    assert [p["nationality"] for p in decoded["payload"]["persons"]] == [None, None, None]
    assert "offence" not in decoded["payload"] and decoded["envelope"] == event["envelope"]
