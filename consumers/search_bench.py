"""``enlace bench search``: name and identifier-fragment search latency through the API over HTTP, at scale.

The index (under its own prefix, reused by later runs) holds at least ``entities`` fused entities,
built from simulated events by the stream's pure steps and bulk-indexed through the indexer's code
path (``consumers.corpus``: the pipeline without its Kafka hops, far faster than the real pipeline).
The API then runs under uvicorn on a free local port and is asked, one request at a time over a
keep-alive connection, misspelt names and identifier fragments taken from the indexed entities, as
a user who may see every record, with the API's defaults (facets on, every call audited). A last
phase pages past 10,000 hits with the cursor.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from deploy.settings import Settings

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

Progress = Callable[[str], None]
PREFIX = "enlace-bench-search"
ENTITIES_PER_EVENT = 0.5
"""Fused entities per simulated event (about 0.55 measured); sizes the simulation with a margin."""
VIEWER_KEY = "bench-search-key"


@dataclass(slots=True)
class SearchFigures:
    entities: int
    built_s: float | None
    name_ms: dict[str, float] = field(default_factory=dict)
    identifier_ms: dict[str, float] = field(default_factory=dict)
    samples: int = 0
    deep_paging: dict[str, Any] = field(default_factory=dict)
    how_built: str = ""


def bench_settings(base: Settings) -> Settings:
    """``base`` with the bench's own index and topic prefix."""
    return base.model_copy(update={
        "kafka": base.kafka.model_copy(update={"topic_prefix": f"{PREFIX}."}),
        "elastic": base.elastic.model_copy(update={"index_prefix": PREFIX}),
    })


def indexed_count(client: Elasticsearch, settings: Settings) -> int:
    alias = settings.elastic.entities_alias
    if not client.indices.exists_alias(name=alias):
        return 0
    client.indices.refresh(index=alias)
    return int(client.count(index=alias)["count"])


def build_index(settings: Settings, entities: int, seed: int, progress: Progress) -> int:
    """Fuse enough simulated events for ``entities`` entities and index them; returns the count indexed."""
    from consumers.corpus import fuse, index_documents
    from producers.simulator.scenario import simulate_events

    events = int(entities / ENTITIES_PER_EVENT) + 1000
    progress(f"simulating and fusing {events:,} events")
    documents = fuse((sim.event for sim in simulate_events(events, seed=seed)), progress=progress, every=20_000)
    progress(f"indexing {len(documents):,} entities")
    return index_documents(settings, documents, progress=progress)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1), "max": round(ordered[-1], 1)}


def _sample(client: Elasticsearch, settings: Settings, kind: str, size: int, seed: int) -> list[dict[str, Any]]:
    query = {"function_score": {"query": {"term": {"kind": kind}}, "random_score": {"seed": seed, "field": "_seq_no"}}}
    found = client.search(index=settings.elastic.entities_alias, query=query, size=size,
                          _source=["entity_id", "display_name", "attributes"])
    return [hit["_source"] for hit in found["hits"]["hits"]]


def queries(client: Elasticsearch, settings: Settings, samples: int, seed: int) -> tuple[list[str], list[str]]:
    """Misspelt or reordered names, and identifier fragments (plates with look-alikes, VINs, serials with ?, documents)."""
    from producers.simulator import noise
    from streams.resolve.normalize.text import compact

    rng = random.Random(seed)
    names = []
    for person in _sample(client, settings, "person", samples, seed):
        words = str(person["display_name"]).split()
        if len(words) >= 2:
            words[0] = noise.typo(words[0], rng)
            names.append(" ".join(reversed(words)) if rng.random() < 0.3 else " ".join(words))
    identifiers: list[str] = []
    for vehicle in _sample(client, settings, "vehicle", samples, seed):
        attrs = vehicle["attributes"]
        if attrs.get("vin") and rng.random() < 0.4:
            vin = compact(attrs["vin"][0]["value"])
            start = rng.randrange(0, max(1, len(vin) - 8))
            identifiers.append(vin[start:start + 8])
        elif attrs.get("plate"):
            identifiers.append(noise.confuse(compact(attrs["plate"][0]["value"])[-5:], rng))
    for gun in _sample(client, settings, "firearm", samples // 2, seed):
        serials = [compact(s["value"]) for s in gun["attributes"].get("serial_number", []) if len(s["value"]) >= 6]
        if serials:
            serial = list(serials[0])
            serial[rng.randrange(1, len(serial))] = "?"
            identifiers.append("".join(serial) if rng.random() < 0.5 else serials[0][1:6])
    for person in _sample(client, settings, "person", samples, seed + 1):
        numbers = [str(n["raw"]) for n in person["attributes"].get("id_numbers", [])]
        if numbers:
            identifiers.append(numbers[0])
    rng.shuffle(identifiers)
    return names[:samples], identifiers[:samples]


class _Server:
    """uvicorn serving the API in a thread of this process, on a free local port."""

    def __init__(self, app: Any) -> None:
        import socket

        import uvicorn

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _Server:
        from deploy.waiting import wait_until

        self.thread.start()
        wait_until(lambda: self.server.started, 30, "uvicorn did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def _timed(http: Any, texts: list[str], params: dict[str, Any] | None = None) -> Iterator[float]:
    for text in texts:
        started = time.perf_counter()
        response = http.get("/api/search", params={"q": text, **(params or {})})
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        yield elapsed


def deep_page(http: Any, beyond: int = 10_000, size: int = 100) -> dict[str, Any]:
    """Follow the cursor through a browse of every person until past ``beyond`` hits; no hit may repeat."""
    seen: set[str] = set()
    pages, cursor, started = 0, None, time.perf_counter()
    while len(seen) <= beyond:
        params: dict[str, Any] = {"kind": "person", "size": size, "facets": "false"}
        if cursor:
            params["cursor"] = cursor
        page = http.get("/api/search", params=params).raise_for_status().json()
        pages += 1
        ids = [h["entity_id"] for h in page["hits"]]
        if set(ids) & seen:
            raise AssertionError(f"page {pages} repeats hits")
        seen.update(ids)
        cursor = page["next_cursor"]
        if not cursor:
            break
    return {"hits": len(seen), "pages": pages, "seconds": round(time.perf_counter() - started, 1),
            "past_10000": len(seen) > beyond}


def run_search_bench(base: Settings, entities: int = 100_000, samples: int = 300, seed: int = 0,
                     rebuild: bool = False, progress: Progress = lambda _: None) -> SearchFigures:
    """Build (or reuse) the bench index, then measure search latency through the API over HTTP."""
    import httpx

    from consumers.api import create_app
    from consumers.elastic import make_client
    from consumers.service import AnalystService
    from consumers.users import parse_users, user_entry

    settings = bench_settings(base)
    client = make_client(settings)
    built_s = None
    have = indexed_count(client, settings)
    if rebuild or have < entities:
        if have:
            client.indices.delete(index=f"{PREFIX}-entities*", ignore_unavailable=True)
        started = time.perf_counter()
        have = build_index(settings, entities, seed, progress)
        built_s = round(time.perf_counter() - started, 1)
    progress(f"{have:,} entities indexed; preparing queries")
    names, identifiers = queries(client, settings, samples, seed)
    users = parse_users({"users": [user_entry("bench", "prosecutions", "SECRET", VIEWER_KEY)]})  # sees all simulated records
    service = AnalystService(settings, client)
    figures = SearchFigures(have, built_s, how_built="simulated events -> stream's pure steps (extract, dedupe, ingest, "
                            "Partition) -> indexer's plan/bulk path")
    with _Server(create_app(settings, users, service)) as server, \
            httpx.Client(base_url=f"http://127.0.0.1:{server.port}", headers={"X-API-Key": VIEWER_KEY},
                         timeout=30) as http:
        progress("warming up")
        for _ in _timed(http, names[:30] + identifiers[:30]):
            pass
        progress(f"timing {len(names)} name and {len(identifiers)} identifier searches")
        figures.name_ms = percentiles(list(_timed(http, names)))
        figures.identifier_ms = percentiles(list(_timed(http, identifiers)))
        figures.samples = min(len(names), len(identifiers))
        progress("paging past 10,000 hits")
        figures.deep_paging = deep_page(http)
    service.close()
    return figures
