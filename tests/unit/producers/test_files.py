"""Reading input files: good lines parse, bad lines are reported with their number, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from producers.files import check_record, read_lines

GOOD_PERSON = '{"record_id": "p1", "source": "police", "kind": "person", "given_name": "José", "id_numbers": ["BZ:P8072881"]}'


@pytest.mark.parametrize(
    ("item", "error"),
    [
        ({"record_id": "p1", "kind": "person"}, None),
        ({"record_id": "v1", "kind": "vehicle", "links": [{"rel": "found_in", "to": "x"}]}, None),
        ({"event_type": "incident_report", "envelope": {}}, None),
        ({"event_type": "incident_report"}, "event without an envelope object"),
        ({"kind": "person"}, "missing record_id"),
        ({"record_id": " ", "kind": "person"}, "missing record_id"),
        ({"record_id": "p1", "kind": "boat"}, "kind must be one of person, vehicle, firearm, got 'boat'"),
        ({"record_id": "p1", "kind": "person", "links": [{"to": "x"}]}, "links must be a list of {rel, to} objects"),
        (["a"], "expected a JSON object, got list"),
    ],
)
def test_check_record(item: object, error: str | None) -> None:
    assert check_record(item) == error


def test_jsonl_reports_bad_lines_with_numbers_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([GOOD_PERSON, "{not json", "", '{"record_id": "x"}', GOOD_PERSON.replace("p1", "p2")]) + "\n",
                    encoding="utf-8")
    lines = list(read_lines(path))
    assert [(l.number, l.item is not None) for l in lines] == [(1, True), (2, False), (4, False), (5, True)]
    assert lines[1].error and lines[1].error.startswith("invalid JSON")
    assert lines[0].item == {"record_id": "p1", "source": "police", "kind": "person", "given_name": "José",
                             "id_numbers": ["BZ:P8072881"]}
    assert sum(l.size for l in lines) == path.stat().st_size - 1  # every byte but the blank line's


def test_csv_maps_columns_to_canonical_fields(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "record_id,source,kind,plate,plate_country,year,id_numbers,links\n"
        'v1,customs,vehicle,CY C-12345,BZ,2019,,\n'
        'p1,police,person,,,,"BZ:P8072881; SSN 123456789","[{""rel"": ""owns"", ""to"": ""v1""}]"\n'
        "v2,customs,vehicle,P 123BCD\n"
        "x,police,ship,,,,,\n",
        encoding="utf-8",
    )
    lines = list(read_lines(path))
    assert lines[0].item == {"record_id": "v1", "source": "customs", "kind": "vehicle", "plate": "CY C-12345",
                             "plate_country": "BZ", "year": 2019, "id_numbers": [], "links": None}
    assert lines[1].item is not None
    assert lines[1].item["id_numbers"] == ["BZ:P8072881", "SSN 123456789"]
    assert lines[1].item["links"] == [{"rel": "owns", "to": "v1"}]
    assert (lines[2].number, lines[2].error) == (4, "4 columns, header has 8")
    assert lines[3].number == 5 and lines[3].error and "kind must be" in lines[3].error


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_lines(tmp_path / "x", "xml")
