"""An analyst's "not same" on a merged entity splits it in the search index within 5 seconds."""

from __future__ import annotations

import time
from typing import Any

import pytest

from deploy.settings import Settings
from producers.client import AgencyProducer
from producers.judgements import publish_judgement
from test_pipeline import es_documents, processes  # noqa: F401 - the worker + indexer fixture
from test_stream import three_agencies

from helpers import wait_until

pytestmark = pytest.mark.integration

SPLIT_WITHIN = 5.0


def indexed_groups(settings: Settings) -> list[set[str]]:
    """The member record keys of every entity searchable under the alias."""
    from consumers.elastic import make_client

    client = make_client(settings)
    alias = settings.elastic.entities_alias
    if not client.indices.exists_alias(name=alias):
        return []
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, query={"match_all": {}}, size=1000)["hits"]["hits"]
    return [{r["record_key"] for r in hit["_source"]["records"]} for hit in hits]


def test_not_same_splits_a_merged_entity_in_the_index_within_5_s(settings: Settings, processes: Any) -> None:
    with AgencyProducer(settings) as producer:
        for event in three_agencies():
            producer.publish(event)
    police, immigration = "police/INC-77-p0", "immigration/BC-0042-p0"
    wait_until(lambda: any({police, immigration} <= g for g in indexed_groups(settings)), 120,
               "the three agencies' records were never one searchable entity")

    started = time.monotonic()
    publish_judgement(settings, left=police, right=immigration, verdict="not_same", kind="person",
                      who="analyst-7", why="different fathers named on the two records")
    groups = wait_until(lambda: (lambda gs: gs if gs and not any({police, immigration} <= g for g in gs) else None)(
        indexed_groups(settings)), 30, "the judgement never split the entity")
    took = time.monotonic() - started
    print(f"split searchable {took:.2f} s after the judgement was published")
    assert took < SPLIT_WITHIN
    assert sum(len(g) for g in groups) == 3  # nothing lost in the split
