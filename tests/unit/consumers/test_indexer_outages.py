"""The indexer through outages: Elasticsearch down (retried at most every few seconds), and a commit Kafka
refuses while its coordinator is away (kept and sent again, never dropped)."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from confluent_kafka import KafkaError, KafkaException
from elasticsearch.exceptions import ConnectionError as EsConnectionError

from consumers.batch import Indexer, Message
from consumers.indexer import IndexerOptions, _commit, index_batch


class Clock(threading.Event):
    """A stop event that records each wait instead of waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(float(timeout or 0.0))
        return False


def test_while_elasticsearch_is_down_the_batch_is_tried_again_at_least_every_outage_backoff(
        monkeypatch: pytest.MonkeyPatch) -> None:
    refusals = 12

    def bulk(client: Any, actions: list[dict[str, Any]], options: IndexerOptions) -> Any:
        nonlocal refusals
        if refusals:
            refusals -= 1
            raise EsConnectionError("N/A", "connection refused", None)
        return [(True, {"index": {"_id": "per-a", "status": 201}})]

    monkeypatch.setattr("consumers.indexer._bulk", bulk)
    indexer = Indexer("t-entities-v1")
    value = json.dumps({"entity_id": "per-a", "kind": "person", "version": 1}).encode()
    plan = indexer.plan([Message("t.entities", 0, 0, b"per-a", value)])
    clock = Clock()
    report = index_batch(None, indexer, plan, clock, IndexerOptions())  # type: ignore[arg-type]
    assert report is not None and report.done == 1
    assert clock.waits == pytest.approx([0.2, 0.4, 0.8, 1.6, 3.2] + [5.0] * 7)  # never the 30 s of max_backoff


class Broker:
    """A consumer whose ``commit`` refuses the first ``refusals`` calls, recording what it stored."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.stored: dict[tuple[str, int], int] = {}

    def commit(self, offsets: list[Any], asynchronous: bool) -> None:
        assert asynchronous is False
        if self.refusals:
            self.refusals -= 1
            raise KafkaException(KafkaError(KafkaError.COORDINATOR_LOAD_IN_PROGRESS))
        self.stored.update({(tp.topic, tp.partition): tp.offset for tp in offsets})


class Pending(dict[tuple[str, int], int]):
    """Positions an earlier commit could not store."""


def messages(partition: int, *offsets: int) -> list[Message]:
    return [Message("t.entities", partition, offset, b"k", b"{}") for offset in offsets]


def test_a_refused_commit_goes_with_the_next_one() -> None:
    broker, pending = Broker(refusals=1), Pending()
    assert _commit(broker, messages(0, 7, 8), pending) == {}
    assert pending == {("t.entities", 0): 9} and broker.stored == {}
    assert _commit(broker, messages(1, 3), pending) == {("t.entities", 0): 9, ("t.entities", 1): 4}
    assert pending == {} and broker.stored == {("t.entities", 0): 9, ("t.entities", 1): 4}


def test_an_idle_retry_commits_what_is_pending_and_nothing_else() -> None:
    broker, pending = Broker(refusals=2), Pending()
    _commit(broker, messages(2, 40), pending)
    assert _commit(broker, [], pending) == {} and pending == {("t.entities", 2): 41}  # still refused
    assert _commit(broker, [], pending) == {("t.entities", 2): 41}
    assert broker.stored == {("t.entities", 2): 41} and pending == {}
    assert _commit(broker, [], pending) == {}  # nothing pending: no commit at all


@pytest.mark.parametrize("later", [5, 50])
def test_a_later_batch_of_the_same_partition_moves_past_the_pending_position(later: int) -> None:
    broker, pending = Broker(refusals=1), Pending()
    _commit(broker, messages(0, 9), pending)
    assert _commit(broker, messages(0, later), pending) == {("t.entities", 0): max(10, later + 1)}
