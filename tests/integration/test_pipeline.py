"""The whole pipeline as real processes: agency events -> worker -> entities -> indexer -> Elasticsearch."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploy.lag import stage_lags
from deploy.processes import spawn, stop
from deploy.settings import Settings
from deploy.waiting import Timeout
from deploy.waiting import wait_until as deadline_wait
from producers.client import AgencyProducer
from producers.simulator.scenario import simulate_events
from streams.catchup import fold_log
from streams.observe import TopicReader
from streams.topology import ensure_topology, topology
from test_stream import three_agencies

from helpers import wait_until

pytestmark = pytest.mark.integration


def lagging(settings: Settings) -> list[Any]:
    """Partitions the worker or indexer group has not consumed and committed to the end."""
    rows = [row for stage in stage_lags(settings).values() for row in stage]
    return [row for row in rows if row.lag > 0 or (row.committed is None and row.end > 0)]


def caught_up(settings: Settings) -> bool:
    return not lagging(settings)


def es_documents(settings: Settings) -> dict[str, int]:
    """entity id -> version of every document searchable under the alias."""
    from consumers.elastic import make_client

    client = make_client(settings)
    alias = settings.elastic.entities_alias
    if not client.indices.exists_alias(name=alias):
        return {}
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, query={"match_all": {}}, version=True, size=10_000, _source=False)
    return {h["_id"]: int(h["_version"]) for h in hits["hits"]["hits"]}


def live_documents(settings: Settings) -> dict[str, dict[str, Any]]:
    with TopicReader(settings, topology(settings).entities) as reader:
        reader.poll(1_000_000, 2.0)
        return reader.documents()


@pytest.fixture
def processes(stack: Any, settings: Settings, tmp_path: Path) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    ensure_topology(settings)
    procs = {"worker": spawn(["worker"], settings, tmp_path / "worker.log"),
             "indexer": spawn(["indexer"], settings, tmp_path / "indexer.log")}
    yield procs
    for proc in procs.values():
        stop(proc)


def test_three_agencies_one_searchable_person(settings: Settings, processes: dict[str, Any]) -> None:
    from consumers.search import search_entities

    with AgencyProducer(settings) as producer:
        for event in three_agencies():
            producer.publish(event)
    docs = wait_until(lambda: [d for d in live_documents(settings).values() if len(d["agencies"]) == 3], 120,
                      "no fused entity on the entities topic")
    entity_id = docs[0]["entity_id"]
    wait_until(lambda: es_documents(settings) == {entity_id: docs[0]["version"]}, 60,
               "Elasticsearch does not hold exactly the fused entity")
    hits = search_entities(settings, "Marisol Tzib", kind="person")
    assert [hit["entity_id"] for hit in hits] == [entity_id]
    assert hits[0]["agencies"] == ["immigration", "police", "prosecutions"]

    with AgencyProducer(settings) as producer:  # the same events again: nothing may change
        for event in three_agencies():
            producer.publish(event)
    wait_until(lambda: caught_up(settings), 120, "worker and indexer did not consume the repeats")
    assert es_documents(settings) == {entity_id: docs[0]["version"]}
    assert live_documents(settings) == {entity_id: docs[0]}


def reference_partition(settings: Settings) -> set[frozenset[str]]:
    """The record groups of one uninterrupted fold of the records log the workers resolved."""
    return {frozenset(members) for part in fold_log(settings).values() for members in part.resolver.entities().values()}


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_restarting_the_worker_mid_stream_loses_nothing(settings: Settings, processes: dict[str, Any],
                                                         tmp_path: Path, how: signal.Signals) -> None:
    events = [sim.event for sim in simulate_events(600, seed=5)]
    first, second = events[:450], events[450:]
    with AgencyProducer(settings) as producer:
        for event in first:
            producer.publish(event)
    with TopicReader(settings, topology(settings).entities) as reader:
        wait_until(lambda: reader.poll() is not None and len(reader.messages) >= 40, 120, "the worker never started fusing")
    worker = processes["worker"]
    worker.send_signal(how)
    code = worker.wait(60)
    assert code == (0 if how == signal.SIGTERM else -signal.SIGKILL)  # SIGTERM: graceful shutdown, exit 0
    with AgencyProducer(settings) as producer:  # events that arrive while no worker runs
        for event in second:
            producer.publish(event)
    processes["worker"] = spawn(["worker"], settings, tmp_path / "worker-restarted.log")
    try:
        deadline_wait(lambda: caught_up(settings), 180, "pipeline did not catch up after the restart")
    except Timeout as exc:
        processes["worker"].send_signal(signal.SIGUSR1)  # mode dumps every task's stack into the worker's log
        pytest.fail(f"{exc}; lagging: {lagging(settings)}; see {tmp_path}", pytrace=False)

    live = live_documents(settings)
    fused = {frozenset(r["record_key"] for r in doc["records"]) for doc in live.values()}
    expected = reference_partition(settings)
    assert sum(len(group) for group in fused) == sum(len(group) for group in expected)  # no record lost or doubled
    assert fused == expected
    wait_until(lambda: es_documents(settings) == {k: d["version"] for k, d in live.items()}, 120,
               "Elasticsearch differs from the entities topic")
