"""The compatibility checker on known cases, and every current schema against every released one."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import catalog
from schemas.compat import check_releases, compatibility, problems


def rec(*fields: dict[str, Any], name: str = "R", **more: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "t", "fields": list(fields), **more}


def f(name: str, typ: Any, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": typ, **more}


COLOR = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}
INNER = rec(f("x", "int"), name="Inner")

# (case, reader, writer, compatible?)
CASES: list[tuple[str, Any, Any, bool]] = [
    ("same primitive", "string", "string", True),
    ("int promoted to long", "long", "int", True),
    ("int promoted to double", "double", "int", True),
    ("long promoted to float", "float", "long", True),
    ("float promoted to double", "double", "float", True),
    ("string read as bytes", "bytes", "string", True),
    ("bytes read as string", "string", "bytes", True),
    ("long narrowed to int", "int", "long", False),
    ("double narrowed to float", "float", "double", False),
    ("string read as int", "int", "string", False),
    ("logical type keeps its base", {"type": "long", "logicalType": "timestamp-millis"}, "long", True),
    ("same record", rec(f("a", "int")), rec(f("a", "int")), True),
    ("reader adds field with default", rec(f("a", "int"), f("b", "string", default="")), rec(f("a", "int")), True),
    ("reader adds field without default", rec(f("a", "int"), f("b", "string")), rec(f("a", "int")), False),
    ("writer field dropped by reader", rec(f("a", "int")), rec(f("a", "int"), f("b", "string")), True),
    ("field promoted", rec(f("a", "long")), rec(f("a", "int")), True),
    ("field narrowed", rec(f("a", "int")), rec(f("a", "long")), False),
    ("field renamed with alias", rec(f("b", "int", aliases=["a"])), rec(f("a", "int")), True),
    ("field renamed without alias or default", rec(f("b", "int")), rec(f("a", "int")), False),
    ("record renamed", rec(f("a", "int"), name="S"), rec(f("a", "int")), False),
    ("record renamed with alias", rec(f("a", "int"), name="S", aliases=["t.R"]), rec(f("a", "int")), True),
    ("namespace change only", {**rec(f("a", "int")), "namespace": "u"}, rec(f("a", "int")), True),
    ("nested record grows with default", rec(f("i", rec(f("x", "int"), f("y", "int", default=0), name="Inner"))), rec(f("i", INNER)), True),
    ("nested record grows without default", rec(f("i", rec(f("x", "int"), f("y", "int"), name="Inner"))), rec(f("i", INNER)), False),
    ("reference to earlier named type", rec(f("i", INNER), f("j", "Inner")), rec(f("i", INNER), f("j", "Inner")), True),
    ("enum gains symbol", {**COLOR, "symbols": ["RED", "GREEN", "BLUE"]}, COLOR, True),
    ("enum loses symbol", {**COLOR, "symbols": ["RED"]}, COLOR, False),
    ("enum loses symbol but has default", {**COLOR, "symbols": ["RED"], "default": "RED"}, COLOR, True),
    ("enum renamed", {**COLOR, "name": "Colour"}, COLOR, False),
    ("fixed same size", {"type": "fixed", "name": "H", "size": 8}, {"type": "fixed", "name": "H", "size": 8}, True),
    ("fixed resized", {"type": "fixed", "name": "H", "size": 16}, {"type": "fixed", "name": "H", "size": 8}, False),
    ("array items promoted", {"type": "array", "items": "long"}, {"type": "array", "items": "int"}, True),
    ("array items narrowed", {"type": "array", "items": "int"}, {"type": "array", "items": "long"}, False),
    ("map values promoted", {"type": "map", "values": "double"}, {"type": "map", "values": "float"}, True),
    ("array read as map", {"type": "map", "values": "int"}, {"type": "array", "items": "int"}, False),
    ("value made nullable", ["null", "string"], "string", True),
    ("nullable made required", "string", ["null", "string"], False),
    ("union gains branch", ["null", "string", "int"], ["null", "string"], True),
    ("union loses branch", ["null", "string"], ["null", "string", "int"], False),
    ("union branch promoted", ["null", "long"], ["null", "int"], True),
    ("writer branch matches no reader branch", ["null", "int"], "string", False),
    ("optional record field", rec(f("a", ["null", "string"], default=None)), rec(), True),
    ("recursive record", rec(f("next", ["null", "R"], default=None)), rec(f("next", ["null", "R"], default=None)), True),
]


@pytest.mark.parametrize(("case", "reader", "writer", "ok"), CASES, ids=[c[0] for c in CASES])
def test_checker(case: str, reader: Any, writer: Any, ok: bool) -> None:
    found = problems(reader, writer)
    assert (found == []) == ok, found


def test_problems_name_the_field() -> None:
    found = problems(rec(f("i", rec(f("x", "int"), f("y", "int"), name="Inner"))), rec(f("i", INNER)))
    assert found == ["$.i.y: reader field missing from writer and has no default"]


def test_both_directions() -> None:
    old, new = rec(f("a", "int")), rec(f("a", "int"), f("b", "string"))
    assert compatibility(new, old) == {"backward": ["$.b: reader field missing from writer and has no default"], "forward": []}


RELEASED = [(version, t) for version, schemas in catalog.released().items() for t in schemas]


@pytest.mark.parametrize(("version", "event_type"), RELEASED, ids=[f"{v}-{t}" for v, t in RELEASED])
def test_current_schemas_are_fully_compatible_with_releases(version: str, event_type: str) -> None:
    new = catalog.current()[event_type].schema
    old = catalog.released()[version][event_type].schema
    assert compatibility(new, old) == {"backward": [], "forward": []}


def test_new_event_types_are_additions_to_a_release() -> None:
    rows = check_releases()
    assert {(r["release"], r["event_type"]) for r in rows if not r["in_release"]} == {("v1", "record_retraction")}
    assert all(r["backward"] == [] and r["forward"] == [] for r in rows)
    assert all(r["same_as_release"] for r in rows if r["in_release"])


def test_an_incompatible_change_to_a_real_schema_is_caught() -> None:
    import copy

    new = copy.deepcopy(catalog.current()["incident_report"].schema)
    payload = new["fields"][1]["type"]
    payload["fields"].append({"name": "severity", "type": "int", "doc": "no default: breaks old writers"})
    payload["fields"] = [fd for fd in payload["fields"] if fd["name"] != "offence"]
    result = compatibility(new, catalog.released()["v1"]["incident_report"].schema)
    assert result["backward"] == ["$.payload.severity: reader field missing from writer and has no default"]
    assert result["forward"] == []  # old readers default the dropped optional offence to null


# random bytes are rarely UTF-8: "bytes read as string" is schema-compatible but not data-compatible
AGREEABLE = [c for c in CASES if c[3] and c[0] != "bytes read as string"]


@pytest.mark.parametrize(("case", "reader", "writer", "ok"), AGREEABLE, ids=[c[0] for c in AGREEABLE])
def test_fastavro_reads_what_the_checker_accepts(case: str, reader: Any, writer: Any, ok: bool) -> None:
    """The checker's 'compatible' agrees with a real Avro implementation on generated data."""
    import io
    import itertools

    from fastavro import parse_schema, schemaless_reader, schemaless_writer
    from fastavro.utils import generate_many

    writer_parsed, reader_parsed = parse_schema(writer), parse_schema(reader)
    for datum in itertools.islice(generate_many(writer_parsed, 20), 20):
        buffer = io.BytesIO()
        schemaless_writer(buffer, writer_parsed, datum)
        buffer.seek(0)
        schemaless_reader(buffer, writer_parsed, reader_parsed)
        assert buffer.tell() == len(buffer.getvalue())
