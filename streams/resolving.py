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


class Partition:
    """The resolver of one records-log partition and the next offset it expects."""

    def __init__(self, number: int, resolver: Resolver | None = None, next_offset: int = 0) -> None:
        self.number = number
        self.resolver = resolver or Resolver()
        self.next_offset = next_offset
        self._merged_from: dict[str, list[str]] | None = None
        self._pending: dict[str, tuple[Change, int, int | None]] = {}
        self._parts: dict[str, tuple[str, Member]] = {}
        self._explained: dict[str, tuple[tuple[Any, ...], dict[str, Any] | None]] = {}
        self._summaries: dict[str, tuple[Member, dict[str, Any] | None, dict[str, Any]]] = {}

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
        """Drop the cached parts of records no longer held (once they are a fair share of the cache)."""
        entries = self.resolver.entries
        if len(self._parts) > len(entries) + 1024:
            for cache in (self._parts, self._explained, self._summaries):
                for key in [key for key in cache if key not in entries]:
                    del cache[key]

    def _part(self, key: str) -> Member:
        """A member record's share of its document (cached until the record changes)."""
        packed = self.resolver.entries[key].packed
        cached = self._parts.get(key)
        if cached is None or cached[0] is not packed:
            cached = self._parts[key] = (packed, member(key, self.resolver.entries[key].data))
        return cached[1]

    def _explain(self, key: str) -> dict[str, Any] | None:
        """A member's decision evidence (cached until its decision, entity or judgements change)."""
        resolver = self.resolver
        entry = resolver.entries[key]
        decision = entry.decision
        # the decision itself, not its id: the cache keeps it alive, so a new decision is never mistaken for it
        stamp = (decision, getattr(decision, "entity_id", None), entry.entity, len(resolver.constraints.judgements))
        cached = self._explained.get(key)
        if cached is None or cached[0][0] is not decision or cached[0][1:] != stamp[1:]:
            cached = self._explained[key] = (stamp, resolver.explain(key))
        return cached[1]

    def _summary(self, part: Member) -> dict[str, Any]:
        """A member's record summary with its decision (cached until either changes)."""
        decision = self._explain(part.key)
        cached = self._summaries.get(part.key)
        if cached is None or cached[0] is not part or cached[1] is not decision:
            cached = self._summaries[part.key] = (part, decision, with_decision(part, decision))
        return cached[2]

    def document(self, entity_id: str, version: int, produced_at_ms: int | None) -> dict[str, Any]:
        """The fused document of a live entity: members with provenance and decisions, links by record."""
        resolver = self.resolver
        parts = [self._part(key) for key in resolver.members(entity_id)]
        return fuse(
            entity_id, resolver.clusters.kinds[entity_id], version, parts, [self._summary(part) for part in parts],
            [link for part in parts for link in part.links], self.merged_from(entity_id), produced_at_ms,
        )
