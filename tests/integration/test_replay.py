"""``enlace replay`` on the real stack: generation N+1 is built beside N, search never stops, the alias swaps.

Generation 1 (a worker and an indexer as child processes) fuses and indexes simulated events; then
``enlace replay`` runs twice (generations 2 and 3) while the test keeps searching for a known
entity. Links are resolved at read time (``consumers.search.entity_view``) on the same data.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from consumers.elastic import make_client
from consumers.mappings import index_name
from consumers.query import search_body
from consumers.search import entity_view
from deploy.lag import pipeline_lag
from deploy.processes import enlace_executable, spawn, stop
from deploy.replay import ReplayError, drop_generation, with_generation
from deploy.settings import Settings, settings_env
from producers.admin import existing_topics
from producers.client import AgencyProducer
from producers.simulator.scenario import simulate_events
from streams.topology import ensure_topology, topology
from test_stream import person_event

from helpers import held, wait_until, watermarks

pytestmark = pytest.mark.integration

EVENTS = [sim.event for sim in simulate_events(400, seed=11)]


def publish(settings: Settings, events: list[dict[str, Any]]) -> list[tuple[str, int, str | None]]:
    """Publish ``events``; the deliveries Kafka confirmed without an offset (``AgencyProducer.unplaced``)."""
    with AgencyProducer(settings) as producer:
        for event in events:
            producer.publish(event)
    return producer.unplaced


def documents(client: Elasticsearch, index: str) -> dict[str, dict[str, Any]]:
    """Every document of ``index`` (or alias): entity id -> source plus ``_version``."""
    client.indices.refresh(index=index)
    response = client.search(index=index, query={"match_all": {}}, size=10_000, version=True)
    assert response["hits"]["total"]["value"] < 10_000
    return {hit["_id"]: {**hit["_source"], "_version": hit["_version"]} for hit in response["hits"]["hits"]}


def record_groups(docs: dict[str, dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(r["record_key"] for r in doc["records"]) for doc in docs.values()}


def aliased(client: Elasticsearch, settings: Settings) -> list[str]:
    return sorted(client.indices.get_alias(name=settings.elastic.entities_alias))


@pytest.fixture
def live(stack: Any, settings: Settings, tmp_path: Path) -> Iterator[dict[str, dict[str, Any]]]:
    """Generation 1 running (worker + indexer) with every simulated event fused and indexed; yields its documents."""
    ensure_topology(settings)
    processes = [spawn(["worker"], settings, tmp_path / "g1-worker.log"),
                 spawn(["indexer"], settings, tmp_path / "g1-indexer.log")]
    try:
        unplaced = publish(settings, EVENTS)
        marks = watermarks(settings, list(topology(settings).agency_topics))
        assert held(marks) == len(EVENTS), \
            f"acked events missing from Kafka: {marks}; delivered without an offset: {unplaced}"
        wait_until(lambda: pipeline_lag(settings) == 0, 240, f"generation 1 did not catch up; see {tmp_path}", 0.5)
        yield documents(make_client(settings), index_name(settings))
    finally:
        for process in processes:
            stop(process)


def log_values(settings: Settings) -> list[list[bytes]]:
    """The generation's records log, partition by partition, in order."""
    from streams.catchup import read_log

    records = topology(settings).records
    marks = watermarks(settings, [records])
    return [[value for _, value in read_log(settings, records, p, low, high)]
            for (_, p), (low, high) in sorted(marks.items())]


def folded_groups(settings: Settings) -> set[frozenset[str]]:
    """The record groups of one uninterrupted fold of the generation's records log."""
    from streams.catchup import fold_log

    return {frozenset(members) for part in fold_log(settings).values() for members in part.resolver.entities().values()}


def run_replay(settings: Settings, known: set[str], query: str, log: Path) -> tuple[dict[str, Any], list[list[str]]]:
    """``enlace replay --json`` as a child process; meanwhile search ``query`` over and over.

    Returns the replay's report and, per search, the indices that answered. A search that fails,
    or finds no entity holding one of the ``known`` records, fails the test.
    """
    client = make_client(settings)
    body = search_body(query, "person", 10)
    answered: list[list[str]] = []

    def search() -> None:
        hits = client.search(index=settings.elastic.entities_alias, **body)["hits"]["hits"]
        found = [h for h in hits if known & {r["record_key"] for r in h["_source"]["records"]}]
        assert found, f"search {len(answered) + 1} for {query!r} lost the known entity: {hits}"
        answered.append(sorted({h["_index"] for h in hits}))

    def finished() -> bool:
        search()
        return process.poll() is not None

    with log.open("ab") as stderr:
        process = subprocess.Popen([enlace_executable(), "replay", "--json", "--timeout", "300", "--logs", str(log.parent)],
                                   env={**os.environ, **settings_env(settings)}, stdout=subprocess.PIPE, stderr=stderr)
    try:
        wait_until(finished, 360, f"replay still running; see {log}", 0.05)
        search()  # and once more after it finished
        output = process.stdout.read() if process.stdout else b""
    finally:
        stop(process)
    assert process.returncode == 0, log.read_text()
    return json.loads(output), answered


def test_replay_rebuilds_beside_the_live_generation_and_swaps_without_downtime(
    settings: Settings, live: dict[str, dict[str, Any]], tmp_path: Path,
) -> None:
    client = make_client(settings)
    generation = {n: with_generation(settings, n) for n in (1, 2, 3)}
    g1, g2, g3 = (index_name(generation[n]) for n in (1, 2, 3))
    assert aliased(client, settings) == [g1]
    known = max((d for d in live.values() if d["kind"] == "person"), key=lambda d: (len(d["records"]), d["entity_id"]))
    known_records = {r["record_key"] for r in known["records"]}
    every_record = sorted(r["record_key"] for doc in live.values() for r in doc["records"])
    assert record_groups(live) == folded_groups(generation[1])

    report, answered = run_replay(settings, known_records, known["display_name"], tmp_path / "replay-g2.log")
    assert (report["previous"], report["generation"], report["previous_indices"], report["index"]) == (1, 2, [g1], g2)
    assert aliased(client, settings) == [g2]
    # Search answered throughout, from generation 1 and then, with no gap, from generation 2.
    assert len(answered) >= 20, answered
    assert answered[0] == [g1] and answered[-1] == [g2]
    assert all(indices in ([g1], [g2]) for indices in answered), answered
    second = documents(client, settings.elastic.entities_alias)
    marks = watermarks(settings, list(topology(settings).agency_topics))
    assert report["messages"] == held(marks) == len(EVENTS), marks
    assert report["documents"] == len(second)
    # Every record, once, grouped as generation 2's own records log says. The groups may differ from
    # generation 1's: its live ingest interleaved agency partitions as Faust fetched them, while a replay's
    # backfill reads the inputs in timestamp order (resolution depends on order).
    assert sorted(r["record_key"] for doc in second.values() for r in doc["records"]) == every_record
    assert record_groups(second) == folded_groups(generation[2])

    report, answered = run_replay(settings, known_records, known["display_name"], tmp_path / "replay-g3.log")
    assert (report["previous"], report["generation"], report["index"]) == (2, 3, g3)
    assert aliased(client, settings) == [g3] and answered[-1] == [g3]
    third = documents(client, g3)
    assert sorted(r["record_key"] for doc in third.values() for r in doc["records"]) == every_record
    assert record_groups(third) == folded_groups(generation[3])
    # Replaying the same inputs again: the same records log, the same documents at the same versions.
    assert log_values(generation[3]) == log_values(generation[2])
    assert third == second
    print(f"\nreplay of {len(EVENTS)} events into generation 3: {report['seconds']:.1f} s, {len(third)} entities "
          f"(generation 2: {len(second)}, generation 1: {len(live)}; identical groups g1/g2/g3: "
          f"{record_groups(live) == record_groups(second)}/{record_groups(second) == record_groups(third)})")

    # An old generation can be dropped, never the live one.
    with pytest.raises(ReplayError):
        drop_generation(settings, 3)
    dropped = drop_generation(settings, 2)
    g2_topics = {topology(generation[2]).records, topology(generation[2]).entities}
    assert g2_topics <= set(dropped.topics) and not g2_topics & existing_topics(settings)
    assert not client.indices.exists(index=g2) and client.indices.exists(index=g3)
    assert {topology(generation[1]).records, topology(generation[3]).records} <= existing_topics(settings)

    # Generation 1's indexer still runs: it writes its own index, never the alias that now reads generation 3.
    publish(settings, [person_event("police", "LATE-1", 1, given_name="Teodora", family_name="Quiroz")])
    wait_until(lambda: any(d["display_name"] == "Teodora Quiroz" for d in documents(client, g1).values()), 120,
               "generation 1 did not index the late event")
    assert not [d for d in documents(client, settings.elastic.entities_alias).values()
                if d["display_name"] == "Teodora Quiroz"]


def test_links_are_resolved_when_an_entity_is_read(settings: Settings, live: dict[str, dict[str, Any]]) -> None:
    holder = {r["record_key"]: doc["entity_id"] for doc in live.values() for r in doc["records"]}
    linking = [doc for doc in live.values() if any(holder.get(link["record"]) not in (None, doc["entity_id"])
                                                    for link in doc["links"])]
    assert linking, "the simulated events produced no links between entities"
    source = linking[0]
    view = entity_view(settings, source["entity_id"])
    assert view is not None and view["entity_id"] == source["entity_id"] and "search" not in view
    expected = {(link["rel"], holder[link["record"]]) for link in source["links"]
                if holder.get(link["record"]) not in (None, source["entity_id"])}
    out = [entry for entry in view["linked"] if entry["direction"] == "out" and entry["entity_id"]]
    assert {(entry["rel"], entry["entity_id"]) for entry in out} == expected
    entry = out[0]
    assert entry["kind"] == live[entry["entity_id"]]["kind"] and entry["display_name"] == live[entry["entity_id"]]["display_name"]
    assert set(entry["asserted_by"]) <= {r["record_key"] for r in source["records"]}

    target = entity_view(settings, entry["entity_id"])
    assert target is not None
    back = [e for e in target["linked"] if e["direction"] == "in" and e["entity_id"] == source["entity_id"]]
    assert [(e["rel"], e["asserted_by"]) for e in back if e["rel"] == entry["rel"]] == [(entry["rel"], entry["asserted_by"])]

    assert entity_view(settings, "per-does-not-exist") is None


def test_a_merged_away_id_leads_to_the_entity_that_absorbed_it(settings: Settings) -> None:
    from elasticsearch.helpers import bulk

    from consumers.documents import build_action
    from consumers.mappings import ensure_index

    client = make_client(settings)
    ensure_index(client, settings)
    person = {"entity_id": "per-b", "kind": "person", "version": 7, "display_name": "Ana Pop", "merged_from": ["per-a"],
              "records": [{"record_key": "police/P-1"}, {"record_key": "customs/C-1"}],
              "links": [{"rel": "owns", "record": "police/V-1", "via": "police/P-1"}]}
    vehicle = {"entity_id": "veh-c", "kind": "vehicle", "version": 3, "display_name": "CAY-4521", "merged_from": [],
               "records": [{"record_key": "police/V-1"}], "links": []}
    assert bulk(client, [build_action(d["entity_id"], d, index_name(settings)) for d in (person, vehicle)],
                refresh="wait_for") == (2, [])
    view = entity_view(settings, "per-a")
    assert view is not None and (view["entity_id"], view["redirected_from"], view["version"]) == ("per-b", "per-a", 7)
    assert view["linked"] == [{"rel": "owns", "direction": "out", "entity_id": "veh-c", "kind": "vehicle",
                               "display_name": "CAY-4521", "records": ["police/V-1"], "asserted_by": ["police/P-1"]}]
    back = entity_view(settings, "veh-c")
    assert back is not None and "redirected_from" not in back
    assert [(e["direction"], e["entity_id"], e["records"]) for e in back["linked"]] == [("in", "per-b", ["police/V-1"])]
