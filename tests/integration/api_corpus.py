"""A simulated corpus fused and indexed into the real Elasticsearch, and a client of the real API over it.

Module-scoped: building it takes a few seconds, so the tests of one file share it. The events
go through the stream's pure steps and the indexer's bulk path (``consumers.corpus``); the API
runs in-process (FastAPI's TestClient) against the real Elasticsearch and Kafka (audit topic,
judgements topic).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import delete_indices, delete_kafka_state, isolated_settings
from consumers.corpus import fuse, index_documents
from deploy.settings import Settings
from producers.simulator.scenario import SimEvent, simulate_events

SAMPLE_USERS = Path(__file__).resolve().parents[2] / "deploy" / "config" / "users.sample.yaml"
VIEWERS = ("ana", "ben", "carla", "dan", "eva", "ivan", "pat")
"""Sample users: police CONFIDENTIAL, licensing RESTRICTED, prosecutions SECRET (sees all the simulator
releases to prosecutions), customs UNCLASSIFIED, forensics RESTRICTED, immigration RESTRICTED, partners RESTRICTED."""


def key(user: str) -> dict[str, str]:
    return {"X-API-Key": f"sample-key-{user}"}


@dataclass
class Corpus:
    settings: Settings
    sims: list[SimEvent]
    documents: list[dict[str, Any]]
    client: TestClient

    def get(self, user: str, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params, headers=key(user))
        assert response.status_code == 200, (path, params, response.status_code, response.text[:500])
        return response.json()

    def search(self, user: str, **params: Any) -> dict[str, Any]:
        found: dict[str, Any] = self.get(user, "/api/search", **params)
        return found

    def truth(self) -> dict[str, str]:
        """record key -> true entity id."""
        return {k: v for sim in self.sims for k, v in sim.truth.items()}


def build(base: Settings, tmp: Path, events: int, seed: int) -> Iterator[Corpus]:
    """Index ``events`` simulated events under fresh prefixes; yield the corpus; delete its topics and indices."""
    from consumers.api import create_app
    from consumers.users import load_users

    tag = f"t{uuid.uuid4().hex[:8]}"
    settings = isolated_settings(base, tag, tmp / "worker")
    settings = settings.model_copy(update={"api": settings.api.model_copy(update={"users_file": SAMPLE_USERS})})
    sims = list(simulate_events(events, seed=seed))
    documents = fuse([sim.event for sim in sims])
    try:
        assert index_documents(settings, documents) == len(documents)
        app = create_app(settings, load_users(SAMPLE_USERS))
        with TestClient(app) as client:
            yield Corpus(settings, sims, documents, client)
        app.state.service.close()
    finally:
        delete_kafka_state(settings, tag)
        delete_indices(settings, tag)


@pytest.fixture(scope="module")
def corpus(stack: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    yield from build(Settings(), tmp_path_factory.mktemp("corpus"), events=1500, seed=11)
