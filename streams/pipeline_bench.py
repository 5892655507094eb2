"""``enlace bench pipeline``: worker(s) + indexer as real processes, simulated events, measured figures.

Phases, on fresh topic/index prefixes: warm-up (first events reach Elasticsearch), throughput
(N events published at once; time until every consumer group has no lag), latency (events
published one by one; each one's produce time -> first search that returns every entity
version it triggered), then peak RSS (``VmHWM``) of each child process.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deploy.settings import Settings

Progress = Callable[[str], None]


@dataclass(slots=True)
class PipelineFigures:
    events: int
    workers: int
    seconds: float
    events_per_s: float
    latency_ms: dict[str, float] = field(default_factory=dict)
    latency_samples: int = 0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    entities: int = 0
    dead_letters: int = 0
    stage_s: dict[str, float] = field(default_factory=dict)
    """Throughput phase, seconds from the first publish until: all published (``publish``), the worker group's
    committed offsets caught up on the agency topics (``ingest``) and on the records log (``resolve``), and the
    indexer's on the entities topic (``index``)."""
    cpu_s: dict[str, float] = field(default_factory=dict)
    """Throughput phase, CPU seconds (user + system) of each process: worker(s), indexer, Kafka, Elasticsearch and
    this benchmark (the publisher)."""
    work: dict[str, float] = field(default_factory=dict)
    """Throughput phase, what the pipeline wrote per event published: messages on each topic the worker(s) write,
    the member records carried by the entity documents, and Elasticsearch index operations. Counts, so unlike
    the timings they do not change when other work shares the machine: they tell a real saving from noise."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_settings(base: Settings, workdir: Path) -> Settings:
    """``base`` with unique topic/index prefixes, app id (prefixed, so its changelogs share the prefix) and data dir."""
    tag = f"bench{uuid.uuid4().hex[:8]}"
    return base.model_copy(update={
        "kafka": base.kafka.model_copy(update={"topic_prefix": f"{tag}."}),
        "elastic": base.elastic.model_copy(update={"index_prefix": tag}),
        "stream": base.stream.model_copy(update={"app_id": f"{tag}.fusion", "data_dir": workdir / "worker", "web_port": free_port()}),
    })


def worker_settings(settings: Settings, n: int) -> Settings:
    if n == 0:
        return settings
    stream = settings.stream.model_copy(update={"web_port": free_port(), "data_dir": settings.stream.data_dir.with_name(f"worker{n}")})
    return settings.model_copy(update={"stream": stream})


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (``VmHWM``) of a live process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a live process used so far, in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stack_pids(settings: Settings) -> dict[str, int]:
    from deploy import stack

    try:
        return {s.name: s.pid for s in stack.status(settings).services if s.pid}
    except Exception:  # noqa: BLE001 - a remote cluster or no local stack: its CPU is not on this machine's books
        return {}


def _written_topics(settings: Settings) -> dict[str, tuple[str, int]]:
    """The topics the worker(s) write, by what their messages are, with their partition counts."""
    from streams.topology import DEDUPE_TABLE, RECORD_PARTITIONS, SNAPSHOT_TABLE, topology

    t = topology(settings)
    return {"records-log commands": (t.records, RECORD_PARTITIONS), "entity documents": (t.entities, t.partitions),
            "redirects": (t.redirects, t.partitions), "dedupe changelog": (t.changelog(DEDUPE_TABLE), t.partitions),
            "snapshot changelog": (t.changelog(SNAPSHOT_TABLE), RECORD_PARTITIONS)}


def _end_offsets(settings: Settings, written: dict[str, tuple[str, int]]) -> dict[tuple[str, int], int]:
    from streams.catchup import end_offsets

    return {(topic, p): end for topic, n in written.values() for p, end in enumerate(end_offsets(settings, topic, n))}


def _index_operations(settings: Settings) -> int:
    """Index operations Elasticsearch did on this run's indices so far (an entity document counts once)."""
    from consumers.elastic import make_client

    stats = make_client(settings).indices.stats(index=f"{settings.elastic.index_prefix}-*", metric="indexing")
    return int(stats["_all"]["primaries"].get("indexing", {}).get("index_total", 0))


def work_per_event(events: int, before: dict[tuple[str, int], int], after: dict[tuple[str, int], int],
                   topics: dict[str, str], extra: dict[str, int]) -> dict[str, float]:
    """Messages written to each of ``topics`` between two sets of end offsets, and the ``extra`` counts, per event."""
    written = {label: sum(end - before.get(tp, 0) for tp, end in after.items() if tp[0] == topic)
               for label, topic in topics.items()}
    return {label: round(count / events, 3) for label, count in {**written, **extra}.items()}


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    if len(values) == 1:
        return {"p50": values[0], "p95": values[0], "p99": values[0]}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def _events(total: int, seed: int) -> Iterator[dict[str, Any]]:
    from producers.simulator.scenario import simulate_events

    for sim in simulate_events(total, seed=seed):
        yield sim.event


def _wait(condition: Callable[[], Any], timeout: float, message: str, interval: float = 0.2) -> Any:
    from deploy.waiting import wait_until

    return wait_until(condition, timeout, message, interval=interval)


def _stage_lags(settings: Settings) -> dict[str, int]:
    """Committed-offset lag per stage: ingest (agency topics), resolve (records log), index (entities topic)."""
    from deploy.lag import stage_lags, total_lag

    return {stage: total_lag(rows) for stage, rows in stage_lags(settings).items() if stage != "judgements"}


def _lag(settings: Settings) -> int:
    return sum(_stage_lags(settings).values())


def _wait_stages(settings: Settings, start: float, timeout: float) -> dict[str, float]:
    """Wait until every stage has no lag; seconds since ``start`` at which each stage (and those before it) caught up."""
    caught_up: dict[str, float] = {}

    def done() -> bool:
        lags = _stage_lags(settings)
        now = time.monotonic() - start
        upstream_done = True
        for stage, lag in lags.items():
            upstream_done = upstream_done and lag == 0
            if upstream_done:
                caught_up.setdefault(stage, now)
        return upstream_done

    # every reading asks Kafka for ~50 partitions' offsets of 3 groups: twice a second keeps that off the figures
    _wait(done, timeout, "pipeline did not catch up", interval=0.5)
    return caught_up


class _Searchable:
    """Which (entity id, version) pairs a search already returns."""

    def __init__(self, settings: Settings) -> None:
        from consumers.elastic import make_client

        self.client = make_client(settings)
        self.alias = settings.elastic.entities_alias

    def versions(self, ids: list[str]) -> dict[str, int]:
        from elasticsearch import TransportError

        if not ids or not self.client.indices.exists_alias(name=self.alias):
            return {}
        try:
            response = self.client.search(index=self.alias, query={"ids": {"values": ids}}, version=True,
                                          size=len(ids), _source=False)
        except TransportError as exc:
            if exc.status_code == 503:  # a just-created index whose shards are not active yet: nothing visible
                return {}
            raise
        hits = response["hits"]["hits"]
        return {h["_id"]: int(h.get("_version", 0)) for h in hits}

    def count(self) -> int:
        """Documents searchable now (0 while the index does not exist or its shards are starting)."""
        from elasticsearch import TransportError

        if not self.client.indices.exists_alias(name=self.alias):
            return 0
        try:
            return int(self.client.count(index=self.alias)["count"])
        except TransportError as exc:
            if exc.status_code == 503:
                return 0
            raise


def _measure_latency(settings: Settings, producer: Any, events: Iterator[dict[str, Any]], samples: int,
                     interval: float, timeout: float) -> list[float]:
    """Publish ``samples`` events one at a time; per event, produce time -> all its entity versions searchable."""
    from streams.observe import TopicReader
    from streams.topology import topology

    search = _Searchable(settings)
    latencies: list[float] = []
    with TopicReader(settings, topology(settings).entities) as reader:
        reader.poll(100_000, 1.0)
        for event in (next(events) for _ in range(samples)):
            producer.publish(event)
            producer.flush()
            pending: dict[str, int] = {}
            trigger: list[int] = []

            def visible() -> bool:
                for message in reader.poll(1000, 0.05):
                    doc = message.json()
                    if doc is not None and doc.get("trigger_produced_at_ms") is not None:
                        trigger[:] = [doc["trigger_produced_at_ms"]]
                        pending[doc["entity_id"]] = max(pending.get(doc["entity_id"], 0), doc["version"])
                if not pending:
                    return False
                seen = search.versions(sorted(pending))
                return all(seen.get(e, 0) >= v for e, v in pending.items())

            try:
                _wait(visible, timeout, "sample event never became searchable")
            except Exception:  # noqa: BLE001 - a duplicate or no-op event emits nothing: skip it
                continue
            latencies.append(time.time() * 1000 - trigger[0])
            time.sleep(interval)  # pacing between samples, not synchronisation
    return latencies


def run_pipeline_bench(base: Settings, *, events: int = 2000, workers: int = 1, seed: int = 0, samples: int = 30,
                       workdir: Path | None = None, keep: bool = False, progress: Progress = lambda _: None) -> PipelineFigures:
    """Run the whole pipeline against the local stack and measure it (see module docstring)."""
    from deploy.processes import spawn, stop
    from producers.client import AgencyProducer
    from streams.observe import TopicReader
    from streams.topology import ensure_topology, topology

    workdir = workdir or Path(".enlace/bench") / uuid.uuid4().hex[:8]
    settings = fresh_settings(base, workdir)
    progress(f"prefix {settings.kafka.topic_prefix} index {settings.elastic.index_prefix}; logs in {workdir}")
    ensure_topology(settings)
    procs = {f"worker{n}": spawn(["worker"], worker_settings(settings, n), workdir / f"worker{n}.log") for n in range(workers)}
    procs["indexer"] = spawn(["indexer"], settings, workdir / "indexer.log")
    stream = _events(events + samples + 5, seed)
    try:
        with AgencyProducer(settings) as producer:
            for event in (next(stream) for _ in range(5)):
                producer.publish(event)
            producer.flush()
            search = _Searchable(settings)
            progress("warming up (workers join, first entities indexed)")
            _wait(lambda: search.count() > 0 and _lag(settings) == 0, 180, "warm-up")
            # synthesized and encoded before the clock starts: the agencies' cost, not the pipeline's
            backlog = [producer.encoded(event) for event in (next(stream) for _ in range(events))]
            progress(f"throughput: publishing {events} events")
            pids = {**{name: p.pid for name, p in procs.items()}, **_stack_pids(settings), "bench": os.getpid()}
            written = _written_topics(settings)
            ends_before, index_ops_before = _end_offsets(settings, written), _index_operations(settings)
            cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            start = time.monotonic()
            for topic, key, value in backlog:
                producer.publish_raw(topic, key, value)
            producer.flush(120)
            stages = {"publish": time.monotonic() - start, **_wait_stages(settings, start, 600)}
            seconds = time.monotonic() - start
            cpu = {name: round(cpu_seconds(pid) - cpu_before[name], 2) for name, pid in pids.items()}
            ends_after, index_ops = _end_offsets(settings, written), _index_operations(settings) - index_ops_before
            progress("CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
            progress("stages (s since first publish): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
            progress(f"latency: {samples} paced events")
            latencies = _measure_latency(settings, producer, stream, samples, 0.1, 30)
        rss = {name: peak_rss_mb(p.pid) for name, p in procs.items() if p.poll() is None}
        t = topology(settings)
        with TopicReader(settings, t.entities) as entities, TopicReader(settings, t.dead_letters) as dead:
            entities.poll(1_000_000, 2.0)
            dead.poll(100_000, 1.0)
            n_entities, n_dead = len(entities.documents()), len(dead.messages)
            members = sum(len(m.json()["records"]) for m in entities.messages if m.value is not None
                          and ends_before.get((m.topic, m.partition), 0) <= m.offset < ends_after.get((m.topic, m.partition), 0))
        work = work_per_event(events, ends_before, ends_after, {label: topic for label, (topic, _) in written.items()},
                              {"member records in entity documents": members, "index operations": index_ops})
        progress("per event: " + ", ".join(f"{k} {v:.2f}" for k, v in work.items()))
        return PipelineFigures(events, workers, seconds, events / seconds, percentiles(latencies), len(latencies), rss,
                               n_entities, n_dead, stages, cpu, work)
    finally:
        for proc in procs.values():
            stop(proc)
        if not keep:
            _cleanup(settings, workdir)


def _cleanup(settings: Settings, workdir: Path) -> None:
    from producers.admin import delete_topics

    delete_topics(settings, settings.kafka.topic_prefix)
    try:
        from consumers.elastic import make_client

        make_client(settings).indices.delete(index=f"{settings.elastic.index_prefix}-*", ignore=[404])
    except Exception:  # noqa: BLE001 - best effort; the index prefix is unique to this run
        pass
    shutil.rmtree(workdir / "worker", ignore_errors=True)
