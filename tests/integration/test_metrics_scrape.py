"""Metrics, health and ``enlace status`` of a real worker and indexer against the real stack.

Both processes run with JSON logs and with secrets in their settings; the test scrapes their
``/metrics`` over HTTP and checks the counters against what it published, the dead-letter counter
against one malformed message, readiness once caught up, and that no secret appears anywhere.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from deploy.processes import enlace_executable, spawn, stop
from deploy.settings import Settings, settings_env
from producers.client import AgencyProducer
from producers.simulator.scenario import simulate_events
from streams.topology import ensure_topology

from helpers import wait_until
from test_pipeline import lagging

pytestmark = pytest.mark.integration

EVENTS = 300
SASL_PASSWORD = "sasl-Pa55word-never-printed"
API_KEY = "key-id:api-Key-never-printed"
URL_PASSWORD = "url-Pa55-never-printed"
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
"""``(sample name, sorted labels) -> value``."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def scrape(port: int) -> Samples:
    """``(sample name, sorted labels) -> value`` of every sample on ``127.0.0.1:port/metrics``."""
    status, body = get(f"http://127.0.0.1:{port}/metrics")
    assert status == 200, body
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def total(samples: Samples, name: str, **labels: str) -> float:
    return sum(v for (n, ls), v in samples.items() if n == name and all((k, w) in ls for k, w in labels.items()))


def ready(port: int) -> bool:
    status, body = get(f"http://127.0.0.1:{port}/health/ready")
    return status == 200 and json.loads(body)["ready"] is True


@pytest.fixture
def secret_settings(settings: Settings) -> Settings:
    """The test's settings with secrets set that the local stack ignores (PLAINTEXT Kafka, ES without security)."""
    url = settings.elastic.url.replace("http://", f"http://enlace:{URL_PASSWORD}@")
    return settings.model_copy(update={
        "kafka": settings.kafka.model_copy(update={"sasl_username": "enlace", "sasl_password": SecretStr(SASL_PASSWORD)}),
        "elastic": settings.elastic.model_copy(update={"api_key": SecretStr(API_KEY), "url": url}),
        "indexer": settings.indexer.model_copy(update={"metrics_port": free_port(), "lag_interval": 1.0}),
    })


@pytest.fixture
def pipeline(secret_settings: Settings, tmp_path: Path) -> Iterator[dict[str, Any]]:
    ensure_topology(secret_settings)
    procs = {name: spawn([name, "--log-format", "json"], secret_settings, tmp_path / f"{name}.log")
             for name in ("worker", "indexer")}
    yield procs
    for proc in procs.values():
        stop(proc)


def assert_no_secret(text: str, where: str) -> None:
    for secret in (SASL_PASSWORD, API_KEY, API_KEY.split(":")[1], URL_PASSWORD):
        assert secret not in text, f"a secret appears in {where}"


def scraped(port: int, holds: Callable[[Samples], bool], timeout: float, message: str) -> Samples:
    """The first scrape of ``port`` for which ``holds`` is true (counters lag the work by a scrape at most)."""
    def attempt() -> Samples | None:
        samples = scrape(port)
        return samples if holds(samples) else None

    return wait_until(attempt, timeout, message)


def test_metrics_health_status_and_logs(secret_settings: Settings, pipeline: dict[str, Any], tmp_path: Path) -> None:
    settings = secret_settings
    worker_port, indexer_port = settings.stream.web_port, settings.indexer.metrics_port
    wait_until(lambda: get(f"http://127.0.0.1:{indexer_port}/health/live")[0] == 200, 60, "the indexer is not live")
    wait_until(lambda: ready(worker_port), 120, "the worker never became ready")
    wait_until(lambda: ready(indexer_port), 60, "the indexer never became ready")
    assert get(f"http://127.0.0.1:{worker_port}/health/live") == (200, '{"live": true}')

    events = [sim.event for sim in simulate_events(EVENTS, seed=11)]
    published = Counter(settings.kafka.agency_topic(event["envelope"]["agency"]) for event in events)
    malformed_topic = settings.kafka.agency_topic("police")
    with AgencyProducer(settings) as producer:
        for event in events:
            producer.publish(event)
        producer.publish_raw(malformed_topic, b"police:BROKEN-1", b"not an avro event")
    wait_until(lambda: not lagging(settings), 180, "the pipeline did not catch up")

    worker = scraped(worker_port, lambda s: total(s, "enlace_stream_events_in_total") >= EVENTS + 1, 30,
                     "the worker's event counter never reached what was published")
    assert {topic: total(worker, "enlace_stream_events_in_total", topic=topic) for topic in published} == {
        topic: count + (topic == malformed_topic) for topic, count in published.items()}  # each message counted once
    assert total(worker, "enlace_stream_events_in_total", topic=malformed_topic, outcome="dead_letter") == 1
    assert total(worker, "enlace_dead_letters_total", topic=malformed_topic, reason="DecodeError") == 1
    assert total(worker, "enlace_dead_letters_total") == 1
    forwarded = total(worker, "enlace_stream_events_in_total", outcome="forward")
    commands = total(worker, "enlace_records_commands_out_total")
    assert 0 < forwarded <= commands == total(worker, "enlace_stream_processing_seconds_count", agent="resolve")
    assert total(worker, "enlace_resolver_merges_total", kind="person") > 0  # 300 events hold repeated persons
    assert total(worker, "enlace_ready", component="worker") == 1
    documents = total(worker, "enlace_entity_documents_out_total")

    indexer = scraped(indexer_port, lambda s: total(s, "enlace_indexer_messages_total") == documents > 0, 60,
                      "the indexer's message counter never matched the documents the worker sent")
    assert total(indexer, "enlace_produce_to_searchable_seconds_count") > 0
    assert total(indexer, "enlace_indexer_documents_total", outcome="done") > 0
    assert total(indexer, "enlace_dependency_up", dependency="elasticsearch") == 1
    scraped(indexer_port, lambda s: lag_stages(s) == {"ingest": 0, "judgements": 0, "resolve": 0, "index": 0}, 30,
            "the indexer's lag gauge never read 0 for every stage")
    assert ready(worker_port) and ready(indexer_port)

    env = {**_base_env(), **settings_env(settings), "COLUMNS": "200"}
    status = subprocess.run([enlace_executable(), "status", "--json"], env=env, capture_output=True, text=True,
                            timeout=120)
    reading = json.loads(status.stdout)
    assert reading["kafka"]["reachable"] and reading["elasticsearch"]["reachable"]
    assert [len(reading["groups"][role]["members"]) for role in ("workers", "indexers")] == [1, 1]
    assert reading["dead_letters"][f"{settings.kafka.topic_prefix}dead-letters"] == 1
    assert reading["elasticsearch"]["index"]["documents"] > 0
    assert status.returncode == 0, reading["problems"]
    table = subprocess.run([enlace_executable(), "status"], env=env, capture_output=True, text=True, timeout=120)
    assert "all well" in table.stdout
    for where, text in (("status --json", status.stdout + status.stderr), ("status", table.stdout + table.stderr)):
        assert_no_secret(text, where)

    for name, proc in pipeline.items():
        stop(proc)
        log = (tmp_path / f"{name}.log").read_text()
        assert_no_secret(log, f"the {name}'s log")
        lines = [line for line in log.splitlines() if line.strip()]
        assert lines and all(json.loads(line)["level"] for line in lines), f"{name} wrote a line that is not JSON"
    worker_log = [json.loads(line) for line in (tmp_path / "worker.log").read_text().splitlines() if line.strip()]
    [dead] = [line for line in worker_log if line["message"].startswith("dead letter")]
    assert dead["topic"] == malformed_topic and isinstance(dead["offset"], int)  # the event's position, from Faust


def lag_stages(samples: Samples) -> dict[str, float]:
    stages: dict[str, float] = {}
    for (name, labels), value in samples.items():
        if name == "enlace_consumer_lag_messages":
            stage = dict(labels)["stage"]
            stages[stage] = stages.get(stage, 0) + value
    return stages


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ENLACE_")}
