"""Round trip: canonical records -> build_event -> encode -> decode -> validate -> records_from_event."""

from __future__ import annotations

from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient

from producers.events import DEFAULT_ROLES, build_event, event_types
from schemas.codec import default_codec
from schemas.examples import example_kwargs
from schemas.layout import canonical_fields
from schemas.registry import RegistryCodec
from schemas.validate import validate_event
from streams.extract import records_from_event

META = {"record_id", "source", "kind", "links", "role"}


def expected_records(kwargs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What extraction must give back for the example's input records, by record id."""
    roles = kwargs.get("context", {}).get("roles", {})
    out: dict[str, dict[str, Any]] = {}
    for record in kwargs["records"]:
        rid = record["record_id"]
        fields = {name: record.get(name) for name in canonical_fields(record["kind"])}
        fields["id_numbers"] = list(fields["id_numbers"] or []) if record["kind"] == "person" else None
        if record["kind"] != "person":
            del fields["id_numbers"]
        if fields.get("year") is not None:
            fields["year"] = int(fields["year"])
        extras = {k: v for k, v in record.items() if k not in META and k not in fields}
        links = [{"rel": link["rel"], "to": link["to"]} for link in record.get("links", [])]
        links += [{"rel": link["rel"], "to": link["to"]} for link in kwargs.get("links", ()) if link["from"] == rid]
        out[rid] = {"source": record.get("source") or kwargs["agency"], "kind": record["kind"], **fields, **extras,
                    "links": sorted(links, key=str), "role": record.get("role") or roles.get(rid)}
    return out


@pytest.fixture(scope="module")
def codecs() -> dict[str, Any]:
    client = SchemaRegistryClient.new_client({"url": "mock://extract-test"})
    return {"single-object": default_codec(), "registry": RegistryCodec(client, lambda agency: f"t.agency.{agency}")}


@pytest.mark.parametrize("wire", ["single-object", "registry"])
@pytest.mark.parametrize("event_type", event_types())
def test_records_survive_the_wire(event_type: str, wire: str, codecs: dict[str, Any]) -> None:
    kwargs = example_kwargs(event_type)
    event = build_event(**kwargs)
    decoded = codecs[wire].decode(codecs[wire].encode(event))
    assert decoded == event
    validate_event(decoded)
    records = records_from_event(decoded)
    want = expected_records(kwargs)
    assert sorted(r["record_id"] for r in records) == sorted(want)
    for record in records:
        expected = dict(want[record["record_id"]])
        role = expected.pop("role")
        got = {k: v for k, v in record.items() if k not in ("record_id", "provenance")}
        got["links"] = sorted(got["links"], key=str)
        assert got == expected
        slot_default = [r for (t, _), r in DEFAULT_ROLES.items() if t == event_type and record["kind"] == "person"]
        assert record["provenance"]["role"] == (role or (slot_default[0] if slot_default else None))


def test_provenance_carries_the_envelope() -> None:
    event = build_event(**example_kwargs("incident_report"))
    records = records_from_event(event)
    envelope = event["envelope"]
    for record in records:
        prov = record["provenance"]
        assert prov["event_id"] == envelope["event_id"] == "00000000-0000-4000-8000-000000000000"
        assert (prov["agency"], prov["event_type"], prov["source_record_id"]) == ("police", "incident_report", "INC-2025-000101")
        assert prov["occurred_at"] == envelope["occurred_at"] and prov["reported_at"] == envelope["reported_at"]
        assert (prov["source_version"], prov["handling"]) == (1, "RESTRICTED")
        assert prov["releasable_to"] == envelope["releasable_to"]
    assert [r["provenance"]["role"] for r in records] == ["suspect", "suspect", "victim", None, None]


@pytest.mark.parametrize(
    ("event_type", "ids"),
    [
        ("incident_report", ["INC-2025-000101#p0", "INC-2025-000101#p1", "INC-2025-000101#p2", "INC-2025-000101#v0", "INC-2025-000101#f0"]),
        ("border_crossing", ["IMM-0000042#p0", "IMM-0000042#v0"]),
        ("vehicle_registration", ["VR-0000777#v0", "VR-0000777#p0"]),
        ("entity_report", ["pnc-8812", "pnc-9000", "pnc-v-77"]),
    ],
)
def test_record_ids_are_deterministic_unless_the_event_has_its_own(event_type: str, ids: list[str]) -> None:
    event = build_event(**example_kwargs(event_type))
    assert [r["record_id"] for r in records_from_event(event)] == ids


def test_caller_ids_are_replaced_and_links_follow() -> None:
    event = build_event(agency="police", event_type="incident_report", source_record_id="INC-9",
                        records=[{"kind": "vehicle", "record_id": "car", "plate": "A1"},
                                 {"kind": "person", "record_id": "bob", "given_name": "Bob", "links": [{"rel": "owns", "to": "car"}]}],
                        reported_at=0 + 1_750_000_000_000, event_id="00000000-0000-4000-8000-000000000009")
    records = records_from_event(event)
    assert [(r["record_id"], r["links"]) for r in records] == [
        ("INC-9#p0", [{"rel": "owns", "to": "INC-9#v0"}]), ("INC-9#v0", [])]
    assert {r["source"] for r in records} == {"police"}
