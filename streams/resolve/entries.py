"""A record as the resolver holds it: packed, normalized once, placed, and explained."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streams.resolve.explain import Decision
from streams.resolve.features import Features, PersonFeatures
from streams.resolve.records import Record, parse_record, unpack, unpacked_json


@dataclass(slots=True, eq=False)
class Entry:
    """A record held by the resolver: the record packed (``records.pack``), its features, arrival order, entity.

    Compared and hashed by identity: the block index holds entries themselves, so a lookup needs
    no trip through the record-key dictionary.
    """

    key: str
    kind: str
    packed: str
    features: Features
    seq: int
    entity: str | None = None
    decision: Decision | None = None  # why the record is where it is

    @property
    def raw(self) -> str:
        """The record as ``record_json`` writes it (rebuilt on each call: compare, do not test identity)."""
        return unpacked_json(self.packed, self.key, self.kind)

    @property
    def data(self) -> dict[str, Any]:
        """The record as a plain dict (its fields and links)."""
        return unpack(self.packed, self.key, self.kind)

    @property
    def record(self) -> Record:
        """The record, parsed back."""
        return parse_record(self.data)


def entry_entity(entry: Entry) -> str | None:
    """The entity an entry is in (the block index's per-entity key)."""
    return entry.entity


def share_document(f: Features, members: list[Entry]) -> bool:
    """Whether a person record carries a document number one of ``members`` carries too."""
    if not isinstance(f, PersonFeatures) or not f.docs:
        return False
    numbers = {d.number for d in f.docs}
    for member in members:
        other = member.features
        if isinstance(other, PersonFeatures) and any(d.number in numbers for d in other.docs):
            return True
    return False
