"""The indexer's fast paths equal plain reference implementations on simulated entities.

The references are the straightforward versions the fast paths replaced: record values by a scan
per record, member documents computed afresh, every message decoded with the stdlib and built.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter
from functools import cache
from typing import Any

import pytest

from consumers.batch import Failure, Indexer, Message
from consumers.documents import build_action
from consumers.members import MemberCache, all_record_values, member_document, member_documents
from producers.simulator.scenario import simulate_events
from streams.dedupe import decide, remember
from streams.extract import records_from_event
from streams.ingest import event_commands
from streams.resolving import Partition
from streams.topology import RECORD_PARTITIONS


def reference_record_values(entity: dict[str, Any], key: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field, slots in (entity.get("attributes") or {}).items():
        for slot in slots or []:
            sources = slot.get("sources") or []
            if key not in sources:
                continue
            raw = slot.get("raw")
            text = str(raw if sources[0] == key and raw not in (None, "") else slot.get("value") or "")
            if text:
                out.setdefault(field, []).append(text)
    return out


def reference_members(entity: dict[str, Any]) -> list[dict[str, Any]]:
    return [member_document(entity, r) for r in entity.get("records") or [] if r.get("record_key")]


@cache
def _versions() -> tuple[bytes, ...]:
    """Every version of every entity a small simulated stream produces, JSON-encoded, in order."""
    partitions = {number: Partition(number) for number in range(RECORD_PARTITIONS)}
    offsets: Counter[int] = Counter()
    memory: dict[str, Any] = {}
    out: list[bytes] = []
    for position, simulated in enumerate(simulate_events(400, 3)):
        event = simulated.event
        envelope = event["envelope"]
        key = f"{envelope['agency']}:{envelope['source_record_id']}"
        event_id, version = str(envelope["event_id"]), int(envelope.get("source_version") or 1)
        seen = memory.get(key)
        if not decide(seen, event_id, version, ("events", 0, position)).forwards:
            continue
        commands, held = event_commands(event, records_from_event(event), seen, None)
        memory[key] = remember(seen, event_id, version, ("events", 0, position), held)
        for command in commands:
            partitions[command.partition].apply(command.value, offsets[command.partition], emit=False)
            offsets[command.partition] += 1
        for partition in partitions.values():
            for emission in partition.drain():
                out += [json.dumps(doc).encode() for _, doc in emission.entities if doc is not None]
    return tuple(out)


def versions() -> list[dict[str, Any]]:
    return [json.loads(v) for v in _versions()]


def test_the_simulation_gives_entities_with_many_members_and_many_versions() -> None:
    docs = versions()
    assert len(docs) > 300
    assert max(len(d.get("records") or []) for d in docs) >= 5
    assert len({d["entity_id"] for d in docs}) < len(docs)


def test_all_record_values_equals_a_scan_per_record() -> None:
    for doc in versions():
        values = all_record_values(doc)
        for record in doc.get("records") or []:
            key = str(record.get("record_key") or "")
            assert values.get(key, {}) == reference_record_values(doc, key)


def test_record_values_edge_cases() -> None:
    doc = {"attributes": {"make": [
        {"value": "TOYOTA", "raw": "Toyota", "sources": ["a", "b", "a"]},   # a record listed twice counts once
        {"value": "", "raw": "", "sources": ["a"]},                         # nothing to say
        {"value": "HONDA", "raw": None, "sources": ["b", "a"]},             # no raw: the value, even for the writer
        {"value": None, "raw": "x", "sources": ["b", "a"]},                 # only the writer has a text
        {"value": "KIA", "raw": 0, "sources": ["a"]},                       # a falsy raw that is not empty
        {"value": "FORD"},                                                  # no sources
    ], "color": None}}
    for key in ("a", "b", "c"):
        assert all_record_values(doc).get(key, {}) == reference_record_values(doc, key)


def test_cached_member_documents_equal_fresh_ones_version_after_version() -> None:
    cache = MemberCache()
    for doc in versions():
        assert member_documents(doc, cache) == reference_members(doc)
    assert cache.hits > cache.misses > 0


def test_a_changed_member_is_not_served_from_the_cache() -> None:
    cache = MemberCache()
    doc = next(d for d in versions() if d["kind"] == "person" and len(d.get("records") or []) >= 2)
    first = member_documents(doc, cache)
    changes = [
        lambda d: d["records"][0].update(handling="SECRET"),
        lambda d: d["records"][0].update(releasable_to=["police", "customs"]),
        lambda d: d["records"][0].update(agency="other"),
        lambda d: d["records"][0].update(occurred_at="1999-01-01T00:00:00Z"),
        lambda d: d["records"][0].update(event_type="other"),
        lambda d: d.update(kind="vehicle"),
        lambda d: d["attributes"].setdefault("phone", []).append(
            {"value": "5016101234", "raw": "+501 610-1234", "sources": [d["records"][0]["record_key"]]}),
        lambda d: [slot.update(raw=f"{slot.get('raw')} X") for slots in d["attributes"].values() for slot in slots],
        lambda d: [slot["sources"].reverse() for slots in d["attributes"].values() for slot in slots],
    ]
    for change in changes:
        changed = copy.deepcopy(doc)
        change(changed)
        assert member_documents(changed, cache) == reference_members(changed)
        assert member_documents(doc, cache) == first


def test_member_cache_is_bounded_least_recently_used_first() -> None:
    cache = MemberCache(size=2)
    cache.put(b"a", {"a": 1})
    cache.put(b"b", {"b": 1})
    assert cache.get(b"a") == {"a": 1}
    cache.put(b"c", {"c": 1})
    assert list(cache.documents) == [b"a", b"c"] and cache.get(b"b") is None


def test_records_with_values_that_are_not_json_are_computed_without_the_cache() -> None:
    cache = MemberCache()
    doc = {"kind": "person", "records": [{"record_key": "a", "agency": {1: "x"}}], "attributes": {}}
    assert member_documents(doc, cache) == reference_members(doc) and not cache.documents


def reference_plan(indexer: Indexer, messages: list[Message]) -> tuple[dict[str, Any], list[Failure], int]:
    """The plan as it was: every message decoded with the stdlib and built, the last good one kept."""
    actions: dict[str, tuple[dict[str, Any], Message]] = {}
    failures: list[Failure] = []
    superseded = 0
    for message in messages:
        if message.key is None:
            failures.append(Failure(message, "invalid", "MissingKey", "entities message without a key"))
            continue
        entity_id = message.key.decode("utf-8", "replace")
        try:
            value = None if message.value is None else json.loads(message.value)
            if value is not None and not isinstance(value, dict):
                raise ValueError(f"expected a JSON object, got {type(value).__name__}")
            version = None if value is not None else indexer.tombstone_version(message, entity_id)
            action = build_action(entity_id, value, indexer.index, tombstone_version=version)
        except ValueError as exc:
            failures.append(Failure(message, "invalid", type(exc).__name__, str(exc)))
            continue
        if value is not None:
            indexer.remember(entity_id, int(action["version"]))
        if entity_id in actions:
            superseded += 1
            del actions[entity_id]
        actions[entity_id] = (action, message)
    return actions, failures, superseded


def _broken(rng: random.Random, key: str, value: bytes) -> bytes | None:
    return rng.choice([b"{not json", b"[1, 2]", b"\xc3(", b'{"entity_id": "other", "version": 1}', None,
                       value.replace(b'"version": ', b'"version": -', 1), b'{"entity_id": "%s", "version": NaN}' % key.encode()])


@pytest.mark.parametrize("seed", range(3))
def test_plan_equals_building_every_message(seed: int) -> None:
    rng = random.Random(seed)
    encoded = list(_versions())
    fast, slow = Indexer("i"), Indexer("i")
    offset = 0
    for start in range(0, len(encoded), 60):
        batch = []
        for value in encoded[start:start + 60]:
            key = json.loads(value)["entity_id"]
            if rng.random() < 0.15:
                batch.append(Message("e", 0, offset, key.encode(), _broken(rng, key, value)))
                offset += 1
            if rng.random() < 0.03:
                batch.append(Message("e", 0, offset, None, value))
                offset += 1
            batch.append(Message("e", 0, offset, key.encode(), value))
            offset += 1
        rng.shuffle(batch)  # keys repeat out of version order too
        plan = fast.plan(batch)
        actions, failures, superseded = reference_plan(slow, batch)
        assert plan.actions == actions
        assert plan.failures == failures
        assert plan.superseded == superseded
        assert fast.versions == slow.versions
    assert fast.members.hits > 0


def test_a_superseded_broken_message_is_still_a_failure() -> None:
    good = json.dumps({"entity_id": "per-a", "kind": "person", "version": 2}).encode()
    plan = Indexer("i").plan([Message("e", 0, 0, b"per-a", b"{not json"), Message("e", 0, 1, b"per-a", good)])
    assert [(f.message.offset, f.error_type) for f in plan.failures] == [(0, "JSONDecodeError")]
    assert plan.actions["per-a"][0]["version"] == 2 and plan.superseded == 0


def test_an_older_version_later_in_the_batch_still_counts_for_the_tombstone() -> None:
    indexer = Indexer("i")
    messages = [Message("e", 0, i, b"per-a", json.dumps({"entity_id": "per-a", "version": v}).encode())
                for i, v in enumerate((7, 5))]
    indexer.plan([*messages, Message("e", 0, 2, b"per-a", None)])
    assert indexer.versions["per-a"] == 7


def test_a_document_that_cannot_be_built_leaves_the_message_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import consumers.documents as documents

    def refuse_version_3(entity: dict[str, Any], cache: Any = None) -> list[dict[str, Any]]:
        if entity["version"] == 3:
            raise ValueError("cannot build")
        return []

    monkeypatch.setattr(documents, "member_documents", refuse_version_3)
    messages = [Message("e", 0, i, b"per-a", json.dumps({"entity_id": "per-a", "version": v}).encode())
                for i, v in enumerate((1, 2, 3))]
    plan = Indexer("i").plan([*messages, Message("e", 0, 3, b"per-b", b"[]")])
    assert plan.actions["per-a"][0]["version"] == 2 and plan.superseded == 1
    assert [(f.message.offset, f.reason) for f in plan.failures] == [
        (2, "cannot build"), (3, "expected a JSON object, got list")]
