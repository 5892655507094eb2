"""Entities as clusters of record keys: deterministic ids, merges with redirects, renames."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from streams.resolve.records import PREFIX


def entity_id_for(kind: str, founder_key: str, salt: int = 0) -> str:
    """The deterministic id of an entity founded by ``founder_key`` (``per-``/``veh-``/``gun-`` + 12 hex)."""
    text = founder_key if salt == 0 else f"{founder_key}#{salt}"
    return f"{PREFIX[kind]}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class Change:
    """An entity that changed: ``upsert`` (created or updated) or ``delete`` (merged away or emptied).

    A delete after a merge names the ``survivor`` the absorbed id now redirects to.
    """

    entity_id: str
    op: str
    survivor: str | None = None


class Touched:
    """Entity ids and record keys one resolver call touched, in order; turned into ``Change``s at its end."""

    __slots__ = ("entities", "records")

    def __init__(self) -> None:
        self.entities: dict[str, None] = {}
        self.records: dict[str, None] = {}

    def entity(self, eid: str) -> None:
        self.entities[eid] = None


class Clusters:
    """Live entities (id -> member record keys), their kind and founder, and redirects of absorbed ids.

    Members are lists in joining order (a key is in at most one entity, once): a third of a set's
    memory, and the same order in every process.
    """

    __slots__ = ("members", "kinds", "founders", "redirects")

    def __init__(self) -> None:
        self.members: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.founders: dict[str, str] = {}
        self.redirects: dict[str, str] = {}

    def create(self, kind: str, founder_key: str) -> str:
        """A new empty entity founded by ``founder_key``; an id absorbed earlier is revived."""
        salt = 0
        eid = entity_id_for(kind, founder_key)
        while eid in self.members:
            salt += 1
            eid = entity_id_for(kind, founder_key, salt)
        self.redirects.pop(eid, None)
        self.members[eid] = []
        self.kinds[eid] = kind
        self.founders[eid] = founder_key
        return eid

    def drop(self, eid: str) -> list[str]:
        """Remove an entity (no redirect); returns its former members."""
        self.kinds.pop(eid, None)
        self.founders.pop(eid, None)
        return self.members.pop(eid, [])

    def survivor_of(self, a: str, b: str) -> tuple[str, str]:
        """(survivor, absorbed) of a merge: the larger entity survives, a tie goes to the smaller id."""
        sa, sb = len(self.members[a]), len(self.members[b])
        if sa > sb or (sa == sb and a < b):
            return a, b
        return b, a

    def absorb(self, survivor: str, absorbed: str) -> list[str]:
        """Move every member of ``absorbed`` into ``survivor`` and redirect the absorbed id."""
        moved = self.drop(absorbed)
        self.members[survivor] += moved
        self.redirects[absorbed] = survivor
        for old, target in list(self.redirects.items()):
            if target == absorbed:
                self.redirects[old] = survivor
        return moved

    def rename(self, old: str, new: str) -> None:
        """Give a just-created entity the id ``new`` (used to keep an id across re-resolution)."""
        members, kind, founder = self.members.pop(old), self.kinds.pop(old), self.founders.pop(old)
        self.redirects.pop(new, None)
        self.members[new], self.kinds[new], self.founders[new] = members, kind, founder

    def resolve_id(self, eid: str) -> str | None:
        """The live id an entity id now stands for (following redirects), or None."""
        seen = 0
        while eid not in self.members:
            nxt = self.redirects.get(eid)
            if nxt is None or seen > 64:
                return None
            eid, seen = nxt, seen + 1
        return eid
