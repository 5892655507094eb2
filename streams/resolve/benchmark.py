"""Benchmark the resolver on labelled records: quality per kind against ceilings, speed and memory."""

from __future__ import annotations

import gc
import random
import resource
import time
import tracemalloc
from collections.abc import Iterable, Mapping
from typing import Any

from streams.resolve.engine import Resolver
from streams.resolve.evaluate import ceiling, score_clustering
from streams.resolve.heap import long_lived
from streams.resolve.model import Model
from streams.resolve.records import KINDS, record_key


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_once(records: list[dict[str, Any]], truth: Mapping[str, str], model: Model | None = None) -> dict[str, Any]:
    """Resolve ``records`` in the given order; per-kind scores, ceilings, records/s and RSS growth."""
    rss_before = _peak_rss_mb()
    resolver = Resolver(model)
    with long_lived() as heap:  # as ``enlace resolve`` runs it
        started, cpu_started = time.perf_counter(), time.process_time()
        for record in records:
            resolver.add(record)
            heap.tick()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    out: dict[str, Any] = {
        "records": len(records), "seconds": round(seconds, 2),
        "records_per_second": round(len(records) / seconds if seconds else 0.0, 1),
        "records_per_cpu_second": round(len(records) / cpu if cpu else 0.0, 1),  # fair on a shared machine
        "comparisons": resolver.stats["comparisons"], "merges": resolver.stats["merges"],
        "entities": len(resolver.clusters.members), "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_growth_mb": round(_peak_rss_mb() - rss_before, 1), "kinds": {},
    }
    for kind in KINDS:
        subset = [r for r in records if r.get("kind") == kind]
        if not subset:
            continue
        kind_truth = {str(r["record_id"]): truth[str(r["record_id"])] for r in subset}
        predicted = {str(r["record_id"]): resolver.entity_of(record_key(str(r["source"]), str(r["record_id"]))) or ""
                     for r in subset}
        scores = score_clustering(predicted, kind_truth).as_dict()
        scores["ceiling_f1"] = round(ceiling(subset, kind_truth).f1, 4)
        out["kinds"][kind] = scores
    return out


def traced_state_mb(records: Iterable[Mapping[str, Any]], model: Model | None = None) -> float:
    """MB the process holds after resolving ``records`` that it did not hold before, as ``tracemalloc``
    counts it (everything still alive: the resolver and the normalizers' bounded caches).

    Slow (tracing doubles the run), but unlike peak RSS it does not depend on what the process
    freed before: compare two sizes to get the cost per record.
    """
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        resolver = Resolver(model)
        with long_lived() as heap:
            for record in records:
                resolver.add(record)
                heap.tick()
        gc.collect()
        return (tracemalloc.get_traced_memory()[0] - before) / 1e6
    finally:
        tracemalloc.stop()


def run_orders(records: list[dict[str, Any]], truth: Mapping[str, str], orders: int = 1, seed: int = 0,
               model: Model | None = None) -> list[dict[str, Any]]:
    """``run_once`` over the records as given and then ``orders - 1`` seeded shuffles of them."""
    results = [run_once(records, truth, model)]
    rng = random.Random(seed)
    for _ in range(orders - 1):
        shuffled = list(records)
        rng.shuffle(shuffled)
        results.append(run_once(shuffled, truth, model))
    return results


def febrl_records(rows: Iterable[tuple[str, Mapping[str, Any]]], source: str = "febrl") -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Canonical person records and truth from Febrl rows (``rec-<n>-org`` / ``rec-<n>-dup-<k>`` ids)."""
    records, truth = [], {}
    for rec_id, row in rows:
        def text(name: str) -> str | None:
            value = row.get(name)
            return None if value is None or value != value else str(value)  # NaN != NaN
        address = " ".join(x for x in (text("street_number"), text("address_1"), text("address_2"),
                                       text("suburb"), text("postcode"), text("state")) if x)
        ssn = text("soc_sec_id")
        records.append({
            "record_id": rec_id, "source": source, "kind": "person", "given_name": text("given_name"),
            "family_name": text("surname"), "date_of_birth": text("date_of_birth"),
            "id_numbers": [f"SSN {ssn}"] if ssn else [], "address": address or None,
        })
        truth[rec_id] = rec_id.split("-")[1]
    return records, truth
