"""Every Prometheus metric Enlace exports, declared in one place, and how to expose them.

Workers, the indexer and the API each serve the process's default registry at ``/metrics``
(``exposition``, ``wsgi_app``, ``asgi_app``). The alert rules in ``deploy/prometheus/`` and the
dashboard in ``deploy/grafana/`` use exactly these names (``tests/unit/deploy/test_metrics_names.py``).
The helpers below keep instrumentation at the call sites to one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.exposition import choose_encoder, make_asgi_app, make_wsgi_app
from prometheus_client.registry import CollectorRegistry

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
END_TO_END_BUCKETS = (0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0)

# --- stream worker -------------------------------------------------------------------------------
EVENTS_IN = Counter(
    "enlace_stream_events_in", "Agency messages the ingest step handled, by topic (agency feed) and outcome "
    "(forward, replay, duplicate_event, stale_version, dead_letter).", ["topic", "outcome"])
PROCESSING = Histogram(
    "enlace_stream_processing_seconds", "Time an agent spent on one message (ingest, judgements, resolve), "
    "from delivery to acknowledgement.", ["agent"], buckets=LATENCY_BUCKETS)
COMMANDS_OUT = Counter("enlace_records_commands_out", "Commands sent to the records log (upsert, retract, judge).")
DOCUMENTS_OUT = Counter(
    "enlace_entity_documents_out", "Entity messages sent to the entities topic: op=upsert (a document) or "
    "op=delete (a tombstone).", ["op"])
REDIRECTS_OUT = Counter("enlace_entity_redirects_out", "Redirects (absorbed entity -> survivor) sent.")
DEAD_LETTERS = Counter(
    "enlace_dead_letters", "Messages refused and copied to a dead-letter topic, by the topic they came from and "
    "the reason (error class, or the Elasticsearch error type for the indexer).", ["topic", "reason"])
MERGES = Counter("enlace_resolver_merges", "Entities absorbed into another by the resolver, by kind.", ["kind"])
SPLITS = Counter(
    "enlace_resolver_splits", "Entities taken apart and resolved again, by kind (a 'not same' judgement, or a "
    "record withdrawn from an entity of several records).", ["kind"])

# --- indexer -------------------------------------------------------------------------------------
INDEXER_MESSAGES = Counter("enlace_indexer_messages", "Entity messages the indexer consumed.")
INDEXER_DOCUMENTS = Counter(
    "enlace_indexer_documents", "Entity messages settled by the indexer: done (indexed or deleted), stale "
    "(a newer version was already indexed), superseded (a later message in the same batch won).", ["outcome"])
INDEXER_BATCH = Histogram("enlace_indexer_batch_seconds", "Time to write one batch to Elasticsearch, retries included.",
                          buckets=LATENCY_BUCKETS)
PRODUCE_TO_SEARCHABLE = Histogram(
    "enlace_produce_to_searchable_seconds", "From the agency event's produce timestamp to its entity document "
    "being acknowledged by Elasticsearch (searchable after at most one refresh interval more).",
    buckets=END_TO_END_BUCKETS)
BULK_FAILURES = Counter(
    "enlace_elastic_bulk_failures", "Bulk rounds that failed: reason=unavailable (no answer, 429 or 5xx: the whole "
    "batch waits) or reason=items_refused (some documents refused).", ["reason"])
BULK_RETRIES = Counter(
    "enlace_elastic_bulk_retries", "Bulk retries scheduled: what=batch (after an outage) or what=items (refused "
    "documents).", ["what"])

# --- every component ----------------------------------------------------------------------------
LAG = Gauge("enlace_consumer_lag_messages", "Messages a pipeline stage has not consumed yet, per input topic "
            "(exported by the indexer, read from Kafka).", ["stage", "topic"])
READY = Gauge("enlace_ready", "1 when this process's readiness checks pass (see /health/ready).", ["component"])
DEPENDENCY_UP = Gauge("enlace_dependency_up", "1 when this process's last probe of a dependency answered.",
                      ["component", "dependency"])

_resolver_seen: dict[int, tuple[int, int, int]] = {}


def event_in(topic: str, decision: Any) -> None:
    """One agency message handled by ingest; ``decision`` None means it became a dead letter."""
    EVENTS_IN.labels(topic, "dead_letter" if decision is None else str(getattr(decision, "value", decision))).inc()


def batch_handled(agent: str, messages: int, seconds: float) -> None:
    """A batch of ``messages`` handled together in ``seconds``: each message took that long, delivery to ack."""
    histogram = PROCESSING.labels(agent)
    for _ in range(messages):
        histogram.observe(seconds)


def dead_letter(topic: str, error: BaseException | str) -> None:
    DEAD_LETTERS.labels(topic, error if isinstance(error, str) else type(error).__name__).inc()


def bulk_failed(reason: str, retry: str | None) -> None:
    """A bulk round failed (``reason``); ``retry`` names what is retried next (None: nothing, e.g. dead-lettered)."""
    BULK_FAILURES.labels(reason).inc()
    if retry is not None:
        BULK_RETRIES.labels(retry).inc()


def resolver_changed(part: Any) -> None:
    """Count the merges and splits a partition's resolver (``streams.resolving.Partition``) made since last time.

    Reads the engine's own counters (``Resolver.stats``), so catch-up folds are counted too; a
    resolver restored from a snapshot starts again from zero.
    """
    from streams.resolve.records import KINDS

    resolver, number = part.resolver, part.number
    merges, splits = int(resolver.stats["merges"]), int(resolver.stats["reresolved"])
    ident, seen_merges, seen_splits = _resolver_seen.get(number, (id(resolver), 0, 0))
    if ident != id(resolver):
        seen_merges = seen_splits = 0
    kind = KINDS[number] if number < len(KINDS) else str(number)
    if merges > seen_merges:
        MERGES.labels(kind).inc(merges - seen_merges)
    if splits > seen_splits:
        SPLITS.labels(kind).inc(splits - seen_splits)
    _resolver_seen[number] = (id(resolver), merges, splits)


def indexed(report: Any, now_ms: int, entities_topic: str) -> None:
    """One indexer batch (``consumers.indexer.BatchReport``) into the indexer's metrics."""
    INDEXER_MESSAGES.inc(report.messages)
    for outcome in ("done", "stale", "superseded"):
        INDEXER_DOCUMENTS.labels(outcome).inc(getattr(report, outcome))
    for failure in report.dead_letters:
        dead_letter(entities_topic, failure.error_type)
    for produced_ms in report.trigger_produced_at_ms:
        PRODUCE_TO_SEARCHABLE.observe(max(now_ms - produced_ms, 0) / 1000)


def set_lag(stages: Mapping[str, Iterable[Any]]) -> None:
    """Per stage and topic, the sum of its partitions' lag (rows as ``deploy.lag.PartitionLag``)."""
    for stage, rows in stages.items():
        totals: dict[str, int] = {}
        for row in rows:
            totals[row.topic] = totals.get(row.topic, 0) + int(row.lag)
        for topic, lag in totals.items():
            LAG.labels(stage, topic).set(lag)


def export_lag(settings: Any, interval: float, stop: Any) -> None:
    """Read every stage's lag from Kafka into ``enlace_consumer_lag_messages`` every ``interval`` s until ``stop`` is set."""
    import logging

    from deploy.lag import stage_lags

    while True:
        try:
            set_lag(stage_lags(settings, timeout=min(interval, 10.0)))
        except Exception as exc:  # noqa: BLE001 - Kafka down or a coordinator loading: the next reading retries
            logging.getLogger("enlace.metrics").info("consumer lag not read: %s", type(exc).__name__)
        if stop.wait(interval):
            return


def exposition(accept: str | None = None, registry: CollectorRegistry = REGISTRY) -> tuple[bytes, str]:
    """The registry in the format the scraper asked for: (body, content type)."""
    encode, content_type = choose_encoder(accept or "")
    return encode(registry), content_type


def wsgi_app(registry: CollectorRegistry = REGISTRY) -> Callable[..., Any]:
    """A WSGI app serving the metrics (what the indexer's HTTP server mounts)."""
    return make_wsgi_app(registry)


def asgi_app(registry: CollectorRegistry = REGISTRY) -> Callable[..., Any]:
    """An ASGI app serving the metrics, for the API to mount: ``api.mount("/metrics", asgi_app())``."""
    return make_asgi_app(registry)


def declared_names(registry: CollectorRegistry = REGISTRY) -> set[str]:
    """Every ``enlace_`` sample name Prometheus will see: counters as ``_total``, histograms as ``_bucket``,
    ``_sum`` and ``_count`` (and both with ``_created``), gauges as declared."""
    names: set[str] = set()
    for metric in registry.collect():
        if not metric.name.startswith("enlace_"):
            continue
        suffixes = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created")}
        names.update(metric.name + suffix for suffix in suffixes.get(metric.type, ("",)))
    return names
