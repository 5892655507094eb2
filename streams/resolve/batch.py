"""Batch resolution of a JSON-lines file of canonical records (what ``enlace resolve`` runs)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from streams.resolve.engine import Resolver
from streams.resolve.heap import long_lived
from streams.resolve.model import Model
from streams.resolve.records import LineError, Record, read_jsonl


@dataclass(slots=True)
class Summary:
    """What a batch run did: records resolved, lines skipped, entities, merges, throughput."""

    records: int = 0
    entities: int = 0
    merges: int = 0
    seconds: float = 0.0
    errors: list[LineError] = field(default_factory=list)

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"records": self.records, "skipped": len(self.errors), "entities": self.entities,
                "merges": self.merges, "seconds": round(self.seconds, 3),
                "records_per_second": round(self.records_per_second, 1)}


def resolve_jsonl(
    path: str | Path,
    out: TextIO,
    *,
    explain: bool = False,
    model: Model | None = None,
    on_record: Callable[[int], None] | None = None,
    on_error: Callable[[LineError], None] | None = None,
) -> Summary:
    """Resolve the records of ``path`` in file order; write one ``{"record_id", "source", "entity_id"}`` line each.

    Entity ids are the final ones (after later merges). With ``explain`` each line also carries
    the decision's evidence. A malformed line is reported through ``on_error`` and skipped.
    """
    resolver = Resolver(model)
    summary = Summary()
    order: list[Record] = []
    started = time.perf_counter()
    with long_lived() as heap:
        for item in read_jsonl(path):
            if isinstance(item, LineError):
                summary.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            resolver.add(item)
            heap.tick()
            order.append(item)
            if on_record:
                on_record(len(order))
    summary.seconds = time.perf_counter() - started
    summary.records = len(order)
    summary.entities = len(resolver.clusters.members)
    summary.merges = resolver.stats["merges"]
    for record in order:
        line: dict[str, Any] = {"record_id": record.record_id, "source": record.source,
                                "entity_id": resolver.entity_of(record.key)}
        if explain:
            line["explain"] = resolver.explain(record.key)
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return summary
