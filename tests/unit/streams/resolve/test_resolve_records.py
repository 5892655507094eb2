"""Canonical records: parsing, global keys, line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.errors import InvalidEvent
from streams.resolve.records import LineError, Record, pack, parse_record, read_jsonl, record_json, unpack, unpacked_json


def test_parse_keeps_extras_and_builds_keys() -> None:
    r = parse_record({"record_id": "p1", "source": "police", "kind": "person", "given_name": "José", "tattoo": "rose",
                      "links": [{"rel": "drives", "to": "v1"}]})
    assert r.key == "police/p1"
    assert r.get("tattoo") == "rose"
    assert r.links[0].to == "police/v1" and r.links[0].rel == "drives"


@pytest.mark.parametrize("data, field", [
    ({"source": "police", "kind": "person"}, "record_id"),
    ({"record_id": "1", "kind": "person"}, "source"),
    ({"record_id": "1", "source": "police", "kind": "boat"}, "kind"),
    ({"record_id": "1", "source": "police", "kind": "person", "links": [{"rel": "loves", "to": "x"}]}, "links"),
    ({"record_id": "1", "source": "police", "kind": "person", "links": "x"}, "links"),
])
def test_invalid_records_name_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        parse_record(data)
    assert info.value.errors[0]["loc"][0] == field


def test_read_jsonl_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"record_id": "1", "source": "police", "kind": "vehicle", "plate": "C-1234"}\n'
                    "not json\n\n"
                    '{"record_id": "2", "source": "police"}\n'
                    '{"record_id": "3", "source": "police", "kind": "firearm"}\n', encoding="utf-8")
    items = list(read_jsonl(path))
    assert [type(i) for i in items] == [Record, LineError, LineError, Record]
    assert [i.line for i in items if isinstance(i, LineError)] == [2, 4]


PACK_CASES = [
    ("person", {"record_id": "p1", "source": "police", "kind": "person", "given_name": "José", "family_name": "Choc",
                "date_of_birth": None, "id_numbers": ["BZ:P8072881"], "links": [{"rel": "drives", "to": "v1"}]}),
    ("extras and nesting", {"record_id": "v1", "source": "licensing", "kind": "vehicle", "plate": "C-12345",
                            "tattoo": {"b": 1, "a": [1, 2.5, None]}, "year": 2012}),
    ("identity not given back by the key", {"record_id": 7, "source": "a/b", "kind": " firearm ", "make": "Glock"}),
    ("a slash in the record id", {"record_id": "r/1", "source": "s", "kind": "person", "sex": "F"}),
    ("odd values read as text", {"record_id": " r ", "source": "s", "kind": "vehicle", "plate": 123, "vin": 1e20}),
]


@pytest.mark.parametrize("name, data", PACK_CASES, ids=[c[0] for c in PACK_CASES])
def test_pack_round_trips_to_the_same_json(name: str, data: dict[str, object]) -> None:
    record = parse_record(data)
    packed = pack(record)
    assert unpacked_json(packed, record.key, record.kind) == record_json(record)
    assert parse_record(unpack(packed, record.key, record.kind)) == record
    assert len(packed) < len(record_json(record))
