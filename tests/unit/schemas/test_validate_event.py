"""validate_event on raw dicts: what passes, and which field each failure names."""

from __future__ import annotations

import copy
from typing import Any, Callable

import pytest

from deploy.settings import AGENCIES
from producers.events import build_event, event_types
from schemas.errors import InvalidEvent
from schemas.examples import example_kwargs
from schemas.models import EVENT_MODELS
from schemas.validate import validate_event


@pytest.mark.parametrize("event_type", event_types())
def test_examples_are_valid(event_type: str) -> None:
    model = validate_event(build_event(**example_kwargs(event_type)))
    assert isinstance(model, EVENT_MODELS[event_type])


def test_json_shaped_event_is_valid() -> None:
    """Events read from JSON lines carry ISO strings for timestamps."""
    event = build_event(**example_kwargs("incident_report"))
    event["envelope"] = {**event["envelope"], "occurred_at": "2025-06-03T14:30:00Z", "reported_at": "2025-06-03T18:05:12.345Z"}
    assert validate_event(event).envelope.reported_at.isoformat() == "2025-06-03T18:05:12.345000+00:00"


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(event: dict[str, Any]) -> None:
        target = event
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _drop(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(event: dict[str, Any]) -> None:
        target = event
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


CASES: list[tuple[str, str, Callable[[dict[str, Any]], None], list[Any]]] = [
    ("missing envelope field", "incident_report", _drop(["envelope", "source_record_id"]), ["envelope", "source_record_id"]),
    ("event type mismatch", "incident_report", _set(["envelope", "event_type"], "case_filing"), ["envelope", "event_type"]),
    ("unknown payload field", "incident_report", _set(["payload", "narrative"], "free text"), ["payload", "narrative"]),
    ("unknown record field", "incident_report", _set(["payload", "persons", 0, "nickname"], "x"), ["payload", "persons", 0, "nickname"]),
    ("missing required record slot", "firearm_examination", _set(["payload", "firearm"], None), ["payload", "firearm"]),
    ("bad restoration result", "firearm_examination", _set(["payload", "restoration_result"], "magic"), ["payload", "restoration_result"]),
    ("bad direction", "border_crossing", _set(["payload", "direction"], "sideways"), ["payload", "direction"]),
    ("licence ends before it starts", "firearm_licence", _set(["payload", "valid_to"], "2020-01-01"), ["payload"]),
    ("licence date not a day", "firearm_licence", _set(["payload", "valid_from"], "2024"), ["payload", "valid_from"]),
    ("timestamp before 1950", "case_filing", _set(["envelope", "occurred_at"], "1900-01-01T00:00:00Z"), ["envelope", "occurred_at"]),
    ("entity report record without id", "entity_report", _set(["payload", "persons", 0, "record_id"], None), ["payload", "persons", 0, "record_id"]),
    ("duplicate record ids", "entity_report", _set(["payload", "persons", 1, "record_id"], "pnc-8812"), ["payload", "persons", 1, "record_id"]),
    ("link from a record not in the event", "incident_report", _set(["payload", "links", 0, "from_record"], "INC-2025-000101#p9"), ["payload", "links", 0, "from_record"]),
    ("role of another event type", "case_filing", _set(["payload", "defendants", 0, "role"], "victim"), ["payload", "defendants", 0, "role"]),
    ("blank role", "case_filing", _set(["payload", "defendants", 0, "role"], " "), ["payload", "defendants", 0, "role"]),
    ("retraction of nothing older", "record_retraction", _set(["envelope", "source_version"], 1), ["envelope", "source_version"]),
    ("version beyond an Avro int", "record_retraction", _set(["envelope", "source_version"], 2**31), ["envelope", "source_version"]),
    ("retraction without reason", "record_retraction", _drop(["payload", "reason"]), ["payload", "reason"]),
    ("blank retraction reason", "record_retraction", _set(["payload", "reason"], "  "), ["payload", "reason"]),
    ("retraction carrying records", "record_retraction", _set(["payload", "persons"], []), ["payload", "persons"]),
    ("retraction carrying links", "record_retraction", _set(["payload", "links"], []), ["payload", "links"]),
]


@pytest.mark.parametrize(("case", "event_type", "change", "loc"), CASES, ids=[c[0] for c in CASES])
def test_invalid_events_name_the_field(case: str, event_type: str, change: Callable[[dict[str, Any]], None], loc: list[Any]) -> None:
    event = copy.deepcopy(build_event(**example_kwargs(event_type)))
    change(event)
    with pytest.raises(InvalidEvent) as caught:
        validate_event(event)
    assert loc in [e["loc"] for e in caught.value.errors], caught.value.errors
    assert all({"loc", "msg", "type"} <= set(e) for e in caught.value.errors)


@pytest.mark.parametrize("event", [None, [], {"event_type": "tweet"}, {"envelope": {"event_type": "nope"}}])
def test_not_an_event_at_all(event: Any) -> None:
    with pytest.raises(InvalidEvent):
        validate_event(event)


@pytest.mark.parametrize("agency", AGENCIES)
def test_every_agency_may_retract(agency: str) -> None:
    event = build_event(**{**example_kwargs("record_retraction"), "agency": agency})
    assert validate_event(event).payload.reason.startswith("entered in error")  # type: ignore[union-attr]
