"""One records-log partition's resolver: a fold over the log, and the documents each step changes.

Pure (no Kafka): ``Partition.apply(command, offset)`` feeds one command to the engine
(``streams.resolve.Resolver``) and returns what to emit. Every entity of a kind lives in one
partition, so the offset of the message that changed an entity is its document version:
versions only grow, and a replay of the same log emits the same versions. A message at an
offset already folded in changes nothing and emits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas.errors import InvalidEvent
from streams import commands
from streams.entity import Member, fuse, member, with_decision
from streams.resolve.engine import JudgementConflict, Resolver
from streams.resolve.explain import Decision
from streams.resolve.clustering import Change


@dataclass(slots=True)
class Emission:
    """What one command changed: documents (None = tombstone), redirects, or why it was refused."""

    entities: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)
    redirects: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    version: int = 0
    error: Exception | None = None

    def __len__(self) -> int:
        return len(self.entities) + len(self.redirects)


@dataclass(slots=True, eq=False)
class _Rendered:
    """A member record's share of documents, its summary with decision, and what they were made from."""

    packed: str
    part: Member
    decision: Decision | None = None
    stamp: tuple[str | None, str | None, int] | None = None
    summary: dict[str, Any] | None = None


class Partition:
    """The resolver of one records-log partition and the next offset it expects."""

    forget_after = 1024
    """Retracted records whose rendered parts may be kept before they are all dropped."""

    def __init__(self, number: int, resolver: Resolver | None = None, next_offset: int = 0) -> None:
        self.number = number
        self.resolver = resolver or Resolver()
        self.next_offset = next_offset
        self._merged_from: dict[str, list[str]] | None = None
        self._pending: dict[str, tuple[Change, int, int | None]] = {}
        self._rendered: dict[str, _Rendered] = {}

    def apply(self, value: bytes, offset: int, emit: bool = True) -> Emission:
        """Fold the log message at ``offset`` into the resolver; documents of the entities it changed.

        A message the resolver refuses (not a command, an invalid record, a judgement that
        contradicts an earlier one) changes nothing and comes back as ``error``, every time.
        """
        if offset < self.next_offset:
            return Emission()
        self.next_offset = offset + 1
        try:
            command = commands.decode(value)
            changes = self._run(command)
        except (ValueError, KeyError, TypeError, InvalidEvent, JudgementConflict) as exc:
            return Emission(error=exc)
        if any(c.op == "delete" for c in changes):
            self._merged_from = None
        if not emit:
            for change in changes:  # the newest change of each entity, emitted by ``drain``
                self._pending.pop(change.entity_id, None)
                self._pending[change.entity_id] = (change, offset + 1, command.get("produced_at_ms"))
            return Emission()
        return self._emission(changes, offset + 1, command.get("produced_at_ms"))

    def drain(self) -> list[Emission]:
        """Documents of the entities changed by commands applied with ``emit=False``, as they are now.

        An entity's document depends only on what changes it, so its state now equals its state
        after the last command that touched it, whose offset is its version: what an uninterrupted
        run emitted last for it.
        """
        pending, self._pending = self._pending, {}
        return [self._emission([change], version, produced) for change, version, produced in pending.values()]

    def _run(self, command: dict[str, Any]) -> list[Change]:
        op = command["op"]
        if op == "upsert":
            return self.resolver.add(command["record"])
        if op == "retract":
            return self.resolver.retract(str(command["key"]))
        j = command["judgement"]
        return self.resolver.judge(str(j["left"]), str(j["right"]), str(j["verdict"]), str(j.get("who") or ""),
                                   str(j.get("why") or ""))

    def _emission(self, changes: list[Change], version: int, produced_at_ms: int | None) -> Emission:
        self._forget_retracted()
        out = Emission(version=version)
        for change in changes:
            if change.op == "upsert":
                out.entities.append((change.entity_id, self.document(change.entity_id, version, produced_at_ms)))
            else:
                out.entities.append((change.entity_id, None))
                if change.survivor:
                    out.redirects.append((change.entity_id, {"survivor": change.survivor, "version": version}))
        return out

    def merged_from(self, entity_id: str) -> list[str]:
        """Entity ids absorbed into ``entity_id`` (directly or through earlier merges)."""
        if self._merged_from is None:
            inverse: dict[str, list[str]] = {}
            for gone in sorted(self.resolver.redirects):
                live = self.resolver.clusters.resolve_id(gone)
                if live is not None:
                    inverse.setdefault(live, []).append(gone)
            self._merged_from = inverse
        return self._merged_from.get(entity_id, [])

    def _forget_retracted(self) -> None:
        """Drop what was rendered of records no longer held (once they are a fair share of the cache)."""
        entries = self.resolver.entries
        if len(self._rendered) > len(entries) + self.forget_after:
            for key in [key for key in self._rendered if key not in entries]:
                del self._rendered[key]

    def _member(self, key: str) -> _Rendered:
        """A member record's share of its documents (computed again when the record changes)."""
        entry = self.resolver.entries[key]
        cached = self._rendered.get(key)
        if cached is None or cached.packed is not entry.packed:
            cached = self._rendered[key] = _Rendered(entry.packed, member(key, entry.data))
        return cached

    def _summary(self, key: str, cached: _Rendered) -> dict[str, Any]:
        """A member's record summary with its decision evidence (explained again when its decision, entity
        or the judgements change; the decision itself is held, so a new one is never mistaken for it)."""
        resolver = self.resolver
        entry = resolver.entries[key]
        decision = entry.decision
        stamp = (getattr(decision, "entity_id", None), entry.entity, len(resolver.constraints.judgements))
        if cached.summary is None or cached.decision is not decision or cached.stamp != stamp:
            cached.decision, cached.stamp = decision, stamp
            cached.summary = with_decision(cached.part, resolver.explain(key))
        return cached.summary

    def document(self, entity_id: str, version: int, produced_at_ms: int | None) -> dict[str, Any]:
        """The fused document of a live entity: members with provenance and decisions, links by record."""
        resolver = self.resolver
        keys = resolver.members(entity_id)
        rendered = [self._member(key) for key in keys]
        parts = [cached.part for cached in rendered]
        return fuse(
            entity_id, resolver.clusters.kinds[entity_id], version, parts,
            [self._summary(key, cached) for key, cached in zip(keys, rendered)],
            [link for part in parts for link in part.links], self.merged_from(entity_id), produced_at_ms,
        )
