"""``enlace status``: what counts as a problem, how it prints, and that no secret is ever shown."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from typing import Any

import pytest
from rich.console import Console

from deploy.commands.status import screen
from deploy.processes import enlace_executable
from deploy.status import problems, redacted_url

SECRETS = {"ENLACE_KAFKA__SASL_PASSWORD": "kafka-Pa55-unit", "ENLACE_ELASTIC__API_KEY": "api-id:api-Key-unit",
           "ENLACE_REGISTRY__BASIC_AUTH_USER_INFO": "reg:reg-Pa55-unit"}


@pytest.mark.parametrize(("url", "shown"), [
    ("http://127.0.0.1:9200", "http://127.0.0.1:9200"),
    ("https://elastic:changeme@es.example:9243/prefix", "https://***@es.example:9243/prefix"),
    ("https://token@es.example", "https://***@es.example"),
])
def test_urls_lose_their_credentials(url: str, shown: str) -> None:
    assert redacted_url(url) == shown


def reading(members: int = 1, lag: int = 0, alias: bool = True) -> dict[str, Any]:
    member = {"client_id": "c", "host": "/10.0.0.5", "partitions": 3}
    group = {"state": "stable" if members else "empty", "members": [member] * members}
    return {
        "kafka": {"bootstrap_servers": "k:9092", "reachable": True, "brokers": 3, "cluster_id": "abc"},
        "elasticsearch": {"url": "http://es:9200", "reachable": True, "version": "7.10.2", "health": "green",
                          "index": {"alias": "enlace-entities", "writes_to": "enlace-entities-v1", "exists": alias,
                                    "indices": ["enlace-entities-v1"], "documents": 1285,
                                    "newest": "2026-11-23T10:50:42.817Z", "newest_age_seconds": 12.0}},
        "groups": {"workers": {"group": "enlace-fusion", **group}, "indexers": {"group": "enlace-fusion-indexer", **group}},
        "lag": {"ingest": {"lag": lag, "partitions": 42}, "judgements": {"lag": 0, "partitions": 1},
                "resolve": {"lag": 0, "partitions": 3}, "index": {"lag": 0, "partitions": 6}},
        "dead_letters": {"enlace.dead-letters": 2, "enlace.index-dead-letters": None},
    }


def test_lag_is_shown_but_missing_processes_and_alias_are_problems() -> None:
    assert problems(reading(lag=5000)) == []
    assert problems(reading(members=0)) == [
        "no worker is running (consumer group enlace-fusion has no members)",
        "no indexer is running (consumer group enlace-fusion-indexer has no members)"]
    assert problems(reading(alias=False)) == ["the search alias enlace-entities does not exist"]
    down = reading()
    down["kafka"] = {"bootstrap_servers": "k:9092", "reachable": False, "error": "KafkaException: timed out"}
    del down["groups"], down["lag"], down["dead_letters"]
    assert problems(down) == ["Kafka does not answer"]


def test_one_screen_holds_every_section() -> None:
    console = Console(width=160, record=True)
    data = reading(lag=5000)
    data["problems"] = problems(data)
    console.print(screen(data))
    text = console.export_text()
    for expected in ("Kafka", "version 7.10.2", "enlace-fusion-indexer", "/10.0.0.5 (3 partitions)", "5,000",
                     "dead letters in enlace.dead-letters", "1,285 in enlace-entities-v1", "(12 s ago)", "all well"):
        assert expected in text, expected


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed again: nothing listens there


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "table"])
def test_status_shows_no_secret_even_when_everything_fails(as_json: bool) -> None:
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENLACE_")}
    env.update(SECRETS, ENLACE_KAFKA__BOOTSTRAP_SERVERS=f"127.0.0.1:{port}",
               ENLACE_KAFKA__SECURITY_PROTOCOL="SASL_PLAINTEXT",
               ENLACE_KAFKA__SASL_MECHANISM="SCRAM-SHA-256", ENLACE_KAFKA__SASL_USERNAME="enlace",
               ENLACE_ELASTIC__URL=f"http://enlace:es-url-Pa55-unit@127.0.0.1:{port}", COLUMNS="200")
    result = subprocess.run([enlace_executable(), "status", "--timeout", "1", *(["--json"] if as_json else [])],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    for secret in [*SECRETS.values(), "api-Key-unit", "es-url-Pa55-unit"]:
        assert secret not in output
    if as_json:
        shown = json.loads(result.stdout)
        assert shown["problems"] == ["Kafka does not answer", "Elasticsearch does not answer"]
        assert shown["elasticsearch"]["url"] == f"http://***@127.0.0.1:{port}"
    else:
        assert "Kafka does not answer" in result.stdout and f"http://***@127.0.0.1:{port}" in result.stdout
