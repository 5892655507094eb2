"""The metric helpers, the worker's Faust sensor and the indexer's bulk counters, read back from the registry."""

from __future__ import annotations

import json
import threading
from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest
from elasticsearch.exceptions import ConnectionError as EsConnectionError

from consumers.batch import Failure, Indexer, Message
from consumers.indexer import BatchReport, IndexerOptions, index_batch
from deploy import metrics
from deploy.lag import PartitionLag
from streams.dedupe import Decision


def value(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def test_ingest_outcomes_and_dead_letters_count_per_topic_and_reason() -> None:
    before = value("enlace_stream_events_in_total", topic="t.agency.police", outcome="forward")
    dead_before = value("enlace_stream_events_in_total", topic="t.agency.police", outcome="dead_letter")
    metrics.event_in("t.agency.police", Decision.FORWARD)
    metrics.event_in("t.agency.police", Decision.FORWARD)
    metrics.event_in("t.agency.police", None)
    metrics.dead_letter("t.agency.police", ValueError("not an event"))
    metrics.dead_letter("t.entities", "mapper_parsing_exception")
    assert value("enlace_stream_events_in_total", topic="t.agency.police", outcome="forward") == before + 2
    assert value("enlace_stream_events_in_total", topic="t.agency.police", outcome="dead_letter") == dead_before + 1
    assert value("enlace_dead_letters_total", topic="t.agency.police", reason="ValueError") >= 1
    assert value("enlace_dead_letters_total", topic="t.entities", reason="mapper_parsing_exception") >= 1


def partition(number: int, merges: int, splits: int) -> Any:
    return SimpleNamespace(number=number, resolver=SimpleNamespace(stats=Counter(merges=merges, reresolved=splits)))


def test_merges_and_splits_are_the_engines_counters_as_they_grow() -> None:
    merges = value("enlace_resolver_merges_total", kind="firearm")
    splits = value("enlace_resolver_splits_total", kind="firearm")
    part = partition(2, 3, 1)
    metrics.resolver_changed(part)
    part.resolver.stats["merges"] += 2
    metrics.resolver_changed(part)
    metrics.resolver_changed(part)  # nothing new: nothing counted
    assert value("enlace_resolver_merges_total", kind="firearm") == merges + 5
    assert value("enlace_resolver_splits_total", kind="firearm") == splits + 1
    metrics.resolver_changed(partition(2, 1, 0))  # restored from a snapshot: a new resolver, counted from zero
    assert value("enlace_resolver_merges_total", kind="firearm") == merges + 6


def test_an_indexer_batch_feeds_outcomes_dead_letters_and_latency() -> None:
    count = value("enlace_produce_to_searchable_seconds_count")
    total = value("enlace_produce_to_searchable_seconds_sum")
    done = value("enlace_indexer_documents_total", outcome="done")
    report = BatchReport(messages=4, done=2, stale=1, superseded=0, trigger_produced_at_ms=[9_000, 9_500])
    report.dead_letters.append(Failure(Message("t.entities", 0, 3, b"per-x", b"{}"), 400, "mapper_parsing_exception", "bad"))
    refused = value("enlace_dead_letters_total", topic="t.entities", reason="mapper_parsing_exception")
    metrics.indexed(report, now_ms=10_000, entities_topic="t.entities")
    assert value("enlace_indexer_documents_total", outcome="done") == done + 2
    assert value("enlace_produce_to_searchable_seconds_count") == count + 2
    assert value("enlace_produce_to_searchable_seconds_sum") == pytest.approx(total + 1.0 + 0.5)
    assert value("enlace_dead_letters_total", topic="t.entities", reason="mapper_parsing_exception") == refused + 1


def test_lag_is_summed_per_stage_and_topic() -> None:
    rows = [PartitionLag("g", "t.agency.police", p, 0, 10, lag) for p, lag in enumerate((3, 4))]
    metrics.set_lag({"ingest": rows, "resolve": []})
    assert value("enlace_consumer_lag_messages", stage="ingest", topic="t.agency.police") == 7
    metrics.set_lag({"ingest": [PartitionLag("g", "t.agency.police", 0, 10, 10, 0)]})
    assert value("enlace_consumer_lag_messages", stage="ingest", topic="t.agency.police") == 0


def test_exposition_follows_the_scrapers_accept_header() -> None:
    body, content_type = metrics.exposition(None)
    assert content_type.startswith("text/plain") and b"# TYPE enlace_stream_events_in_total counter" in body
    body, content_type = metrics.exposition("application/openmetrics-text; version=1.0.0")
    assert content_type.startswith("application/openmetrics-text") and body.rstrip().endswith(b"# EOF")


def item(entity_id: str, status: int) -> tuple[bool, dict[str, Any]]:
    error = None if status < 300 else {"type": "mapper_parsing_exception", "reason": "failed to parse"}
    return status < 300, {"index": {"_id": entity_id, "status": status, **({"error": error} if error else {})}}


def test_index_batch_counts_outages_refusals_and_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Elasticsearch down once, then it refuses one document twice: 1 outage + 2 refusals, 2 retries then a dead letter."""
    answers: list[Any] = [EsConnectionError("N/A", "connection refused", None),
                          [item("per-a", 201), item("per-b", 400)], [item("per-b", 400)]]

    def bulk(client: Any, actions: list[dict[str, Any]], options: IndexerOptions) -> Any:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr("consumers.indexer._bulk", bulk)
    indexer = Indexer("t-entities-v1")
    documents = [(k, json.dumps({"entity_id": k, "kind": "person", "version": 1}).encode()) for k in ("per-a", "per-b")]
    plan = indexer.plan([Message("t.entities", 0, i, k.encode(), v) for i, (k, v) in enumerate(documents)])
    names = [("enlace_elastic_bulk_failures_total", {"reason": "unavailable"}),
             ("enlace_elastic_bulk_failures_total", {"reason": "items_refused"}),
             ("enlace_elastic_bulk_retries_total", {"what": "batch"}),
             ("enlace_elastic_bulk_retries_total", {"what": "items"})]
    before = [value(name, **labels) for name, labels in names]
    options = IndexerOptions(item_retries=1, initial_backoff=0.0, max_backoff=0.0)
    report = index_batch(None, indexer, plan, threading.Event(), options)  # type: ignore[arg-type]
    assert report is not None and report.done == 1 and [f.message.key for f in report.dead_letters] == [b"per-b"]
    after = [value(name, **labels) for name, labels in names]
    assert [a - b for a, b in zip(after, before)] == [1, 2, 1, 1]


def test_the_worker_sensor_times_agents_and_counts_what_is_sent() -> None:
    from streams.monitor import StreamSensor
    from streams.topology import Topology

    topology = Topology("g", ("t.agency.police",), "t.judgements", "t.records", "t.entities", "t.redirects",
                        "t.dead-letters", "t.index-dead-letters", 6)
    sensor = StreamSensor({"t.agency.police": "ingest", "t.records": "resolve"}, topology)
    timed = value("enlace_stream_processing_seconds_count", agent="ingest")
    batched = value("enlace_stream_processing_seconds_count", agent="resolve")
    commands = value("enlace_records_commands_out_total")
    tombstones = value("enlace_entity_documents_out_total", op="delete")
    for topic in ("t.agency.police", "t.records"):
        tp = SimpleNamespace(topic=topic, partition=0)
        state = sensor.on_stream_event_in(tp, 5, None, None)
        sensor.on_stream_event_out(tp, 5, None, None, state)
    sensor.on_send_initiated(None, "t.records", SimpleNamespace(value=b"{}"), 0, 2)
    sensor.on_send_initiated(None, "t.entities", SimpleNamespace(value=None), 5, 0)
    sensor.on_send_initiated(None, "t.g-dedupe-changelog", SimpleNamespace(value=b"{}"), 5, 2)  # not counted
    assert value("enlace_stream_processing_seconds_count", agent="ingest") == timed + 1
    # the resolve agent takes batches and times them itself: the sensor leaves it alone
    assert value("enlace_stream_processing_seconds_count", agent="resolve") == batched
    assert value("enlace_records_commands_out_total") == commands + 1
    assert value("enlace_entity_documents_out_total", op="delete") == tombstones + 1
    assert not sensor.assigned
    sensor.on_rebalance_end(SimpleNamespace(), {"time_start": 0.0})
    assert sensor.assigned


def test_a_batch_counts_each_of_its_messages_with_the_batch_time() -> None:
    before = value("enlace_stream_processing_seconds_count", agent="resolve")
    total = value("enlace_stream_processing_seconds_sum", agent="resolve")
    metrics.batch_handled("resolve", 3, 0.25)
    assert value("enlace_stream_processing_seconds_count", agent="resolve") == before + 3
    assert value("enlace_stream_processing_seconds_sum", agent="resolve") == pytest.approx(total + 0.75)
