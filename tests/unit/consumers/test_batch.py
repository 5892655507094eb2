"""The indexer's pure core: planning batches and sorting out bulk results."""

from __future__ import annotations

import json
from typing import Any

import pytest

from consumers.batch import VERSION_HEADER, Indexer, Message


def message(offset: int, key: str | None, value: dict[str, Any] | bytes | None,
            headers: tuple[tuple[str, bytes], ...] = ()) -> Message:
    data = json.dumps(value).encode() if isinstance(value, dict) else value
    return Message("p.entities", 0, offset, key.encode() if key is not None else None, data, headers)


def entity(entity_id: str, version: int) -> dict[str, Any]:
    return {"entity_id": entity_id, "kind": "person", "version": version, "display_name": entity_id}


def test_last_message_per_key_wins_and_keeps_its_place() -> None:
    plan = Indexer("alias").plan([
        message(0, "per-a", entity("per-a", 1)),
        message(1, "per-b", entity("per-b", 1)),
        message(2, "per-a", entity("per-a", 2)),
    ])
    assert [(i, a["version"], m.offset) for i, (a, m) in plan.actions.items()] == [("per-b", 1, 1), ("per-a", 2, 2)]
    assert plan.superseded == 1 and plan.failures == []


@pytest.mark.parametrize(("history", "headers", "expected_version"), [
    ([], (), None),                                          # unknown entity: unconditional delete
    ([entity("per-a", 4)], (), 4),                           # the last version this indexer saw
    ([entity("per-a", 6), entity("per-a", 5)], (), 6),       # the newest, not the latest-arrived
    ([entity("per-a", 4)], ((VERSION_HEADER, b"9"),), 9),    # the producer's header wins
])
def test_tombstone_deletes_with_the_newest_known_version(
    history: list[dict[str, Any]], headers: tuple[tuple[str, bytes], ...], expected_version: int | None
) -> None:
    indexer = Indexer("alias")
    indexer.plan([message(i, "per-a", v) for i, v in enumerate(history)])
    plan = indexer.plan([message(99, "per-a", None, headers)])
    action, _ = plan.actions["per-a"]
    assert action["_op_type"] == "delete" and action.get("version") == expected_version


def test_tombstone_in_the_same_batch_uses_the_version_just_seen() -> None:
    plan = Indexer("alias").plan([message(0, "per-a", entity("per-a", 3)), message(1, "per-a", None)])
    assert plan.actions["per-a"][0] == {"_op_type": "delete", "_index": "alias", "_id": "per-a",
                                        "version": 3, "version_type": "external_gte"}


@pytest.mark.parametrize(("key", "value", "error_type"), [
    (None, entity("per-a", 1), "MissingKey"),
    ("per-a", b"{not json", "JSONDecodeError"),
    ("per-a", b"[1, 2]", "ValueError"),
    ("per-a", b"\xc3(", "UnicodeDecodeError"),
    ("per-a", entity("per-b", 1), "ValueError"),
])
def test_undecodable_messages_fail_without_displacing_a_good_action(
    key: str | None, value: dict[str, Any] | bytes, error_type: str
) -> None:
    plan = Indexer("alias").plan([message(0, "per-a", entity("per-a", 1)), message(1, key, value)])
    assert [f.error_type for f in plan.failures] == [error_type]
    assert plan.failures[0].message.offset == 1
    assert plan.actions["per-a"][0]["version"] == 1


def test_version_memory_is_bounded() -> None:
    indexer = Indexer("alias", memory=2)
    indexer.plan([message(i, f"per-{i}", entity(f"per-{i}", 1)) for i in range(3)])
    assert list(indexer.versions) == ["per-1", "per-2"]


def test_settle_sorts_bulk_results() -> None:
    indexer = Indexer("alias")
    results = [
        (True, {"index": {"_id": "per-a", "status": 201, "result": "created"}}),
        (True, {"delete": {"_id": "per-b", "status": 200, "result": "deleted"}}),
        (False, {"delete": {"_id": "per-c", "status": 404, "result": "not_found"}}),
        (False, {"index": {"_id": "per-d", "status": 409, "error": {"type": "version_conflict_engine_exception"}}}),
        (False, {"index": {"_id": "per-e", "status": 400, "error": {
            "type": "mapper_parsing_exception", "reason": "failed to parse field [updated_at]",
            "caused_by": {"type": "illegal_argument_exception", "reason": "bad date"}}}}),
        (False, {"index": {"_id": "per-f", "status": 503, "error": "unavailable"}}),
    ]
    settlement = indexer.settle(results)
    assert settlement.done == ["per-a", "per-b", "per-c"]
    assert settlement.stale == ["per-d"]
    assert settlement.failed == {
        "per-e": (400, "mapper_parsing_exception",
                  "failed to parse field [updated_at]: illegal_argument_exception: bad date"),
        "per-f": (503, "error", "unavailable"),
    }
    assert indexer.stats["indexed"] == 1 and indexer.stats["deleted"] == 2 and indexer.stats["stale"] == 1
