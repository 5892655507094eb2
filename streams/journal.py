"""Crash-safe fusion: each change is journaled before it is applied, so a re-read message re-emits it.

All fusion state lives in ONE single-partition table (logical maps by key prefix), so
its changelog is totally ordered: if the journal entry for a message survived a crash,
every write before it did too. Processing a message:

1. journal ``j:last`` holds this message's offset -> a replay after a crash: re-apply the
   journaled writes (idempotent) and re-emit the same documents (same versions);
2. otherwise compute the change over an ``Overlay``, write the journal entry, apply the
   writes, emit. A crash before the journal reached Kafka loses the whole change, and
   the re-read message recomputes it identically.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from streams.fusion import FusionState, Linker
from streams.state import Overlay, Prefixed, apply_writes

JOURNAL_KEY = "j:last"


def fusion_state(table: MutableMapping[str, Any]) -> FusionState:
    """The linker's four maps as prefixed views of one table."""
    return FusionState(Prefixed(table, "r:"), Prefixed(table, "i:"), Prefixed(table, "e:"), Prefixed(table, "n:"))


@dataclass(slots=True)
class Emission:
    """What to send: entity documents (None = tombstone) and redirects, keyed by entity id."""

    entities: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)
    redirects: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    replay: bool = False

    def __len__(self) -> int:
        return len(self.entities) + len(self.redirects)


class FusionStep:
    """Apply one fusion-topic message to the state table; returns what to emit."""

    def __init__(self, table: MutableMapping[str, Any]) -> None:
        self.table = table

    def process(self, message: dict[str, Any], offset: int) -> Emission:
        journal = self.table.get(JOURNAL_KEY)
        if journal and journal["offset"] == offset:
            apply_writes(self.table, journal["writes"])
            return self._emission(Linker(fusion_state(self.table)), journal, replay=True)
        overlay = Overlay(self.table)
        linker = Linker(fusion_state(overlay))
        changes = linker.add(message.get("records") or [])
        if not changes:
            return Emission()
        journal = {
            "offset": offset,
            "writes": overlay.pending(),
            "updated": changes.updated,
            "absorbed": changes.absorbed,
            "trigger_produced_at_ms": message.get("trigger_produced_at_ms"),
        }
        self.table[JOURNAL_KEY] = journal
        overlay.commit()
        return self._emission(Linker(fusion_state(self.table)), journal, replay=False)

    @staticmethod
    def _emission(linker: Linker, journal: dict[str, Any], replay: bool) -> Emission:
        trigger = journal.get("trigger_produced_at_ms")
        emission = Emission(replay=replay)
        emission.entities = [(e, linker.document(e, trigger)) for e in journal["updated"]]
        for gone, survivor in sorted(journal["absorbed"].items()):
            emission.entities.append((gone, None))
            version = linker.state.entities[gone]["version"]
            emission.redirects.append((gone, {"survivor": survivor, "version": version}))
        return emission
