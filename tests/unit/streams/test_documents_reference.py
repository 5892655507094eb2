"""Cached document rendering (``Partition.document``) equals a plain rendering, over a simulated run.

The reference below is the renderer as it was before member parts and summaries were cached:
every member parsed, normalized and explained afresh on each render.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import orjson

from producers.simulator.scenario import simulate_events
from streams import commands
from streams.entity import encode_document, iso_utc
from streams.identifiers import compact, document_number, fold, identifier_keys
from streams.ingest import commands_in_order
from streams.resolving import Partition
from streams.topology import RECORD_PARTITIONS

from stream_records import person

META_FIELDS = frozenset({"record_id", "source", "kind", "links", "provenance"})
RECORD_FIELDS = ("event_id", "event_type", "occurred_at", "role", "handling", "releasable_to")


def _normalizer(field: str) -> Any:
    if field == "id_numbers":
        return lambda raw: document_number(raw) or compact(raw)
    if field in ("plate", "vin", "serial_number"):
        return compact
    if field in ("date_of_birth", "year"):
        return lambda raw: str(raw).strip()
    return fold


def _attributes(members: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for key, record in members:
        for name, raw in record.items():
            if name in META_FIELDS or raw is None or raw == "" or isinstance(raw, dict):
                continue
            normalize = _normalizer(name)
            for item in raw if isinstance(raw, list) else [raw]:
                value = normalize(item)
                if not value:
                    continue
                slot = table.setdefault(name, {}).setdefault(value, {"value": value, "raw": item, "sources": []})
                if key not in slot["sources"]:
                    slot["sources"].append(key)
    return {name: sorted(values.values(), key=lambda v: (-len(v["sources"]), v["value"]))
            for name, values in sorted(table.items())}


def _first(attrs: dict[str, list[dict[str, Any]]], name: str) -> str:
    values = attrs.get(name) or []
    return str(values[0]["raw"]).strip() if values else ""


def _display_name(kind: str, members: list[tuple[str, dict[str, Any]]], attrs: dict[str, Any]) -> str:
    if kind == "person":
        names = Counter(
            " ".join(p for p in (str(r.get("given_name") or "").strip(), str(r.get("family_name") or "").strip()) if p)
            for _, r in members
        )
        names.pop("", None)
        if names:
            return min(names.items(), key=lambda item: (-item[1], fold(item[0]), item[0]))[0]
        return _first(attrs, "id_numbers") or "(unnamed person)"
    if kind == "vehicle":
        plate = _first(attrs, "plate")
        label = f"{plate} ({_first(attrs, 'plate_country')})" if plate and _first(attrs, "plate_country") else plate
        parts = [label or _first(attrs, "vin"), _first(attrs, "make"), _first(attrs, "model")]
        return " ".join(p for p in parts if p) or "(unidentified vehicle)"
    parts = [_first(attrs, "make"), _first(attrs, "model"), _first(attrs, "serial_number")]
    return " ".join(p for p in parts if p) or f"(unidentified {kind})"


def _record_summary(key: str, record: dict[str, Any]) -> dict[str, Any]:
    provenance = record.get("provenance") or {}
    summary: dict[str, Any] = {"record_key": key, "record_id": record.get("record_id"),
                               "agency": provenance.get("agency") or record.get("source")}
    summary.update({name: provenance.get(name) for name in RECORD_FIELDS})
    return summary


def reference_document(part: Partition, entity_id: str, version: int, produced_at_ms: int | None) -> dict[str, Any]:
    """The document of ``entity_id`` rendered from scratch, as ``Partition.document`` did before its caches."""
    resolver = part.resolver
    keys = resolver.members(entity_id)
    members = [(key, resolver.entries[key].data) for key in keys]
    member_keys = {key: identifier_keys(record) for key, record in members}
    links = [{"rel": link["rel"], "record": link["to"], "via": key}
             for key, record in members for link in record.get("links") or []]
    decisions = {key: resolver.explain(key) for key in keys}
    attrs = _attributes(members)
    records = [_record_summary(key, record) for key, record in members]
    for summary in records:
        decision = decisions.get(summary["record_key"])
        if decision is not None:
            summary["decision"] = decision
    return {
        "entity_id": entity_id,
        "kind": resolver.clusters.kinds[entity_id],
        "version": version,
        "updated_at": iso_utc(produced_at_ms),
        "trigger_produced_at_ms": produced_at_ms,
        "display_name": _display_name(resolver.clusters.kinds[entity_id], members, attrs),
        "attributes": attrs,
        "identifiers": sorted({value for keys in member_keys.values() for value in keys.values() if value}),
        "records": records,
        "agencies": sorted({str(r["agency"]) for r in records if r.get("agency")}),
        "links": links,
        "merged_from": sorted(part.merged_from(entity_id)),
    }


def simulated_commands(events: int, seed: int) -> list[commands.Command]:
    """The records-log commands of a simulated run (corrections included), in the order ingest sends them."""
    return [command for made in commands_in_order(sim.event for sim in simulate_events(events, seed)) for command in made]


def _interventions(part: Partition, rng: random.Random, step: int) -> list[bytes]:
    """Now and then an analyst's retraction or judgement about what the partition holds."""
    resolver = part.resolver
    if step % 23 == 0 and resolver.entries:
        key = rng.choice(sorted(resolver.entries))
        return [commands.retract(key, resolver.entries[key].kind, step).value]
    if step % 17 == 0:
        crowded = sorted(eid for eid, members in resolver.clusters.members.items() if len(members) > 1)
        if crowded:
            eid = rng.choice(crowded)
            left, right = sorted(resolver.clusters.members[eid])[:2]
            kind = resolver.clusters.kinds[eid]
            return [commands.judge({"judgement_id": f"j{step}", "kind": kind, "left": left, "right": right,
                                    "verdict": rng.choice(["not_same", "unsure"]), "who": "a", "why": "b"},
                                   step).value]
    if step % 29 == 0 and len(resolver.clusters.members) > 1:
        by_kind: dict[str, list[str]] = {}
        for eid in sorted(resolver.clusters.members):
            by_kind.setdefault(resolver.clusters.kinds[eid], []).append(eid)
        pairs = [eids for eids in by_kind.values() if len(eids) > 1]
        if pairs:
            left, right = rng.sample(rng.choice(pairs), 2)
            return [commands.judge({"judgement_id": f"j{step}", "kind": resolver.clusters.kinds[left],
                                    "left": left, "right": right, "verdict": "same", "who": "a", "why": "b"},
                                   step).value]
    return []


def _same(part: Partition, eid: str, doc: dict[str, Any] | None, version: int, produced: int | None) -> None:
    if doc is None:
        return
    expected = reference_document(part, eid, version, produced)
    assert doc == expected
    assert encode_document(doc) == orjson.dumps(expected)  # same keys in the same order
    assert json.loads(encode_document(doc)) == json.loads(json.dumps(expected, separators=(",", ":")))


def test_cached_documents_equal_plain_ones_over_a_run_with_corrections_retractions_and_judgements():
    rng = random.Random(5)
    partitions = {n: Partition(n) for n in range(RECORD_PARTITIONS)}
    offsets: Counter[int] = Counter()
    checked: Counter[str] = Counter()
    for step, command in enumerate(simulated_commands(700, seed=3), start=1):
        part = partitions[command.partition]
        values = [command.value, *_interventions(part, rng, step)]
        for value in values:
            checked[commands.decode(value)["op"]] += 1
            emit = ((step - 1) // 25) % 2 == 0  # windows rendered at once, between windows drained in batches
            emission = part.apply(value, offsets[command.partition], emit=emit)
            offsets[command.partition] += 1
            for eid, doc in emission.entities:
                _same(part, eid, doc, emission.version, commands.decode(value).get("produced_at_ms"))
                checked["rendered"] += 1
        if step % 25 == 0:
            for number, drained in partitions.items():
                produced = {eid: p for eid, (_, _, p) in drained._pending.items()}
                for emission in drained.drain():
                    for eid, doc in emission.entities:
                        _same(drained, eid, doc, emission.version, produced[eid])
                        checked["rendered"] += 1
    assert checked["retract"] > 20 and checked["judge"] > 20 and checked["rendered"] > 500, checked
    sizes = [len(members) for p in partitions.values() for members in p.resolver.clusters.members.values()]
    assert max(sizes) >= 5  # some documents fuse many records


def test_a_changed_record_or_decision_is_rendered_anew():
    part = Partition(0)
    first = person("police", "p1", ids=["BZ:P8072881"])
    part.apply(commands.upsert(first, 1).value, 0)
    part.apply(commands.upsert(person("immigration", "i1", ids=["P8072881"]), 2).value, 1)
    eid = part.resolver.entity_of("police/p1")
    before = part.document(eid, 2, 2)
    part.apply(commands.upsert({**first, "given_name": "Pedro", "tattoo": "rose"}, 3).value, 2)
    eid = part.resolver.entity_of("police/p1")
    after = part.document(eid, 3, 3)
    assert after == reference_document(part, eid, 3, 3)
    assert [v["raw"] for v in after["attributes"]["given_name"]] != [v["raw"] for v in before["attributes"]["given_name"]]
    assert after["attributes"]["tattoo"][0]["sources"] == ["police/p1"]
    part.apply(commands.judge({"judgement_id": "j", "kind": "person", "left": "police/p1", "right": "immigration/i1",
                               "verdict": "not_same", "who": "a", "why": "b"}, 4).value, 3)
    for key in ("police/p1", "immigration/i1"):
        eid = part.resolver.entity_of(key)
        doc = part.document(eid, 4, 4)
        assert doc == reference_document(part, eid, 4, 4)
        assert [r["record_key"] for r in doc["records"]] == [key]


def test_rendered_parts_of_retracted_records_are_dropped_and_rebuilt_if_they_return():
    part = Partition(0)
    part.forget_after = 0
    first = person("police", "p1", ids=["BZ:P8072881"])
    part.apply(commands.upsert(first, 1).value, 0)
    part.apply(commands.upsert(person("immigration", "i1", ids=["P8072881"]), 2).value, 1)
    assert set(part._rendered) == {"police/p1", "immigration/i1"}
    part.apply(commands.retract("police/p1", "person", 3).value, 2)
    assert set(part._rendered) == {"immigration/i1"}
    [(eid, doc)] = part.apply(commands.upsert({**first, "given_name": "Pedro"}, 4).value, 3).entities
    assert doc == reference_document(part, eid, 4, 4)
