"""The simple linker: exact shared identifiers make records one entity (the resolution engine's seam).

Pure: state is four mappings (Faust tables in the worker, dicts in tests), values are
JSON-able and never mutated in place. ``Linker.add(records) -> Changes`` is the one
method the stream calls; ``streams.resolve`` will provide a drop-in replacement.

State layout:
- ``records``: record key -> ``{"record", "version", "entity", "keys", "links"}``
- ``index``: identifier key (``streams.identifiers``) -> entity id
- ``entities``: entity id -> ``{"kind", "members", "version", "merged_from"}``, or
  ``{"kind", "merged_into", "version"}`` once absorbed
- ``inbound``: record key -> ``[[rel, from record key], ...]`` (links pointing at it)

Idempotent: a record whose source version is not newer than the stored one changes
nothing and emits nothing. Versions only grow; ids and merge survivors are deterministic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from streams.entity import build_document
from streams.identifiers import identifier_keys
from streams.resolve.records import PREFIX



def record_key(record: dict[str, Any]) -> str:
    """A record's global key: ``source/record_id``."""
    return f"{record.get('source') or record.get('provenance', {}).get('agency')}/{record['record_id']}"


def entity_id_for(kind: str, founding_record_key: str) -> str:
    """Deterministic entity id: kind prefix + 12 hex of the founding record's key."""
    digest = hashlib.sha1(founding_record_key.encode()).hexdigest()[:12]
    return f"{PREFIX.get(kind, kind[:3])}-{digest}"


def source_version(record: dict[str, Any]) -> int:
    return int((record.get("provenance") or {}).get("source_version") or 1)


@dataclass(slots=True)
class FusionState:
    records: MutableMapping[str, Any]
    index: MutableMapping[str, Any]
    entities: MutableMapping[str, Any]
    inbound: MutableMapping[str, Any]

    @classmethod
    def empty(cls) -> FusionState:
        return cls({}, {}, {}, {})


@dataclass(slots=True)
class Changes:
    """What one ``add`` changed: documents to emit (versions already bumped) and entities absorbed."""

    updated: list[str] = field(default_factory=list)
    absorbed: dict[str, str] = field(default_factory=dict)
    """absorbed entity id -> survivor id (emit a tombstone and a redirect)."""

    def __bool__(self) -> bool:
        return bool(self.updated or self.absorbed)


class Linker:
    """Attach records to entities by exact identifiers; merge entities that come to share one."""

    def __init__(self, state: FusionState) -> None:
        self.state = state

    # -- reading -----------------------------------------------------------------------
    def resolve(self, entity_id: str) -> str:
        """Follow ``merged_into`` to the live entity (the index is rewritten on merge; this is a guard)."""
        for _ in range(64):
            entity = self.state.entities.get(entity_id)
            if not entity or "merged_into" not in entity:
                return entity_id
            entity_id = entity["merged_into"]
        return entity_id

    def entity_of(self, key: str) -> str | None:
        entry = self.state.records.get(key)
        return self.resolve(entry["entity"]) if entry else None

    def links(self, entity_id: str) -> list[dict[str, Any]]:
        """The entity's links to other entities, aggregated per (rel, other entity, direction)."""
        grouped: dict[tuple[str, str, str], set[str]] = {}
        for member in self.state.entities[entity_id]["members"]:
            entry = self.state.records[member]
            for rel, target in entry["links"]:
                other = self.entity_of(target)
                if other and other != entity_id:
                    grouped.setdefault((rel, other, "out"), set()).add(member)
            for rel, source in self.state.inbound.get(member, []):
                other = self.entity_of(source)
                if other and other != entity_id:
                    grouped.setdefault((rel, other, "in"), set()).add(source)
        return [
            {"rel": rel, "entity_id": other, "direction": direction, "records": sorted(keys)}
            for (rel, other, direction), keys in sorted(grouped.items())
        ]

    def document(self, entity_id: str, trigger_produced_at_ms: int | None) -> dict[str, Any]:
        entity = self.state.entities[entity_id]
        members = [(key, self.state.records[key]["record"]) for key in entity["members"]]
        return build_document(
            entity_id, entity["kind"], entity["version"], members, self.links(entity_id),
            entity.get("merged_from", []), trigger_produced_at_ms,
            {key: self.state.records[key]["keys"] for key, _ in members},
        )

    # -- writing -----------------------------------------------------------------------
    def add(self, records: Iterable[dict[str, Any]]) -> Changes:
        """Fuse ``records`` (one event's worth); returns the entities whose documents changed."""
        touched: set[str] = set()
        affected_records: set[str] = set()
        absorbed: dict[str, str] = {}
        for record in records:
            entity_id = self._add_one(record, absorbed, affected_records)
            if entity_id:
                touched.add(entity_id)
        if not touched:
            return Changes()
        dirty = {self.resolve(e) for e in touched}
        dirty |= {e for e in (self.entity_of(k) for k in affected_records) if e}
        for survivor in {self.resolve(s) for s in absorbed.values()}:
            # entities linked to an absorbed one now point at the survivor: their documents change
            dirty |= {link["entity_id"] for link in self.links(survivor)}
        for entity_id in sorted(dirty):
            self._bump(entity_id)
        for gone in sorted(absorbed):
            self._bump(gone)
        return Changes(sorted(dirty), {gone: self.resolve(s) for gone, s in sorted(absorbed.items())})

    def _add_one(self, record: dict[str, Any], absorbed: dict[str, str], affected: set[str]) -> str | None:
        key, version, kind = record_key(record), source_version(record), str(record.get("kind"))
        old = self.state.records.get(key)
        if old is not None and old["version"] >= version:
            return None
        keys = identifier_keys(record)
        links = [[str(link["rel"]), f"{key.split('/', 1)[0]}/{link['to']}"] for link in record.get("links") or []]
        candidates = {self.resolve(self.state.index[k]) for k in keys if k in self.state.index}
        if old is not None:
            candidates.add(self.resolve(old["entity"]))
            for rel, target in old["links"]:
                self._unlink(rel, key, target)
                affected.add(target)
        candidates = {c for c in candidates if self.state.entities[c]["kind"] == kind}
        if candidates:
            entity_id = self._merge(sorted(candidates), absorbed)
        else:
            entity_id = entity_id_for(kind, key)
            self.state.entities[entity_id] = {"kind": kind, "members": [], "version": 0, "merged_from": []}
        entity = self.state.entities[entity_id]
        if key not in entity["members"]:
            self.state.entities[entity_id] = {**entity, "members": [*entity["members"], key]}
        for k in keys:
            self.state.index[k] = entity_id
        self.state.records[key] = {"record": record, "version": version, "entity": entity_id, "keys": keys, "links": links}
        for rel, target in links:
            pointers = self.state.inbound.get(target, [])
            if [rel, key] not in pointers:
                self.state.inbound[target] = [*pointers, [rel, key]]
            affected.add(target)
        return entity_id

    def _unlink(self, rel: str, source: str, target: str) -> None:
        pointers = [p for p in self.state.inbound.get(target, []) if p != [rel, source]]
        if pointers:
            self.state.inbound[target] = pointers
        else:
            self.state.inbound.pop(target, None)

    def _merge(self, entity_ids: list[str], absorbed: dict[str, str]) -> str:
        """Fold every entity into the largest (ties: smallest id); re-point records and index."""
        sizes = {e: len(self.state.entities[e]["members"]) for e in entity_ids}
        survivor = min(entity_ids, key=lambda e: (-sizes[e], e))
        for gone in entity_ids:
            if gone == survivor:
                continue
            kept, lost = self.state.entities[survivor], self.state.entities[gone]
            merged_from = sorted({*kept.get("merged_from", []), gone, *lost.get("merged_from", [])})
            self.state.entities[survivor] = {**kept, "members": [*kept["members"], *lost["members"]], "merged_from": merged_from}
            for member in lost["members"]:
                entry = self.state.records[member]
                self.state.records[member] = {**entry, "entity": survivor}
                for k in entry["keys"]:
                    self.state.index[k] = survivor
            self.state.entities[gone] = {"kind": lost["kind"], "merged_into": survivor, "version": lost["version"]}
            absorbed[gone] = survivor
        return survivor

    def _bump(self, entity_id: str) -> None:
        entity = self.state.entities[entity_id]
        self.state.entities[entity_id] = {**entity, "version": int(entity["version"]) + 1}
