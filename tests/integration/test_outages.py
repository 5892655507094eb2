"""Issue 6 acceptance: outages while events flow, on a private stack (its own home, ports and two JVMs).

Elasticsearch stopped for 60 s, and the Kafka broker stopped with SIGTERM and restarted on its data
after ~20 s, while simulated events are published at a steady rate: the worker and the indexer stay
up and reconnect by themselves, the publisher loses nothing, the indexer's readiness and bulk
failure/retry counters show the outage, and afterwards every stage's lag returns to 0 and every
published record is in the index exactly once. The shared stack on 9092/9200 is never touched.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import delete_indices, delete_kafka_state, free_port, isolated_settings
from deploy import stack as local_stack
from deploy.commands.lag import Unavailable, read
from deploy.lag import LagUnavailable, stage_lags
from deploy.processes import spawn, stop
from deploy.settings import Settings
from producers.publishing import SimulationReport, simulate
from streams.topology import ensure_topology
from test_crash import expected_record_keys
from test_lag_check import complete, indexed_record_keys
from test_metrics_scrape import get, scrape, total
from test_stack import own_stack_settings

from helpers import wait_until

pytestmark = pytest.mark.integration

RATE = 20.0
"""Events per second the publisher sends, before, during and after each outage."""
ELASTIC_OUTAGE = 60.0
KAFKA_OUTAGE = 20.0


@pytest.fixture(scope="module")
def private_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Kafka and Elasticsearch of this module alone (free ports, 512m heaps, the main stack's jars), always torn down."""
    own = own_stack_settings(tmp_path_factory.mktemp("outages") / "stack", Settings())
    own = own.model_copy(update={"stack": own.stack.model_copy(update={"kafka_heap": "512m", "elastic_heap": "512m"})})
    own = own.model_copy(update={
        "kafka": own.kafka.model_copy(update={"bootstrap_servers": f"127.0.0.1:{own.stack.kafka_port}"}),
        "elastic": own.elastic.model_copy(update={"url": f"http://127.0.0.1:{own.stack.elastic_port}"}),
    })
    try:
        local_stack.up(own)
        yield own
    finally:
        local_stack.down(own)


@pytest.fixture
def outage_settings(private_stack: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Per-test names on the private stack (as the ``settings`` fixture), an indexer metrics port, lag read every 1 s."""
    local_stack.up(private_stack)  # an earlier test that failed mid-outage may have left a service stopped
    tag = f"o{uuid.uuid4().hex[:8]}"
    settings = isolated_settings(private_stack, tag, tmp_path / "worker")
    settings = settings.model_copy(update={
        "indexer": settings.indexer.model_copy(update={"metrics_port": free_port(), "lag_interval": 1.0})})
    yield settings
    local_stack.up(private_stack)
    delete_kafka_state(settings, tag)
    delete_indices(settings, tag)


class Publisher(threading.Thread):
    """``producers.publishing.simulate`` at a steady rate in a thread, counting what it handed to the producer."""

    def __init__(self, settings: Settings, events: int, seed: int) -> None:
        super().__init__(name="publisher", daemon=True)
        self.settings, self.events, self.seed = settings, events, seed
        self.sent = 0
        self.report: SimulationReport | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.report = simulate(self.settings, events=self.events, rate=RATE, seed=self.seed,
                                   on_progress=self._count, flush_timeout=300.0)
        except BaseException as exc:  # noqa: BLE001 - reported by the test, not lost in the thread
            self.error = exc

    def _count(self, n: int) -> None:
        self.sent += n


@dataclass(frozen=True, slots=True)
class Observation:
    """One look at the pipeline during an outage."""

    second: float
    sent: int
    indexer_ready: int
    """HTTP status of the indexer's /health/ready (0: no answer)."""
    worker_ready: int
    failures: float
    """``enlace_elastic_bulk_failures_total{reason="unavailable"}``."""
    retries: float
    """``enlace_elastic_bulk_retries_total{what="batch"}``."""
    indexed: float
    """``enlace_indexer_messages_total``: entity messages in batches Elasticsearch acknowledged."""
    gauges: tuple[float, float, float]
    """The indexer's ``enlace_ready``, ``enlace_dependency_up`` of Kafka and of Elasticsearch."""
    processes_up: bool


def observe(settings: Settings, publisher: Publisher, processes: dict[str, Any], since: float) -> Observation:
    samples = scrape(settings.indexer.metrics_port)
    return Observation(
        second=round(time.monotonic() - since, 1), sent=publisher.sent,
        indexer_ready=get(f"http://127.0.0.1:{settings.indexer.metrics_port}/health/ready")[0],
        worker_ready=get(f"http://127.0.0.1:{settings.stream.web_port}/health/ready")[0],
        failures=total(samples, "enlace_elastic_bulk_failures_total", reason="unavailable"),
        retries=total(samples, "enlace_elastic_bulk_retries_total", what="batch"),
        indexed=total(samples, "enlace_indexer_messages_total"),
        gauges=(total(samples, "enlace_ready", component="indexer"),
                total(samples, "enlace_dependency_up", component="indexer", dependency="kafka"),
                total(samples, "enlace_dependency_up", component="indexer", dependency="elasticsearch")),
        processes_up=all(proc.poll() is None for proc in processes.values()),
    )


def observe_for(seconds: float, look: Callable[[], Observation]) -> list[Observation]:
    """The outage itself: a deadline loop looking at the pipeline about once a second while the publisher publishes."""
    end = time.monotonic() + seconds
    seen: list[Observation] = []

    def over() -> bool:
        seen.append(look())
        return time.monotonic() >= end

    wait_until(over, seconds + 60, "the outage window did not end", interval=1.0)
    return seen


def lag_reading(settings: Settings) -> dict[str, Any] | None:
    """What ``enlace lag --json`` prints (the same function), or None while Kafka can't tell."""
    try:
        return read(settings)
    except Unavailable:
        return None


def settled(settings: Settings) -> dict[str, Any] | None:
    """The lag reading once every stage reads 0 (and each stage's input topics exist)."""
    reading = lag_reading(settings)
    if reading is None or not all(stage["topics"] and stage["lag"] == 0 for stage in reading["stages"]
                                  if stage["stage"] != "judgements"):
        return None
    return reading if reading["pipeline_lag"] == 0 else None


def index_lag(settings: Settings) -> int:
    reading = lag_reading(settings)
    return next(stage["lag"] for stage in reading["stages"] if stage["stage"] == "index") if reading else -1


Marks = dict[tuple[str, str, int], int]
"""(stage, topic, partition) -> an offset."""


def offsets(settings: Settings, which: str) -> Marks:
    """Every stage's ``end`` or ``committed`` offset per partition (never committed: 0); empty while Kafka can't tell."""
    from confluent_kafka import KafkaException

    try:
        stages = stage_lags(settings)
    except (LagUnavailable, KafkaException):
        return {}
    return {(stage, row.topic, row.partition): getattr(row, which) or 0 for stage, rows in stages.items() for row in rows}


def drained(settings: Settings, marks: Marks) -> bool:
    """Every stage has processed (committed) what its input topics held when ``marks`` were read."""
    committed = offsets(settings, "committed")
    return bool(committed) and all(committed.get(key, 0) >= end for key, end in marks.items())


@pytest.fixture
def pipeline(outage_settings: Settings, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A real worker and indexer on the private stack, ready before the test starts publishing."""
    settings = outage_settings
    ensure_topology(settings)
    procs = {name: spawn([name], settings, tmp_path / f"{name}.log") for name in ("worker", "indexer")}
    try:
        for name, port in (("worker", settings.stream.web_port), ("indexer", settings.indexer.metrics_port)):
            wait_until(lambda: get(f"http://127.0.0.1:{port}/health/ready")[0] == 200, 180,
                       f"the {name} never became ready; see {tmp_path}", interval=0.5)
        yield procs
    finally:
        for proc in procs.values():
            stop(proc)


def up(processes: dict[str, Any], tmp_path: Path, condition: Callable[[], Any]) -> Callable[[], Any]:
    """``condition``, failing the test at once when the worker or the indexer exited (instead of at the deadline)."""
    def check() -> Any:
        exited = {name: proc.returncode for name, proc in processes.items() if proc.poll() is not None}
        if exited:
            pytest.fail(f"exited (exit codes {exited}); see the logs in {tmp_path}", pytrace=False)
        return condition()

    return check


def finish(settings: Settings, publisher: Publisher, events: int, seed: int, processes: dict[str, Any],
           tmp_path: Path) -> tuple[float, Counter[str]]:
    """Wait for the publisher, then for lag 0 on every stage and every record indexed; (seconds after the
    publisher's last delivery, record key -> entities holding it)."""
    publisher.join(600)
    assert not publisher.is_alive() and publisher.error is None, publisher.error
    assert publisher.report is not None and publisher.report.events == events
    assert publisher.report.delivery_failures == []  # the producer retried through the outage: every event acked
    published = time.monotonic()
    expected = set(expected_record_keys(events, seed))
    wait_until(up(processes, tmp_path, lambda: settled(settings)), 600, f"the pipeline did not catch up; see {tmp_path}",
               interval=1.0)
    indexed = wait_until(up(processes, tmp_path, lambda: complete(indexed_record_keys(settings), expected)), 120,
                         f"not every published record was indexed; see {tmp_path}", interval=1.0)
    seconds = time.monotonic() - published
    wait_until(lambda: settled(settings), 120, "lag did not settle at 0")  # whatever the last records set off
    assert all(proc.poll() is None for proc in processes.values()), f"a process exited; see {tmp_path}"
    assert set(indexed) == expected  # every published record, nothing else
    assert max(indexed.values()) == 1, [key for key, n in indexed.items() if n > 1][:5]  # each in exactly one entity
    return seconds, indexed


def ready_again(processes: dict[str, Any], port: int, name: str, timeout: float, tmp_path: Path) -> None:
    wait_until(up(processes, tmp_path, lambda: get(f"http://127.0.0.1:{port}/health/ready")[0] == 200), timeout,
               f"the {name} did not become ready again; see {tmp_path}", interval=0.5)


def test_elasticsearch_down_60_s_while_events_flow(outage_settings: Settings, pipeline: dict[str, Any],
                                                   tmp_path: Path) -> None:
    settings, events, seed = outage_settings, int(RATE * 120), 61
    publisher = Publisher(settings, events, seed)
    publisher.start()
    wait_until(lambda: len(indexed_record_keys(settings)) >= 20, 120, f"nothing was indexed; see {tmp_path}", 1.0)
    before = observe(settings, publisher, pipeline, time.monotonic())

    stopping = time.monotonic()
    down = local_stack.stop_service(settings, "elastic")
    assert not down.answering and local_stack.status(settings).service("kafka").answering
    stopped = time.monotonic()
    seen = observe_for(ELASTIC_OUTAGE, lambda: observe(settings, publisher, pipeline, stopped))
    waiting = index_lag(settings)  # the worker fused on; the indexer holds it all back, nothing committed
    starting = time.monotonic()
    local_stack.start_service(settings, "elastic")
    back = time.monotonic()
    marks = wait_until(lambda: offsets(settings, "end"), 60, "Kafka did not report offsets")
    wait_until(up(pipeline, tmp_path, lambda: observe(settings, publisher, pipeline, back).indexed > seen[-1].indexed),
               120, "the indexer did not index again", interval=0.2)
    resumed = time.monotonic() - back
    ready_again(pipeline, settings.indexer.metrics_port, "indexer", 120, tmp_path)
    ready = time.monotonic() - back
    wait_until(up(pipeline, tmp_path, lambda: drained(settings, marks)), 300,
               f"the backlog was not indexed; see {tmp_path}", interval=0.5)
    backlog = time.monotonic() - back
    caught_up, indexed = finish(settings, publisher, events, seed, pipeline, tmp_path)
    after = observe(settings, publisher, pipeline, stopped)

    last = seen[-1]
    assert all(o.processes_up for o in seen), f"a process exited during the outage; see {tmp_path}"
    assert last.sent - seen[0].sent >= RATE * ELASTIC_OUTAGE * 0.6, "events did not keep flowing during the outage"
    assert waiting > 0
    assert (before.indexer_ready, last.indexer_ready, after.indexer_ready) == (200, 503, 200)
    assert (before.gauges, last.gauges, after.gauges) == ((1, 1, 1), (0, 1, 0), (1, 1, 1))  # ready, kafka, elastic
    assert all(o.worker_ready == 200 for o in seen)  # a worker does not use Elasticsearch: it stays ready
    assert seen[0].indexed == last.indexed < after.indexed  # nothing acknowledged while it was down, all of it after
    assert last.failures > before.failures and last.retries > before.retries  # the metrics show the outage
    print(f"\nElasticsearch outage: stopped in {stopped - stopping:.1f} s, down {starting - stopped:.1f} s while "
          f"{last.sent - seen[0].sent} events were published ({waiting} entity messages waited), started in "
          f"{back - starting:.1f} s; indexer ready {ready:.1f} s, indexing again {resumed:.1f} s and backlog indexed "
          f"{backlog:.1f} s after it answered; {after.failures - before.failures:.0f} failed bulk rounds (unavailable), "
          f"{after.retries - before.retries:.0f} batch retries; lag 0 with all {len(indexed)} records indexed once "
          f"{caught_up:.1f} s after the publisher's last event")


def test_kafka_broker_restarted_mid_stream(outage_settings: Settings, pipeline: dict[str, Any],
                                           tmp_path: Path) -> None:
    settings, events, seed = outage_settings, int(RATE * 90), 62
    publisher = Publisher(settings, events, seed)
    publisher.start()
    wait_until(lambda: len(indexed_record_keys(settings)) >= 20, 120, f"nothing was indexed; see {tmp_path}", 1.0)
    before = observe(settings, publisher, pipeline, time.monotonic())

    stopping = time.monotonic()
    down = local_stack.stop_service(settings, "kafka")  # SIGTERM: a controlled shutdown, data kept
    assert not down.answering and local_stack.status(settings).service("elastic").answering
    stopped = time.monotonic()
    seen = observe_for(KAFKA_OUTAGE, lambda: observe(settings, publisher, pipeline, stopped))
    starting = time.monotonic()
    local_stack.start_service(settings, "kafka")  # on the same data dir: every acknowledged message is still there
    back = time.monotonic()
    ready_again(pipeline, settings.indexer.metrics_port, "indexer", 180, tmp_path)
    ready_again(pipeline, settings.stream.web_port, "worker", 180, tmp_path)
    ready = time.monotonic() - back
    marks = wait_until(lambda: offsets(settings, "end"), 60, "Kafka did not report offsets")
    wait_until(up(pipeline, tmp_path, lambda: drained(settings, marks)), 300,
               f"the backlog was not processed; see {tmp_path}", interval=0.5)
    backlog = time.monotonic() - back
    caught_up, indexed = finish(settings, publisher, events, seed, pipeline, tmp_path)
    after = observe(settings, publisher, pipeline, stopped)

    last = seen[-1]
    assert all(o.processes_up for o in seen), f"a process exited during the outage; see {tmp_path}"
    assert last.sent - seen[0].sent >= RATE * KAFKA_OUTAGE * 0.6, "the publisher stopped during the outage"
    assert (before.indexer_ready, last.indexer_ready, after.indexer_ready) == (200, 503, 200)
    assert (before.worker_ready, last.worker_ready, after.worker_ready) == (200, 503, 200)
    assert (before.gauges, last.gauges, after.gauges) == ((1, 1, 1), (0, 0, 1), (1, 1, 1))  # ready, kafka, elastic
    print(f"\nKafka broker restart: stopped (SIGTERM) in {stopped - stopping:.1f} s, down {starting - stopped:.1f} s "
          f"while {last.sent - seen[0].sent} events were published, started in {back - starting:.1f} s; worker and "
          f"indexer ready {ready:.1f} s and every stage past the backlog {backlog:.1f} s after it answered; lag 0 "
          f"with all {len(indexed)} records indexed once {caught_up:.1f} s after the publisher's last event")
