"""Issue 6 acceptance: ``enlace lag`` as a monitoring check against the real stack.

The worker stops, 5,000 events arrive, ``enlace lag`` reports them 5,000 behind on ingest and the
``--max-lag`` check fails; the worker restarts, the lag returns to 0, the check passes, and every
published record is searchable exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from deploy.commands.lag import Unavailable, read
from deploy.processes import enlace_executable, spawn, stop
from deploy.settings import Settings, settings_env
from producers.publishing import agency_of, publish_file
from producers.simulator.dataset import generate_dataset
from streams.topology import ensure_topology
from test_stream import publish, three_agencies

from helpers import wait_until

pytestmark = pytest.mark.integration

EVENTS = 5000


def enlace(settings: Settings, *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """Run the real ``enlace`` command configured by ``settings`` (as an operator or a monitoring system would)."""
    return subprocess.run([enlace_executable(), *args], env={**os.environ, **settings_env(settings), "COLUMNS": "200"},
                          capture_output=True, text=True, timeout=timeout, check=False)


def indexed_record_keys(settings: Settings) -> Counter[str]:
    """How many searchable entities hold each record key (1 for every record when all is well)."""
    from elasticsearch.helpers import scan

    from consumers.elastic import make_client

    client = make_client(settings)
    alias = settings.elastic.entities_alias
    if not client.indices.exists_alias(name=alias):
        return Counter()
    client.indices.refresh(index=alias)
    return Counter(record["record_key"]
                   for hit in scan(client, index=alias, query={"query": {"match_all": {}}}, _source=["records.record_key"])
                   for record in hit["_source"].get("records", []))


def complete(keys: Counter[str], expected: set[str]) -> Counter[str]:
    """``keys`` once they include every ``expected`` record key; empty (falsy) until then."""
    return keys if set(keys) >= expected else Counter()


def pipeline_lag(settings: Settings) -> int | None:
    """What ``enlace lag`` reads (the same function), or None while Kafka can't tell."""
    try:
        return read(settings)["pipeline_lag"]  # type: ignore[no-any-return]
    except Unavailable:
        return None


def test_lag_check_fails_while_the_worker_is_down_and_passes_after_it_caught_up(settings: Settings,
                                                                                 tmp_path: Path) -> None:
    ensure_topology(settings)
    warmup = three_agencies()
    dataset = generate_dataset(EVENTS, seed=6)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dataset.records), encoding="utf-8")
    expected = {f"{r['source']}/{r['record_id']}" for r in dataset.records}
    expected |= {f"{e['envelope']['agency']}/{e['payload']['persons'][0]['record_id']}" for e in warmup}
    per_feed = Counter(agency_of(r, None) for r in dataset.records)

    worker = spawn(["worker"], settings, tmp_path / "worker.log")
    indexer = spawn(["indexer"], settings, tmp_path / "indexer.log")
    try:
        publish(settings, warmup)
        wait_until(lambda: len(indexed_record_keys(settings)) == 3 and pipeline_lag(settings) == 0, 120,
                   f"the warm-up events were not indexed; see {tmp_path}", interval=0.5)
        assert stop(worker) == 0  # SIGTERM: a graceful stop commits what it processed

        report = publish_file(settings, path)
        assert report.ok and report.events == EVENTS and not report.rejected, report
        behind = enlace(settings, "lag", "--json", "--max-lag", "100")
        assert behind.returncode == 2, behind.stderr
        reading = json.loads(behind.stdout)
        stages = {s["stage"]: s for s in reading["stages"]}
        assert reading["pipeline_lag"] == EVENTS
        assert (stages["ingest"]["lag"], stages["resolve"]["lag"], stages["index"]["lag"]) == (EVENTS, 0, 0)
        assert {f["agency"]: f["lag"] for f in reading["feeds"] if f["lag"]} == dict(per_feed)
        assert sum(p["lag"] for p in reading["partitions"] if p["stage"] == "ingest") == EVENTS
        assert all(p["seconds"] is not None and p["seconds"] > 0 for p in reading["partitions"] if p["lag"])
        assert reading["check"] == {"ok": False, "max_lag": 100, "max_seconds": None,
                                    "reason": f"pipeline lag {EVENTS:,} > --max-lag 100 (ingest {EVENTS:,})"}
        assert behind.stderr == f"lag check failed: pipeline lag {EVENTS:,} > --max-lag 100 (ingest {EVENTS:,})\n"
        old = enlace(settings, "lag", "--max-seconds", "0")  # the backlog has some age: fails on age alone
        assert old.returncode == 2 and old.stderr.startswith("lag check failed: oldest unprocessed message is ")
        table = enlace(settings, "lag", "--partitions")
        assert table.returncode == 0 and f"pipeline lag: {EVENTS:,} (oldest unprocessed message" in table.stdout

        restarted = time.monotonic()
        worker = spawn(["worker"], settings, tmp_path / "worker-restarted.log")
        wait_until(lambda: pipeline_lag(settings) == 0, 600, f"the pipeline did not catch up; see {tmp_path}", 1.0)
        caught_up = time.monotonic() - restarted
        indexed = wait_until(lambda: complete(indexed_record_keys(settings), expected), 120,
                             "not every published record became searchable", 1.0)
        # whatever the last records set off is consumed too: the check must pass on a settled pipeline
        wait_until(lambda: pipeline_lag(settings) == 0, 120, "lag did not settle at 0")
        ok = enlace(settings, "lag", "--json", "--max-lag", "0", "--max-seconds", "60")
        assert worker.poll() is None and indexer.poll() is None, f"a process exited; see {tmp_path}"
    finally:
        stop(worker)
        stop(indexer)
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""
    settled = json.loads(ok.stdout)
    assert (settled["pipeline_lag"], settled["oldest_seconds"], settled["check"]["ok"]) == (0, 0.0, True)
    assert set(indexed) == expected  # every published record, nothing else
    assert max(indexed.values()) == 1, [k for k, n in indexed.items() if n > 1][:5]  # each in exactly one entity
    print(f"\nlag check: {EVENTS} events caught up {caught_up:.1f} s after the worker restarted; "
          f"{len(indexed)} records searchable")
