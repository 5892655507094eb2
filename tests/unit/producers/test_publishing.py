"""Turning input lines into events: records become entity reports, events pass validated, errors keep line numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from producers.files import Line, read_lines
from producers.publishing import agency_of, events_from_lines
from producers.simulator.scenario import simulate_events


def _lines(*items: Any) -> list[Line]:
    return [Line(i, 10, item) for i, item in enumerate(items, start=1)]


def _rec(rid: str, source: str | None = "police", **fields: Any) -> dict[str, Any]:
    return {"record_id": rid, "source": source, "kind": "person", **fields}


@pytest.mark.parametrize(
    ("record", "override", "agency"),
    [
        ({"source": "customs"}, None, "customs"),
        ({"source": "PNC-GT"}, None, "partners"),
        ({}, None, "partners"),
        ({"source": "customs"}, "licensing", "licensing"),
    ],
)
def test_agency_of(record: dict[str, Any], override: str | None, agency: str) -> None:
    assert agency_of(record, override) == agency


def test_one_entity_report_per_record_with_deterministic_ids() -> None:
    lines = _lines(_rec("p1", given_name="José"), _rec("p2", source="PNC-GT", family_name="Choc"))
    out = list(events_from_lines(lines))
    assert [(l.number, e is not None, err, n) for l, e, err, n in out] == [(1, True, None, 1), (2, True, None, 1)]
    first, second = out[0][1], out[1][1]
    assert first is not None and second is not None
    assert first["event_type"] == "entity_report"
    assert (first["envelope"]["agency"], first["envelope"]["source_record_id"]) == ("police", "p1")
    assert (second["envelope"]["agency"], second["payload"]["persons"][0]["source"]) == ("partners", "PNC-GT")
    again = list(events_from_lines(_lines(_rec("p1", given_name="José"))))[0][1]
    assert again is not None and again["envelope"]["event_id"] == first["envelope"]["event_id"]


def test_group_by_puts_consecutive_records_in_one_event() -> None:
    lines = _lines(
        _rec("p1", case="A", links=[{"rel": "owns", "to": "v1"}]),
        {"record_id": "v1", "source": "police", "kind": "vehicle", "plate": "CY C-12345", "case": "A"},
        _rec("p3", case="B"),
    )
    out = list(events_from_lines(lines, group_by="case"))
    assert [(l.number, n) for l, _, _, n in out] == [(2, 2), (3, 1)]
    event = out[0][1]
    assert event is not None and event["payload"]["links"] == [{"rel": "owns", "from_record": "p1", "to_record": "v1"}]


def test_bad_lines_and_invalid_events_are_reported_not_raised() -> None:
    good_event = next(iter(simulate_events(1, seed=1))).event
    foreign = json.loads(json.dumps(good_event, default=str))
    foreign["envelope"]["agency"] = "fisheries"
    lines = [
        Line(1, 5, error="invalid JSON"),
        Line(2, 5, good_event),
        Line(3, 5, foreign),
        Line(4, 5, {"record_id": "v9", "source": "police", "kind": "vehicle", "year": "nineteen"}),
    ]
    out = list(events_from_lines(lines))
    assert [(l.number, e is not None) for l, e, _, _ in out] == [(1, False), (2, True), (3, False), (4, False)]
    assert out[0][2] == "invalid JSON"
    assert out[2][2] and out[2][2].startswith("invalid event:") and "agency" in out[2][2]
    assert out[3][2] and "year" in out[3][2]


def test_event_lines_from_a_file_round_trip(tmp_path: Path) -> None:
    events = [s.event for s in simulate_events(20, seed=2)]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e, default=str) + "\n" for e in events), encoding="utf-8")
    out = list(events_from_lines(read_lines(path)))
    assert all(err is None for _, _, err, _ in out) and len(out) == 20
    assert [e["envelope"]["event_id"] for _, e, _, _ in out if e] == [e["envelope"]["event_id"] for e in events]
    assert all(n >= 1 for _, _, _, n in out)
