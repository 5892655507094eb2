"""Crash safety: kill -9 the worker at random points while 20,000 events stream in; nothing lost or doubled."""

from __future__ import annotations

import random
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import KafkaException

from deploy.lag import stage_lags, total_lag
from deploy.processes import spawn, stop
from deploy.settings import Settings
from producers.publishing import simulate
from producers.simulator.scenario import simulate_events
from streams.catchup import end_offsets, fold_log
from streams.extract import records_from_event
from streams.observe import TopicReader
from streams.topology import RECORD_PARTITIONS, ensure_topology, topology

from helpers import held, wait_until, watermarks

pytestmark = pytest.mark.integration

EVENTS = 20_000
KILLS = 10


def expected_record_keys(events: int, seed: int) -> dict[str, str]:
    """Every record the published events hold (record key -> its ``agency:source_record_id``), newest version winning."""
    newest: dict[str, tuple[int, list[str]]] = {}
    for sim in simulate_events(events, seed):
        envelope = sim.event["envelope"]
        source = f"{envelope['agency']}:{envelope['source_record_id']}"
        version = int(envelope.get("source_version") or 1)
        keys = [f"{r['source']}/{r['record_id']}" for r in records_from_event(sim.event)]
        if source not in newest or version > newest[source][0]:
            newest[source] = (version, keys)
    return {key: source for source, (_, keys) in newest.items() for key in keys}


def where_lost(expected: dict[str, str], fused: set[str], logged: set[str]) -> str:
    """Which records are missing or invented, and whether the missing ones reached the records log."""
    missing, invented = set(expected) - fused, fused - set(expected)
    in_log = missing & logged
    sources = sorted({expected[key] for key in missing - in_log})
    return (f"{len(missing)} records lost, {len(invented)} invented {sorted(invented)[:5]}; "
            f"{len(in_log)} lost ones are in the records log (lost on the way to the entities topic) {sorted(in_log)[:5]}; "
            f"the others never reached it (lost in ingest), from {len(sources)} events {sources[:10]}")


def log_end(settings: Settings) -> int:
    """How many commands the records log holds (-1 while its partitions' leaders are not known yet)."""
    try:
        return sum(end_offsets(settings, topology(settings).records, RECORD_PARTITIONS))
    except KafkaException:
        return -1


def resolved_everything(settings: Settings) -> bool:
    stages = stage_lags(settings)
    rows = stages["ingest"] + stages["resolve"]
    return bool(rows) and total_lag(rows) == 0 and all(r.committed is not None or r.end == 0 for r in rows)


def test_kill_9_ten_times_while_20000_events_stream_in(settings: Settings, stack: Any, tmp_path: Path) -> None:
    settings = settings.model_copy(update={"stream": settings.stream.model_copy(update={"session_timeout": 6.0})})
    ensure_topology(settings)
    rng = random.Random(20)
    published: dict[str, Any] = {}
    publisher = threading.Thread(
        target=lambda: published.update(report=simulate(settings, events=EVENTS, rate=400.0, seed=7)), daemon=True)
    worker = spawn(["worker"], settings, tmp_path / "worker-0.log")
    publisher.start()
    try:
        for kill in range(1, KILLS + 1):
            # a random amount of progress, then kill -9: mid-batch, mid-catch-up, mid-snapshot alike
            now = wait_until(lambda: log_end(settings) + 1, 60, "records log unavailable") - 1
            target = now + rng.randint(50, 600)
            wait_until(lambda: log_end(settings) >= target or not publisher.is_alive(), 300,
                       f"no progress before kill {kill}")
            worker.send_signal(signal.SIGKILL)
            assert worker.wait(30) == -signal.SIGKILL
            worker = spawn(["worker"], settings, tmp_path / f"worker-{kill}.log")
        publisher.join(600)
        assert not publisher.is_alive() and published["report"].events == EVENTS
        assert not published["report"].delivery_failures
        marks = watermarks(settings, list(topology(settings).agency_topics))
        assert held(marks) == EVENTS, \
            f"acked events missing from Kafka: {marks}; delivered without an offset: {published['report'].unplaced}"
        wait_until(lambda: resolved_everything(settings), 600, f"the stream did not catch up; logs in {tmp_path}")
    finally:
        stop(worker)

    with TopicReader(settings, topology(settings).entities) as reader:
        empty = 0
        while empty < 2:  # two empty polls in a row: the topic is read to its end
            empty = 0 if reader.poll(100_000, 3.0) else empty + 1
        live = reader.documents()
    groups = [frozenset(r["record_key"] for r in doc["records"]) for doc in live.values()]
    fused = [key for group in groups for key in group]
    assert len(fused) == len(set(fused)), "a record sits in two live entities (a duplicated entity)"
    folded = fold_log(settings)
    expected = expected_record_keys(EVENTS, 7)
    logged = {key for part in folded.values() for key in part.resolver.entries}
    assert set(fused) == set(expected), where_lost(expected, set(fused), logged)
    uninterrupted = {frozenset(members) for part in folded.values() for members in part.resolver.entities().values()}
    assert set(groups) == uninterrupted
