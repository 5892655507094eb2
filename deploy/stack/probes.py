"""Is a service answering? TCP first, then a real protocol call (Kafka metadata, Elasticsearch health)."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any


def tcp_open(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """Whether something accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def kafka_answers(port: int, timeout: float = 5.0) -> bool:
    """A broker on ``127.0.0.1:port`` returns cluster metadata within ``timeout`` seconds."""
    if not tcp_open(port):
        return False
    from confluent_kafka import KafkaException
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": f"127.0.0.1:{port}", "log_level": 2})
    try:
        metadata = admin.list_topics(timeout=timeout)
    except KafkaException:
        return False
    return bool(metadata.brokers)


def elastic_get(port: int, path: str, timeout: float = 5.0) -> dict[str, Any] | None:
    """GET ``http://127.0.0.1:port/path`` as JSON, or None when nothing (or no HTTP 200) answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            body: dict[str, Any] = json.loads(response.read())
            return body
    except (OSError, urllib.error.URLError, ValueError):
        return None


def elastic_answers(port: int, timeout: float = 5.0) -> bool:
    """The node on ``port`` reports cluster health yellow or green within ``timeout`` seconds."""
    if not tcp_open(port):
        return False
    wait = max(int(timeout) - 1, 1)
    health = elastic_get(port, f"/_cluster/health?wait_for_status=yellow&timeout={wait}s", timeout=timeout)
    return health is not None and health.get("status") in ("yellow", "green")


def elastic_version(port: int) -> str | None:
    info = elastic_get(port, "/", timeout=3.0)
    version = (info or {}).get("version", {})
    return version.get("number") if isinstance(version, dict) else None
