"""Bulk actions and search helper fields built from entity documents."""

from __future__ import annotations

from typing import Any

import pytest

from consumers.documents import build_action, index_document


def person(version: int = 3, **extra: Any) -> dict[str, Any]:
    return {
        "entity_id": "per-0a1b2c3d4e5f", "kind": "person", "version": version,
        "updated_at": "2026-01-02T03:04:05.000Z", "trigger_produced_at_ms": 1767323045000,
        "display_name": "José López",
        "attributes": {
            "given_name": [{"value": "JOSE", "raw": "José", "sources": ["police/1#p0"]}],
            "family_name": [{"value": "LOPEZ", "raw": "López", "sources": ["police/1#p0"]},
                            {"value": "LOPES", "raw": "Lopes", "sources": ["immigration/9#p0"]}],
            "id_numbers": [{"value": "P8072881", "raw": "BZ:P8072881", "sources": ["police/1#p0"]}],
            "date_of_birth": [{"value": "1980-01-01", "raw": "1980-01-01", "sources": ["police/1#p0"]}],
            "phone": [{"value": "5016101234", "raw": "+501 610-1234", "sources": ["police/1#p0"]}],
        },
        "identifiers": ["P8072881"], "records": [], "agencies": ["immigration", "police"], "links": [],
        "merged_from": [], **extra,
    }


VEHICLE = {
    "entity_id": "veh-00aa11bb22cc", "kind": "vehicle", "version": 1, "display_name": "CAY 4521 (BZ) Toyota Hilux",
    "attributes": {
        "plate": [{"value": "CAY4521", "raw": "CAY-4521", "sources": ["licensing/5#v0"]}],
        "vin": [{"value": "JTEBU5JR0K5012345", "raw": "jteBU5JR0K5012345", "sources": ["licensing/5#v0"]}],
        "make": [{"value": "TOYOTA", "raw": "Toyota", "sources": ["licensing/5#v0"]}],
        "year": [{"value": "2019", "raw": 2019, "sources": ["licensing/5#v0"]}],
    },
    "identifiers": [],
}


def test_index_action_is_externally_versioned_and_keeps_the_document() -> None:
    action = build_action("per-0a1b2c3d4e5f", person(version=7), "p-entities")
    assert {k: action[k] for k in ("_op_type", "_index", "_id", "version", "version_type")} == {
        "_op_type": "index", "_index": "p-entities", "_id": "per-0a1b2c3d4e5f", "version": 7,
        "version_type": "external_gte",
    }
    source = action["_source"]
    assert {k: v for k, v in source.items() if k != "members"} == person(version=7)


@pytest.mark.parametrize(("tombstone_version", "expected"), [
    (None, {"_op_type": "delete", "_index": "i", "_id": "gun-1"}),
    (4, {"_op_type": "delete", "_index": "i", "_id": "gun-1", "version": 4, "version_type": "external_gte"}),
])
def test_tombstone_becomes_a_delete(tombstone_version: int | None, expected: dict[str, Any]) -> None:
    assert build_action("gun-1", None, "i", tombstone_version=tombstone_version) == expected


@pytest.mark.parametrize(("key", "value", "message"), [
    ("per-x", {"entity_id": "per-y", "version": 1}, "does not match"),
    ("per-x", {"entity_id": "per-x"}, "no usable version"),
    ("per-x", {"entity_id": "per-x", "version": "2"}, "no usable version"),
    ("per-x", {"entity_id": "per-x", "version": -1}, "no usable version"),
    ("per-x", {"entity_id": "per-x", "version": True}, "no usable version"),
])
def test_unusable_documents_are_refused(key: str, value: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_action(key, value, "i")


def test_the_indexed_document_adds_only_the_member_documents() -> None:
    document = index_document({"entity_id": "gun-1", "kind": "firearm", "version": 1})
    assert document == {"entity_id": "gun-1", "kind": "firearm", "version": 1, "members": []}
    assert "search" not in index_document(person())
