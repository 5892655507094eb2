"""Every search, profile view, export and judgement is audited to the real Kafka topic and Elasticsearch index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from api_corpus import Corpus, corpus, key  # noqa: F401 - corpus is a fixture
from consumers.audit import audit_entries, audit_topic
from deploy.settings import settings_env
from helpers import wait_until

pytestmark = pytest.mark.integration
ENLACE = str(Path(sys.executable).with_name("enlace"))


def topic_entries(corpus: Corpus, count: int, timeout: float = 60.0) -> list[dict[str, Any]]:
    from confluent_kafka import Consumer

    consumer = Consumer({**corpus.settings.kafka.librdkafka(), "group.id": f"{corpus.settings.kafka.topic_prefix}audit-{uuid.uuid4().hex}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([audit_topic(corpus.settings)])
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    try:
        while len(found) < count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                found.append(json.loads(msg.value()))
    finally:
        consumer.close()
    return found


def cli(corpus: Corpus, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings_env(corpus.settings)}
    return subprocess.run([ENLACE, *args], capture_output=True, text=True, env=env, timeout=120)


def test_each_call_is_audited_in_the_topic_and_the_index(corpus: Corpus) -> None:
    person, other = [d for d in corpus.documents if d["kind"] == "person"][:2]
    name = person["display_name"]
    assert corpus.client.get("/api/search", params={"q": name}).status_code == 401  # no identity: refused, not audited
    page = corpus.search("ana", q=name)
    profile = corpus.get("ana", f"/api/entities/{person['entity_id']}")
    missing = corpus.client.get("/api/entities/per-000000000000", headers=key("ana"))
    exported = corpus.get("ben", "/api/export", kind="firearm", limit=5)
    judged = corpus.client.post("/api/judgements", headers=key("ana"), json={
        "left": person["entity_id"], "right": other["entity_id"], "verdict": "unsure", "why": "audit test"}).json()
    assert missing.status_code == 404

    entries = wait_until(lambda: len(got := audit_entries(corpus.settings, size=100)) >= 5 and got, 30,
                         "the audit index never held the five calls")
    assert len(entries) == 5
    by_action = {e["action"]: e for e in entries if e["action"] != "profile"}
    profiles = sorted((e for e in entries if e["action"] == "profile"), key=lambda e: e["status"])
    assert by_action["search"]["user"] == "ana" and by_action["search"]["query"]["q"] == name
    assert by_action["search"]["result_ids"] == [h["entity_id"] for h in page["hits"]]
    assert by_action["search"]["result_count"] == page["total"]
    assert [(p["status"], p["query"]["entity_id"]) for p in profiles] == [
        (200, person["entity_id"]), (404, "per-000000000000")]
    assert profiles[0]["result_ids"][0] == profile["entity_id"] and profiles[1]["result_ids"] == []
    assert (by_action["export"]["user"], by_action["export"]["agency"]) == ("ben", "licensing")
    assert by_action["export"]["result_ids"] == [h["entity_id"] for h in exported]
    assert by_action["judgement"]["result_ids"] == [judged["judgement_id"]]
    assert {e["user"] for e in audit_entries(corpus.settings, user="ben")} == {"ben"}
    assert [e["action"] for e in audit_entries(corpus.settings, action="judgement")] == ["judgement"]
    assert audit_entries(corpus.settings, since="now+1h") == []

    on_topic = topic_entries(corpus, 5)
    assert sorted(e["audit_id"] for e in on_topic) == sorted(e["audit_id"] for e in entries)


def test_the_cli_searches_as_a_user_and_reads_the_audit(corpus: Corpus) -> None:
    person = next(d for d in corpus.documents if d["kind"] == "person")
    found = cli(corpus, "search", person["display_name"], "--as", "carla", "--json", "--size", "3")
    assert found.returncode == 0, found.stderr
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert person["entity_id"] in [h["entity_id"] for h in hits] and all("reason" in h for h in hits)
    refused = cli(corpus, "search", person["display_name"])
    assert refused.returncode != 0 and "--as USER" in refused.stderr
    shown = cli(corpus, "search", "--entity", person["entity_id"], "--api-key", "sample-key-carla", "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["entity_id"] == person["entity_id"]

    def carla() -> list[dict[str, Any]]:
        result = cli(corpus, "audit", "--user", "carla", "--json")
        return [json.loads(line) for line in result.stdout.splitlines()] if result.returncode == 0 else []

    entries = wait_until(lambda: len(got := carla()) >= 2 and got, 60, "enlace audit never showed the CLI calls")
    assert sorted(e["action"] for e in entries) == ["profile", "search"]
    assert all(e["user"] == "carla" and e["agency"] == "prosecutions" for e in entries)
    table = cli(corpus, "audit", "--since", "now-1h")
    assert table.returncode == 0 and "carla" in table.stdout
