"""The indexer: ``entities`` topic -> Elasticsearch, at least once, offsets committed only after indexing.

Each batch: plan actions (``consumers.batch.Indexer``, pure) -> ``streaming_bulk`` -> 409s
counted as stale (a newer version is already indexed: by design) -> other refused items
retried with backoff, then copied to ``<prefix>index-dead-letters`` with the reason and
logged as an ``IndexingError`` -> dead letters flushed -> offsets committed. While
Elasticsearch is unreachable the batch is retried with capped backoff and nothing is
committed; if the group rebalances meanwhile, the next owner re-reads the batch, which is
harmless because writes are externally versioned. A commit Kafka refuses (its coordinator away
during a broker restart) is sent again with the next commit or idle poll.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from consumers.batch import Failure, Indexer, Message, Plan
from consumers.deadletters import index_dead_letter_headers
from consumers.errors import IndexingError
from consumers.members import MemberCache
from deploy import metrics

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings
    from producers.admin import TopicSpec

__all__ = ["Indexer", "IndexerOptions", "BatchReport", "run_indexer", "index_batch", "indexer_topic_specs"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IndexerOptions:
    batch_size: int = 2000
    """Most messages planned together: one action per entity per batch, so a backlog indexes each busy entity once."""
    poll_timeout: float = 0.5
    item_retries: int = 3
    """Attempts after the first for refused items (and for 429s inside ``streaming_bulk``)."""
    initial_backoff: float = 0.2
    max_backoff: float = 30.0
    outage_backoff: float = 5.0
    """Longest wait between two attempts while Elasticsearch does not answer at all: an attempt costs one
    refused connection, and a longer wait only delays the catch-up once it is back."""
    chunk_size: int = 500


@dataclass(slots=True)
class BatchReport:
    """What one batch did; ``committed`` maps (topic, partition) to the next offset committed."""

    messages: int = 0
    done: int = 0
    stale: int = 0
    superseded: int = 0
    dead_letters: list[Failure] = field(default_factory=list)
    committed: dict[tuple[str, int], int] = field(default_factory=dict)
    trigger_produced_at_ms: list[int] = field(default_factory=list)


def indexer_topic_specs(settings: Settings) -> list[TopicSpec]:
    """The topics the indexer reads (compacted entities, as the stream creates it) and writes."""
    from producers.admin import TopicSpec

    from streams.topology import topology

    t = topology(settings)
    return [
        TopicSpec(t.entities, t.partitions, {"cleanup.policy": "compact"}),
        TopicSpec(t.index_dead_letters, 1, {"cleanup.policy": "delete"}),
    ]


def _backoff(options: IndexerOptions, attempt: int) -> float:
    return float(min(options.max_backoff, options.initial_backoff * 2 ** max(0, attempt - 1)))


def _is_transient(exc: Exception) -> bool:
    from elasticsearch.exceptions import ConnectionError as EsConnectionError
    from elasticsearch.exceptions import TransportError

    if isinstance(exc, EsConnectionError):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(exc, TransportError) and (not isinstance(status, int) or status == 429 or status >= 500)


def _bulk(client: Elasticsearch, actions: list[dict[str, Any]], options: IndexerOptions) -> list[tuple[bool, Any]]:
    from elasticsearch.helpers import streaming_bulk

    return list(streaming_bulk(
        client, actions, chunk_size=options.chunk_size, max_retries=options.item_retries,
        initial_backoff=options.initial_backoff, max_backoff=options.max_backoff,
        raise_on_error=False, raise_on_exception=True, yield_ok=True,
        # Actions name this generation's index, never the alias (which ``enlace replay`` moves). If the index
        # is gone, Elasticsearch auto-creates it from the template ``ensure_index`` wrote, mapped as usual; with
        # auto-creation off the items fail with index_not_found and ``index_batch`` calls ``on_missing_index``.
    ))


def index_batch(
    client: Elasticsearch, indexer: Indexer, plan: Plan, stop: threading.Event, options: IndexerOptions,
    on_missing_index: Callable[[], None] = lambda: None,
) -> BatchReport | None:
    """Write a planned batch; returns what happened, or None if ``stop`` was set while Elasticsearch was down."""
    report = BatchReport(superseded=plan.superseded, dead_letters=list(plan.failures))
    pending = dict(plan.actions)
    attempts = 0   # rounds in which Elasticsearch answered
    outages = 0    # consecutive rounds in which it didn't
    while pending:
        try:
            results = _bulk(client, [action for action, _ in pending.values()], options)
        except Exception as exc:
            if not _is_transient(exc):
                raise IndexingError(f"bulk request refused: {exc}") from exc
            outages += 1
            delay = min(_backoff(options, outages), options.outage_backoff)
            metrics.bulk_failed("unavailable", retry="batch")
            log.warning("Elasticsearch unavailable (%s); retrying the batch in %.1fs, offsets not committed", exc, delay)
            if stop.wait(delay):
                return None
            continue
        outages = 0
        attempts += 1
        settlement = indexer.settle(results)
        report.done += len(settlement.done)
        report.stale += len(settlement.stale)
        failed = {i: pending[i] for i in settlement.failed if i in pending}
        if not failed:
            break
        metrics.bulk_failed("items_refused", retry="items" if attempts <= options.item_retries else None)
        if any(kind == "index_not_found_exception" for _, kind, _ in settlement.failed.values()):
            on_missing_index()
        if attempts > options.item_retries:
            for entity_id, (_, message) in failed.items():
                status, kind, reason = settlement.failed[entity_id]
                report.dead_letters.append(Failure(message, status, kind, reason, attempts))
            break
        delay = _backoff(options, attempts)
        log.info("%d item(s) refused (e.g. %s); retry %d/%d in %.1fs", len(failed),
                 next(iter(settlement.failed.values())), attempts, options.item_retries, delay)
        pending = failed
        if stop.wait(delay):
            return None
    return report


def plan_untraced(indexer: Indexer, messages: list[Message]) -> Plan:
    """``indexer.plan(messages)`` with the cyclic garbage collector kept off what it builds until ``gc.unfreeze()``.

    A batch's decoded documents and actions (many thousands of containers, no cycles) live until the
    batch is committed; the collector would walk them again in each generation they pass through,
    which cost about as much CPU as building them. So planning runs with the collector paused and
    what exists afterwards is frozen (``gc.freeze``) until the batch is done; the caller unfreezes
    then, when reference counting has freed the batch or its survivors (cached member documents)
    join the oldest generation.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return indexer.plan(messages)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _message(raw: Any) -> Message:
    return Message(raw.topic(), raw.partition(), raw.offset(), raw.key(), raw.value(), tuple(raw.headers() or ()))


def _send_dead_letters(producer: Any, topic: str, failures: list[Failure], timeout: float = 30.0) -> None:
    """Produce the dead letters and wait for every delivery; raises ``IndexingError`` if any wasn't stored."""
    errors: list[str] = []

    def delivered(err: Any, _msg: Any) -> None:
        if err is not None:
            errors.append(str(err))

    for failure in failures:
        producer.produce(topic, key=failure.message.key, value=failure.message.value,
                         headers=index_dead_letter_headers(failure), on_delivery=delivered)
    remaining = producer.flush(timeout)
    if errors or remaining:
        raise IndexingError(f"could not store dead letters in {topic}: {errors or f'{remaining} undelivered'}")


def _commit(consumer: Any, messages: list[Message], pending: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """Commit past ``messages`` and any ``pending`` positions an earlier commit could not store; what was committed.

    A refused commit (the coordinator away during a broker restart, or loading after it) stays in ``pending``
    and goes with the next commit or idle poll; otherwise a partition that receives nothing more would show
    lag forever. ``run_indexer`` drops the pending positions of partitions taken away by a rebalance.
    """
    from confluent_kafka import KafkaException, TopicPartition

    positions = dict(pending)
    for message in messages:
        positions[(message.topic, message.partition)] = max(message.offset + 1, positions.get((message.topic, message.partition), 0))
    if not positions:
        return {}
    try:
        consumer.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in positions.items()], asynchronous=False)
    except KafkaException as exc:
        log.warning("offset commit failed (asked again with the next commit; if the partition moves, its next owner "
                    "re-reads the batch, idempotently): %s", exc)
        pending.update(positions)
        return {}
    pending.clear()
    return positions


def _ensure_index_when_up(client: Elasticsearch, settings: Settings, stop: threading.Event, options: IndexerOptions) -> bool:
    from consumers.mappings import ensure_index

    outages = 0
    while not stop.is_set():
        try:
            ensure_index(client, settings)
            return True
        except Exception as exc:
            if not _is_transient(exc):
                raise
            outages += 1
            log.warning("Elasticsearch unavailable (%s); waiting to create the index", exc)
            stop.wait(_backoff(options, outages))
    return False


def run_indexer(
    settings: Settings,
    stop: threading.Event | None = None,
    options: IndexerOptions | None = None,
    on_batch: Callable[[BatchReport], None] | None = None,
    on_assign: Callable[[list[tuple[str, int]]], None] | None = None,
) -> None:
    """Index this generation's ``entities`` topic into its own index until ``stop`` is set.

    Search reads the alias ``<prefix>-entities``; the indexer writes the concrete index of
    ``settings.stream.generation`` (``consumers.mappings.index_name``), so an old generation's
    indexer still running after ``enlace replay`` swapped the alias never writes into the new one.
    ``on_assign`` hears each assignment of partitions (for readiness).
    """
    from confluent_kafka import Consumer, KafkaError, Producer

    from consumers.elastic import make_client
    from consumers.mappings import index_name
    from producers.admin import ensure_topics

    stop = stop or threading.Event()
    options = options or IndexerOptions()
    client = make_client(settings)
    ensure_topics(settings, indexer_topic_specs(settings))
    if not _ensure_index_when_up(client, settings, stop, options):
        return
    from streams.topology import topology

    t = topology(settings)
    topic, dead_letter_topic = t.entities, t.index_dead_letters
    consumer = Consumer({
        **settings.kafka.librdkafka(),
        "group.id": t.indexer_group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    producer = Producer({**settings.kafka.librdkafka(), "enable.idempotence": True, "acks": "all", "linger.ms": 5})
    index = index_name(settings)
    indexer = Indexer(index, members=MemberCache(settings.indexer.member_cache))

    def missing_index() -> None:
        _ensure_index_when_up(client, settings, stop, options)

    def assigned(_consumer: Any, partitions: list[Any]) -> None:
        if on_assign is not None:
            on_assign([(tp.topic, tp.partition) for tp in partitions])

    uncommitted: dict[tuple[str, int], int] = {}
    """Positions indexed but not yet committed (a commit was refused); see ``_commit``."""

    def revoked(_consumer: Any, partitions: list[Any]) -> None:
        for tp in partitions:
            uncommitted.pop((tp.topic, tp.partition), None)

    consumer.subscribe([topic], on_assign=assigned, on_revoke=revoked, on_lost=revoked)
    log.info("indexing %s into %s (searched through the alias %s)", topic, index, settings.elastic.entities_alias)
    try:
        while not stop.is_set():
            raw = consumer.consume(num_messages=options.batch_size, timeout=options.poll_timeout)
            messages = []
            for item in raw:
                error = item.error()
                if error is None:
                    messages.append(_message(item))
                elif error.code() != KafkaError._PARTITION_EOF:
                    log.warning("consumer error: %s", error)
            if not messages:
                if uncommitted:
                    _commit(consumer, [], uncommitted)
                continue
            plan = plan_untraced(indexer, messages)
            with metrics.INDEXER_BATCH.time():
                report = index_batch(client, indexer, plan, stop, options, missing_index)
            if report is None:
                return  # stopped while Elasticsearch was down: nothing committed, nothing lost
            if report.dead_letters:
                _send_dead_letters(producer, dead_letter_topic, report.dead_letters)
                refused = IndexingError(f"{len(report.dead_letters)} entity message(s) not indexed, sent to {dead_letter_topic}",
                                      [f.item() for f in report.dead_letters], total=len(report.dead_letters))
                log.error("%s", refused)
            report.messages = len(messages)
            report.trigger_produced_at_ms = [
                int(a["_source"]["trigger_produced_at_ms"]) for a, _ in plan.actions.values()
                if isinstance(a.get("_source", {}).get("trigger_produced_at_ms"), int)
            ]
            report.committed = _commit(consumer, messages, uncommitted)
            metrics.indexed(report, int(time.time() * 1000), topic)
            if on_batch is not None:
                on_batch(report)
            del plan, report
            gc.unfreeze()
    finally:
        gc.unfreeze()
        if uncommitted:
            _commit(consumer, [], uncommitted)
        consumer.close()
        producer.flush(10)
