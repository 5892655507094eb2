"""The pure part of ``enlace export assignments``: compacted view, one line per member record, duplicates."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from deploy.export import (
    Assignment,
    EntityMessage,
    ExportError,
    assignments,
    entity_message,
    live_documents,
    member_key,
    write_assignments,
)


def doc(entity_id: str, *record_keys: str, version: int = 1, at: int = 0) -> bytes:
    records = [{"record_key": key, "record_id": key.split("/", 1)[1], "agency": key.split("/", 1)[0]}
               for key in record_keys]
    return json.dumps({"entity_id": entity_id, "version": version, "trigger_produced_at_ms": at,
                       "records": records}).encode()


def put(entity_id: str, *record_keys: str, version: int = 1, at: int = 0) -> EntityMessage:
    return EntityMessage(entity_id, doc(entity_id, *record_keys, version=version, at=at))


def tombstone(entity_id: str, version: int | None = None) -> EntityMessage:
    return EntityMessage(entity_id, None, version)


@pytest.mark.parametrize(("messages", "live", "stale"), [
    ([], {}, []),
    ([put("per-1", "police/A")], {"per-1": ["police/A"]}, []),
    # the newest version per key wins
    ([put("per-1", "police/A"), put("per-1", "police/A", "police/B", version=2)], {"per-1": ["police/A", "police/B"]}, []),
    # an equal version written again replaces (a replay re-sends the same document)
    ([put("per-1", "police/A", version=3), put("per-1", "police/B", version=3)], {"per-1": ["police/B"]}, []),
    # an older version landing after a newer one is stale: skipped and reported
    ([put("per-1", "police/A", "police/B", version=5), put("per-1", "police/A", version=2)],
     {"per-1": ["police/A", "police/B"]}, ["per-1"]),
    # a tombstone removes the entity; a later document brings it back
    ([put("per-1", "police/A"), tombstone("per-1")], {}, []),
    ([put("per-1", "police/A", version=2), tombstone("per-1", 4)], {}, []),
    ([put("per-1", "police/A"), tombstone("per-1", 2), put("per-1", "police/C", version=3)], {"per-1": ["police/C"]}, []),
    # a tombstone older than the document it follows is stale; one without a version always applies
    ([put("per-1", "police/A", version=7), tombstone("per-1", 4)], {"per-1": ["police/A"]}, ["per-1"]),
    ([put("per-1", "police/A", version=7), tombstone("per-1")], {}, []),
    # keyless messages are ignored
    ([put("per-2", "customs/X"), EntityMessage(None, doc("x", "a/b"))], {"per-2": ["customs/X"]}, []),
])
def test_live_documents_keep_the_newest_version_per_key(messages: list[EntityMessage], live: dict[str, list[str]],
                                                        stale: list[str]) -> None:
    compacted = live_documents(messages)
    assert {k: [r["record_key"] for r in d["records"]] for k, d in compacted.documents.items()} == live
    assert compacted.stale == stale


def test_a_value_that_is_not_json_is_an_error() -> None:
    with pytest.raises(ExportError, match="per-9"):
        live_documents([EntityMessage("per-9", b"\x00avro?")])


@pytest.mark.parametrize(("key", "value", "headers", "expected"), [
    (b"per-1", b"{}", None, EntityMessage("per-1", b"{}", None)),
    (b"per-1", None, [("enlace.version", b"42")], EntityMessage("per-1", None, 42)),
    (b"per-1", None, [("other", b"1")], EntityMessage("per-1", None, None)),
    (b"per-1", None, [("enlace.version", b"junk")], EntityMessage("per-1", None, None)),
    (None, b"{}", [], EntityMessage(None, b"{}", None)),
])
def test_entity_message_reads_the_tombstone_version_header(key: bytes | None, value: bytes | None,
                                                           headers: list[tuple[str, bytes]] | None,
                                                           expected: EntityMessage) -> None:
    assert entity_message(key, value, headers) == expected


@pytest.mark.parametrize(("member", "key"), [
    ({"record_key": "police/INC-1-p0", "record_id": "INC-1-p0", "agency": "police"}, ("police", "INC-1-p0")),
    # record ids and sources may hold slashes: the record id is taken whole, the source is what precedes it
    ({"record_key": "FGE/QROO/A/7", "record_id": "A/7", "agency": "partners"}, ("FGE/QROO", "A/7")),
    # an integer record id comes back as published text
    ({"record_key": "licensing/42", "record_id": 42, "agency": "licensing"}, ("licensing", "42")),
    # no record key: the agency is the source
    ({"record_id": "R1", "agency": "customs"}, ("customs", "R1")),
])
def test_member_key(member: dict[str, Any], key: tuple[str, str]) -> None:
    assert member_key(member) == key


def test_one_sorted_assignment_per_member_record() -> None:
    compacted = live_documents([put("veh-2", "police/V-1"), put("per-1", "police/P-2", "customs/P-1")])
    rows, duplicates = assignments(compacted.documents)
    assert duplicates == {}
    assert rows == [Assignment("customs", "P-1", "per-1"), Assignment("police", "P-2", "per-1"),
                    Assignment("police", "V-1", "veh-2")]


def test_a_record_in_two_live_documents_is_a_duplicate_exported_once_with_the_newest() -> None:
    compacted = live_documents([
        put("per-1", "police/A", "police/B", at=100),
        put("per-2", "police/B", at=200),  # per-1 should have been updated when B moved
    ])
    rows, duplicates = assignments(compacted.documents)
    assert duplicates == {"police/B": ["per-1", "per-2"]}
    assert rows == [Assignment("police", "A", "per-1"), Assignment("police", "B", "per-2")]


def test_json_lines_have_the_shape_of_enlace_resolve() -> None:
    out = io.StringIO()
    n = write_assignments([Assignment("police", "Ñ-1", "per-1"), Assignment("police", "Ñ-2", "per-1")], out)
    lines = out.getvalue().splitlines()
    assert n == 2 and len(lines) == 2
    assert json.loads(lines[0]) == {"record_id": "Ñ-1", "source": "police", "entity_id": "per-1"}
    assert list(json.loads(lines[0])) == ["record_id", "source", "entity_id"]
    assert "Ñ" in lines[0]  # written as UTF-8 text, not escaped
