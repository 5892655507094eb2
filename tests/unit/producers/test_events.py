"""build_event: canonical records -> valid event dicts; bad input -> InvalidEvent naming the field."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from deploy.settings import AGENCIES
from producers.events import build_event, event_types
from schemas.errors import InvalidEvent
from schemas.examples import example_kwargs
from schemas.validate import validate_event


def test_event_types_are_the_eight_schemas() -> None:
    assert event_types() == ["incident_report", "firearm_examination", "case_filing", "border_crossing",
                             "vehicle_registration", "firearm_licence", "entity_report", "record_retraction"]


@pytest.mark.parametrize("event_type", event_types())
def test_examples_build_valid_deterministic_events(event_type: str) -> None:
    event = build_event(**example_kwargs(event_type))
    assert event == build_event(**example_kwargs(event_type))
    assert event["event_type"] == event["envelope"]["event_type"] == event_type
    assert validate_event(event).envelope.source_record_id == event["envelope"]["source_record_id"]
    assert event["envelope"]["reported_at"] == datetime(2025, 6, 3, 18, 5, 12, 345000, tzinfo=timezone.utc)


def test_defaults() -> None:
    event = build_event(agency="licensing", event_type="vehicle_registration", source_record_id="VR-1",
                        records=[{"kind": "vehicle", "plate": "C-1"}], reported_at="2025-07-01T10:00:00.123456Z")
    envelope, payload = event["envelope"], event["payload"]
    assert envelope["occurred_at"] == envelope["reported_at"] == datetime(2025, 7, 1, 10, 0, 0, 123000, tzinfo=timezone.utc)
    assert envelope["releasable_to"] == list(AGENCIES)
    assert (envelope["handling"], envelope["source_version"]) == ("RESTRICTED", 1)
    assert payload["registration_number"] == "VR-1"
    assert payload["owner"] is None and payload["links"] == []
    assert len(envelope["event_id"]) == 36
    assert build_event(**example_kwargs("firearm_licence"))["payload"]["holder"]["role"] == "holder"


def test_extra_fields_are_json_encoded_and_values_coerced() -> None:
    event = build_event(agency="partners", event_type="entity_report", source_record_id="X-1",
                        records=[{"kind": "person", "record_id": "a", "phone": 5016101234, "id_numbers": "BZ:1",
                                  "aliases": ["Flaco", "El Flaco"], "score": 0.5},
                                 {"kind": "vehicle", "record_id": "b", "year": " 2011 "}])
    person, vehicle = event["payload"]["persons"][0], event["payload"]["vehicles"][0]
    assert (person["phone"], person["id_numbers"]) == ("5016101234", ["BZ:1"])
    assert {k: json.loads(v) for k, v in person["extra"].items()} == {"aliases": ["Flaco", "El Flaco"], "score": 0.5}
    assert vehicle["year"] == 2011


def _incident(**changes: Any) -> dict[str, Any]:
    kwargs = example_kwargs("incident_report")
    if "records" in changes:
        kwargs["links"] = ()  # the example's links name the example's records
    kwargs.update(changes)
    return kwargs


BAD: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("unknown event type", {"event_type": "tweet"}, ["event_type"]),
    ("unknown agency", {"agency": "fbi"}, ["envelope", "agency"]),
    ("agency that does not send the type", {"agency": "customs"}, ["envelope", "agency"]),
    ("blank source record id", {"source_record_id": " "}, ["envelope", "source_record_id"]),
    ("reported long before it occurred", {"occurred_at": "2025-06-04T00:00:00Z"}, ["envelope"]),
    ("bad event id", {"event_id": "not-a-uuid"}, ["envelope", "event_id"]),
    ("unknown handling", {"handling": "TOP"}, ["envelope", "handling"]),
    ("releasable to unknown agency", {"releasable_to": ["police", "cia"]}, ["envelope", "releasable_to"]),
    ("version zero", {"source_version": 0}, ["envelope", "source_version"]),
    ("unknown context field", {"context": {"weather": "rain"}}, ["context"]),
    ("record of unknown kind", {"records": [{"kind": "boat"}]}, ["records", 0, "kind"]),
    ("link from unknown record", {"links": [{"rel": "owns", "from": "nobody", "to": "x"}]}, ["links"]),
    ("link to a record outside the event", {"records": [{"kind": "person", "record_id": "a", "links": [{"rel": "owns", "to": "zz"}]}]}, ["links"]),
    ("wrong link kinds", {"records": [{"kind": "person", "record_id": "a"}, {"kind": "person", "record_id": "b"}],
                          "links": [{"rel": "owns", "from": "a", "to": "b"}]}, ["payload", "links", 0, "to_record"]),
    ("unknown rel", {"records": [{"kind": "person", "record_id": "a"}, {"kind": "person", "record_id": "b"}],
                     "links": [{"rel": "loves", "from": "a", "to": "b"}]}, ["payload", "links", 0, "rel"]),
    ("role not for incidents", {"records": [{"kind": "person", "role": "holder"}]}, ["payload", "persons", 0, "role"]),
    ("impossible birth date", {"records": [{"kind": "person", "date_of_birth": "1990-02-30"}]}, ["payload", "persons", 0, "date_of_birth"]),
    ("free-text birth date", {"records": [{"kind": "person", "date_of_birth": "about 1990"}]}, ["payload", "persons", 0, "date_of_birth"]),
    ("year not a number", {"records": [{"kind": "vehicle", "year": "new"}]}, ["records", 0, "year"]),
    ("implausible year", {"records": [{"kind": "vehicle", "year": 1700}]}, ["payload", "vehicles", 0, "year"]),
    ("plate country not ISO-2", {"records": [{"kind": "vehicle", "plate_country": "Belize"}]}, ["payload", "vehicles", 0, "plate_country"]),
    ("latitude off the globe", {"context": {"location": {"lat": 95.0}}}, ["payload", "location", "lat"]),
    ("text field given a dict", {"records": [{"kind": "person", "given_name": {"first": "A"}}]}, ["records", 0, "given_name"]),
    ("duplicate caller ids", {"records": [{"kind": "person", "record_id": "a"}, {"kind": "person", "record_id": "a"}]}, ["records", 1, "record_id"]),
]


@pytest.mark.parametrize(("why", "changes", "loc"), BAD, ids=[case[0] for case in BAD])
def test_bad_input_is_an_invalid_event_naming_the_field(why: str, changes: dict[str, Any], loc: list[Any]) -> None:
    with pytest.raises(InvalidEvent) as caught:
        build_event(**_incident(**changes))
    assert loc in [e["loc"] for e in caught.value.errors], caught.value.errors


@pytest.mark.parametrize(
    ("event_type", "records", "message"),
    [
        ("firearm_examination", [], "needs a firearm record"),
        ("firearm_examination", [{"kind": "firearm"}, {"kind": "firearm"}], "at most 1 firearm"),
        ("border_crossing", [{"kind": "firearm"}], "carries no 'firearm' records"),
        ("entity_report", [{"kind": "person"}], "need their own record_id"),
    ],
)
def test_records_must_fit_the_payload(event_type: str, records: list[dict[str, Any]], message: str) -> None:
    agency = {"firearm_examination": "forensics", "border_crossing": "customs", "entity_report": "partners"}[event_type]
    context = {"crossing_point": "Benque Viejo"} if event_type == "border_crossing" else None
    with pytest.raises(InvalidEvent, match=message):
        build_event(agency=agency, event_type=event_type, source_record_id="S-1", records=records, context=context)


def test_entity_reports_may_link_outside_the_event() -> None:
    event = build_event(**example_kwargs("entity_report"))
    assert {"rel": "associate_of", "from_record": "pnc-9000", "to_record": "pnc-4444"} in event["payload"]["links"]
