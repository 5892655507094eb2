"""The indexer against the real Kafka and Elasticsearch: versions, tombstones, dead letters, commits."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from elasticsearch import Elasticsearch, NotFoundError

from consumers.batch import Indexer, Message
from consumers.elastic import make_client
from consumers.indexer import BatchReport, IndexerOptions, index_batch, indexer_topic_specs, run_indexer
from consumers.mappings import INDEX_VERSION, ensure_index
from consumers.search import search_entities
from deploy.settings import Settings
from producers.admin import ensure_topics
from helpers import wait_until

FAST = IndexerOptions(batch_size=100, poll_timeout=0.2, item_retries=2, initial_backoff=0.05, max_backoff=0.5)


def entity(entity_id: str, version: int, name: str = "Ana Torres", **extra: Any) -> dict[str, Any]:
    given, family = name.split()
    return {
        "entity_id": entity_id, "kind": "person", "version": version, "updated_at": "2026-03-01T10:00:00.000Z",
        "trigger_produced_at_ms": 1772359200000, "display_name": name,
        "attributes": {"given_name": [{"value": given.upper(), "raw": given, "sources": ["police/r1"]}],
                       "family_name": [{"value": family.upper(), "raw": family, "sources": ["police/r1"]}]},
        # the record asserting those values: searches match entities through their member records' documents
        "identifiers": [], "records": [{"record_key": "police/r1", "record_id": "r1", "agency": "police"}],
        "agencies": ["police"], "links": [], "merged_from": [], **extra,
    }


def message(offset: int, key: str, value: dict[str, Any] | None) -> Message:
    return Message("t.entities", 0, offset, key.encode(), None if value is None else json.dumps(value).encode())


def source(client: Elasticsearch, settings: Settings, entity_id: str) -> dict[str, Any] | None:
    try:
        doc: dict[str, Any] = client.get(index=settings.elastic.entities_alias, id=entity_id)
    except NotFoundError:
        return None
    return {**doc["_source"], "_version": doc["_version"]}


@pytest.fixture
def client(settings: Settings) -> Iterator[Elasticsearch]:
    es = make_client(settings)
    ensure_index(es, settings)
    yield es
    es.close()


def write(client: Elasticsearch, indexer: Indexer, *messages: Message) -> BatchReport:
    report = index_batch(client, indexer, indexer.plan(list(messages)), threading.Event(), FAST)
    assert report is not None
    return report


def test_ensure_index_is_idempotent(client: Elasticsearch, settings: Settings) -> None:
    assert ensure_index(client, settings) == ensure_index(client, settings) == f"{settings.elastic.index_prefix}-entities-v{INDEX_VERSION}"
    assert list(client.indices.get_alias(name=settings.elastic.entities_alias)) == [ensure_index(client, settings)]
    # The template gives a later versioned index (a reindex target) the same analysis.
    v2 = f"{settings.elastic.entities_alias}-v{INDEX_VERSION + 1}"
    client.indices.create(index=v2)
    tokens = client.indices.analyze(index=v2, body={"analyzer": "identifier_fragments", "text": "bz-12 o45"})["tokens"]
    assert [(t["token"], t["position"]) for t in tokens] == [("BZ1", 0), ("Z12", 1), ("12O", 2), ("2O4", 3), ("O45", 4)]


def test_replayed_older_version_never_overwrites_a_newer_one(client: Elasticsearch, settings: Settings) -> None:
    indexer = Indexer(settings.elastic.entities_alias)
    assert write(client, indexer, message(0, "per-a", entity("per-a", 3, "Ana Torres"))).done == 1
    report = write(client, indexer, message(1, "per-a", entity("per-a", 1, "Old Name")))
    assert (report.done, report.stale, report.dead_letters) == (0, 1, [])
    assert write(client, indexer, message(2, "per-a", entity("per-a", 3, "Ana Torres"))).done == 1  # same version: idempotent
    doc = source(client, settings, "per-a")
    assert doc is not None and (doc["display_name"], doc["_version"]) == ("Ana Torres", 3)


def test_tombstone_deletes_but_a_stale_tombstone_cannot(client: Elasticsearch, settings: Settings) -> None:
    writer = Indexer(settings.elastic.entities_alias)
    write(client, writer, message(0, "per-a", entity("per-a", 2)), message(1, "per-b", entity("per-b", 5)))
    # An indexer that saw only version 4 of per-b (say, another instance) must not delete version 5.
    stale_reader = Indexer(settings.elastic.entities_alias)
    stale_reader.remember("per-b", 4)
    report = write(client, stale_reader, message(2, "per-b", None))
    assert (report.done, report.stale) == (0, 1)
    assert source(client, settings, "per-b") is not None
    report = write(client, writer, message(3, "per-a", None), message(4, "per-b", None))
    assert (report.done, report.stale) == (2, 0)
    assert source(client, settings, "per-a") is None and source(client, settings, "per-b") is None
    assert write(client, writer, message(5, "per-a", None)).done == 1  # deleting what is gone is done, not failed


class Gate:
    """A TCP relay to Elasticsearch that can be closed and reopened: a real outage, not a mock."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.open, self.refused = target, True, 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                self.refused += 1
                conn.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [conn, upstream]
            for a, b in ((conn, upstream), (upstream, conn)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.open = False
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.sockets.clear()

    def stop(self) -> None:
        self.close()
        self.server.close()


def committed(settings: Settings) -> int:
    """Sum of the indexer group's committed offsets on the entities topic."""
    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": f"{settings.stream.app_id}-indexer"})
    try:
        parts = [TopicPartition(settings.kafka.topic("entities"), p) for p in range(settings.kafka.partitions)]
        return sum(tp.offset for tp in consumer.committed(parts, timeout=10) if tp.offset >= 0)
    finally:
        consumer.close()


def produce(settings: Settings, *items: tuple[str, bytes | None]) -> None:
    producer = Producer(settings.kafka.librdkafka())
    for key, value in items:
        producer.produce(settings.kafka.topic("entities"), key=key.encode(), value=value)
    assert producer.flush(30) == 0


@pytest.fixture
def indexer_thread(settings: Settings) -> Iterator[tuple[Settings, list[BatchReport], Gate]]:
    """``run_indexer`` in a thread, talking to Elasticsearch through a ``Gate``; stopped and joined afterwards."""
    host, port = settings.elastic.url.rsplit("/", 1)[-1].split(":")
    gate = Gate((host, int(port)))
    gated = settings.model_copy(update={"elastic": settings.elastic.model_copy(
        update={"url": f"http://127.0.0.1:{gate.port}", "request_timeout": 5.0})})
    ensure_topics(settings, indexer_topic_specs(settings))
    reports: list[BatchReport] = []
    stop = threading.Event()
    thread = threading.Thread(target=run_indexer, args=(gated, stop, FAST, reports.append), daemon=True)
    thread.start()
    yield gated, reports, gate
    stop.set()
    gate.open = True
    thread.join(30)
    gate.stop()
    assert not thread.is_alive(), "run_indexer did not return after stop was set"


def test_entities_become_searchable_and_offsets_follow_indexing(
    indexer_thread: tuple[Settings, list[BatchReport], Gate], client: Elasticsearch
) -> None:
    settings, reports, gate = indexer_thread
    produce(settings, ("per-a", json.dumps(entity("per-a", 1, "José López")).encode()))
    wait_until(lambda: search_entities(settings, "Josè Lopes", client=client), 60, "per-a never became searchable")
    wait_until(lambda: committed(settings) == 1, 30, "offset of per-a not committed")

    gate.close()  # Elasticsearch unreachable: the next batch must wait, uncommitted
    produce(settings, ("veh-b", json.dumps({**entity("veh-b", 1), "kind": "vehicle", "display_name": "CAY 4521",
                                            "attributes": {"plate": [{"value": "CAY4521", "raw": "CAY-4521",
                                                                      "sources": ["police/r1"]}]}}).encode()))
    wait_until(lambda: gate.refused >= 2, 60, "the indexer never tried Elasticsearch during the outage")
    assert committed(settings) == 1
    assert len(reports) == 1

    gate.open = True
    wait_until(lambda: search_entities(settings, "4521", client=client), 60, "veh-b never indexed after the outage")
    wait_until(lambda: committed(settings) == 2, 30, "offset of veh-b not committed after indexing")
    assert sum(r.done for r in reports) == 2 and all(r.dead_letters == [] for r in reports)


def test_refused_document_is_retried_then_dead_lettered_while_others_index(
    indexer_thread: tuple[Settings, list[BatchReport], Gate], client: Elasticsearch
) -> None:
    settings, reports, _ = indexer_thread
    bad = json.dumps(entity("per-bad", 1, updated_at="the day before yesterday")).encode()
    produce(settings, ("per-ok1", json.dumps(entity("per-ok1", 1)).encode()), ("per-bad", bad), ("per-ok2", b"{broken"))
    produce(settings, ("per-ok3", json.dumps(entity("per-ok3", 1)).encode()))

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": f"{settings.stream.app_id}-dlq-reader",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe([settings.kafka.topic("index-dead-letters")])
    letters: dict[bytes, Any] = {}

    def two_letters() -> bool:
        msg = consumer.poll(0.5)
        if msg is not None and msg.error() is None:
            letters[msg.key()] = msg
        return len(letters) == 2

    try:
        wait_until(two_letters, 60, "dead letters for per-bad and per-ok2 never arrived")
    finally:
        consumer.close()
    refused = letters[b"per-bad"]
    headers = {k: v.decode() for k, v in refused.headers()}
    assert refused.value() == bad
    assert headers["enlace.index.error_type"] == "mapper_parsing_exception"
    assert headers["enlace.index.status"] == "400"
    assert headers["enlace.index.attempts"] == str(FAST.item_retries + 1)
    assert headers["enlace.error.class"] == "IndexingError" and "updated_at" in headers["enlace.error.message"]
    assert headers["enlace.original.topic"] == settings.kafka.topic("entities")
    broken = {k: v.decode() for k, v in letters[b"per-ok2"].headers()}
    assert (broken["enlace.index.error_type"], broken["enlace.index.status"], broken["enlace.index.attempts"]) == (
        "JSONDecodeError", "invalid", "0")

    wait_until(lambda: source(client, settings, "per-ok1") and source(client, settings, "per-ok3"), 60,
               "the good documents around the refused one were not indexed")
    assert source(client, settings, "per-bad") is None
    wait_until(lambda: committed(settings) == 4, 30, "offsets not committed after dead-lettering")
