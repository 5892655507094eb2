"""The .avsc files: namespace, a doc on every record and field, each named type defined once, a release copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from schemas import catalog, judgements
from schemas.layout import KINDS, layout


def _named_definitions(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, list):
        for branch in schema:
            yield from _named_definitions(branch)
    elif isinstance(schema, dict):
        if schema.get("type") in ("record", "enum", "fixed"):
            yield schema
        for field in schema.get("fields", []):
            yield from _named_definitions(field["type"])
        for key in ("items", "values"):
            if key in schema:
                yield from _named_definitions(schema[key])


FILES = sorted(catalog.SCHEMA_DIR.glob("*.avsc"))


def test_one_file_per_shared_type_and_event() -> None:
    names = {p.name.removesuffix(".avsc").rpartition(".")[2] for p in FILES}
    assert set(catalog.EVENT_TYPES.values()) <= names
    assert {"Envelope", "Handling", "Person", "Vehicle", "Firearm", "Location", "Link"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_record_and_field_has_a_doc(path: Path) -> None:
    schema = json.loads(path.read_text())
    assert path.name == f"{schema['namespace']}.{schema['name']}.avsc"
    assert schema["namespace"] == "bz.enlace.events"
    for definition in _named_definitions(schema):
        assert definition.get("doc", "").strip(), definition["name"]
        for field in definition.get("fields", []):
            assert field.get("doc", "").strip(), f"{definition['name']}.{field['name']}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_define_only_their_own_type(path: Path) -> None:
    """Shared types are referenced by name, never copied into another file."""
    schema = json.loads(path.read_text())
    own = {schema["name"]} | ({f"{schema['name']}Payload"} if schema["name"] in catalog.EVENT_TYPES.values() else set())
    assert {d["name"] for d in _named_definitions(schema)} == own


@pytest.mark.parametrize("event_type", list(catalog.EVENT_TYPES))
def test_every_event_has_envelope_and_payload(event_type: str) -> None:
    schema = catalog.current()[event_type].schema
    assert [f["name"] for f in schema["fields"]] == ["envelope", "payload"]
    assert schema["fields"][0]["type"]["name"] == "Envelope"
    envelope_fields = [f["name"] for f in schema["fields"][0]["type"]["fields"]]
    assert envelope_fields == ["event_id", "agency", "event_type", "occurred_at", "reported_at", "source_record_id",
                               "source_version", "handling", "releasable_to"]


def test_judgement_is_a_record_of_its_own_without_envelope() -> None:
    schema = judgements.current_schema().schema
    assert schema["name"] == "Judgement" and "Judgement" not in catalog.EVENT_TYPES.values()
    fields = {f["name"]: f["type"] for f in schema["fields"]}
    assert list(fields) == ["judgement_id", "kind", "left", "right", "verdict", "who", "why", "at"]
    assert fields["kind"]["symbols"] == list(KINDS) == list(judgements.KINDS)
    assert fields["verdict"]["symbols"] == list(judgements.VERDICTS)
    assert fields["at"] == {"type": "long", "logicalType": "timestamp-millis"}
    assert all(fields[name] == "string" for name in ("judgement_id", "left", "right", "who", "why"))


@pytest.mark.parametrize("event_type", list(catalog.EVENT_TYPES))
def test_layouts(event_type: str) -> None:
    """Every event type carries records and links but the retraction, whose payload is only a reason."""
    lay = layout(event_type)
    if event_type == "record_retraction":
        assert (lay.slots, lay.context, lay.required_context, lay.links) == ((), ("reason",), ("reason",), False)
    else:
        assert lay.slots and lay.links


def test_v1_is_released() -> None:
    released = catalog.released()
    assert "v1" in released
    assert set(released["v1"]) == set(catalog.EVENT_TYPES) - {"record_retraction"}  # added after v1


@pytest.mark.parametrize(
    ("data", "fingerprint"),
    [  # CRC-64-AVRO test vectors: the empty string, and the canonical form of "int" and "string"
        (b"", 0xC15D213AA4D7A795),
        (b'"int"', 0x7275D51A3F395C8F),
        (b'"string"', 0x8F014872634503C7),
    ],
)
def test_crc64_avro(data: bytes, fingerprint: int) -> None:
    assert catalog.crc64_avro(data) == fingerprint


def test_fingerprints_match_fastavro() -> None:
    from fastavro.schema import fingerprint

    for schema in catalog.current().values():
        assert schema.fingerprint.to_bytes(8, "little").hex() == fingerprint(schema.canonical, "CRC-64-AVRO")
