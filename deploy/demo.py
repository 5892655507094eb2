"""The main job end to end on the local stack: start it, simulate agencies, fuse, index, show a fused entity."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deploy.lag import pipeline_lag
from deploy.processes import running
from deploy.settings import AGENCIES, Settings
from deploy.waiting import wait_until
from schemas.errors import EnlaceError

Say = Callable[[str], None]


@dataclass(frozen=True)
class TruthCheck:
    """What the simulator's truth file says about one fused entity's records."""

    entities: int
    """Distinct simulated (ground-truth) entities among the records the truth file covers."""
    unknown: int
    """Records it does not cover: published before this run (another seed, or other data on the same stack)."""

    def sentence(self, records: int) -> str:
        verdict = "all one simulated person" if self.entities == 1 else f"{self.entities} different simulated entities"
        if not self.unknown:
            return f"Ground truth check: its {records} records are {verdict}."
        if self.unknown == records:
            return (f"Ground truth check: none of its {records} records is from this run's simulation (earlier data on "
                    "this stack), so this run's truth file cannot check them.")
        return (f"Ground truth check: of its {records} records, the {records - self.unknown} from this run's simulation "
                f"are {verdict}; {self.unknown} came from earlier data on this stack, which this run's truth file "
                "does not cover.")


@dataclass(frozen=True)
class DemoResult:
    events: int
    entities: int
    entity: dict[str, Any]
    search_query: str
    hits: list[dict[str, Any]]
    truth: TruthCheck
    """Which simulated (ground-truth) entities the shown entity's records belong to."""
    linked: list[dict[str, Any]]
    """The entities the shown entity links to or is linked from (looked up at read time)."""


def richest_person(settings: Settings) -> dict[str, Any]:
    """The indexed person entity whose records come from the most agencies."""
    from consumers.elastic import make_client

    client = make_client(settings)
    alias = settings.elastic.entities_alias
    client.indices.refresh(index=alias)
    response = client.search(
        index=alias,
        body={
            "size": 1,
            "query": {"term": {"kind": "person"}},
            "sort": [{"_script": {"type": "number", "order": "desc", "script": "doc['agencies'].size()"}},
                     {"entity_id": "asc"}],
        },
    )
    hits = response["hits"]["hits"]
    if not hits:
        raise EnlaceError(f"no person entity in {alias}")
    return dict(hits[0]["_source"])


def misspell(name: str) -> str:
    """A plausible analyst's misspelling: accents dropped and one letter doubled in the surname."""
    from unidecode import unidecode

    words = unidecode(name).split()
    last = words[-1]
    if len(last) > 3:
        words[-1] = last[:2] + last[2] + last[2:]
    return " ".join(words)


def truth_check(entity: dict[str, Any], truth_path: Path) -> TruthCheck:
    """What the simulator's truth file says about ``entity``'s records (``TruthCheck``)."""
    truth = {}
    with truth_path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            truth[row["record_key"]] = row["entity_id"]
    keys = [record["record_key"] for record in entity["records"]]
    known = {truth[key] for key in keys if key in truth}
    return TruthCheck(len(known), sum(key not in truth for key in keys))


def run_demo(settings: Settings, *, events: int, seed: int, timeout: float, say: Say) -> DemoResult:
    from consumers.search import search_entities
    from deploy import stack
    from streams.topology import ensure_topology
    from producers.publishing import simulate

    say("Starting the local stack (Kafka 3.9 KRaft + Elasticsearch 7.10) ...")
    stack.up(settings)
    ensure_topology(settings)
    logs = Path(settings.stack.home) / "logs"
    with running(["worker"], settings, logs / "worker.log"), running(["indexer"], settings, logs / "indexer.log"):
        say(f"Worker and indexer running (logs in {logs}). Simulating {events} events from {len(AGENCIES)} agencies ...")
        truth_path = Path(settings.stack.home) / "demo-truth.jsonl"
        report = simulate(settings, events=events, seed=seed, truth_out=truth_path)
        if report.delivery_failures:
            raise EnlaceError(f"{len(report.delivery_failures)} deliveries failed: {report.delivery_failures[:3]}")
        say(f"Published {report.events} events ({report.records} records) at {report.rate:.0f} events/s; "
            "waiting until the worker and the indexer have caught up ...")
        wait_until(lambda: pipeline_lag(settings) == 0, timeout,
                   f"pipeline still lagging; see {logs / 'worker.log'} and {logs / 'indexer.log'}", interval=1.0)
    entity = richest_person(settings)
    if len(entity.get("agencies", [])) < 2:
        raise EnlaceError(f"the best fused person {entity['entity_id']} has records from one agency only")
    query = misspell(entity["display_name"])
    hits = search_entities(settings, query, kind="person", size=5)
    from consumers.elastic import make_client

    count = make_client(settings).count(index=settings.elastic.entities_alias)["count"]
    from consumers.search import entity_view

    view = entity_view(settings, entity["entity_id"]) or {}
    return DemoResult(report.events, count, entity, query, hits, truth_check(entity, truth_path), view.get("linked", []))
