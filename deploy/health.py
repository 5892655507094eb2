"""Liveness and readiness: a process's named checks, its dependency probes, and the HTTP endpoints.

``/health/live`` answers 200 while the process serves requests at all. ``/health/ready`` answers
200 only when every check passes: the process's own state (e.g. a worker not rebalancing nor
recovering tables) and a recent probe of each dependency it uses (Kafka; Elasticsearch for the
indexer). Probes run at most every ``ttl`` seconds, on demand, and their results are exported as
``enlace_dependency_up``; readiness as ``enlace_ready``. The indexer serves these and ``/metrics``
from a small threaded WSGI server (``serving``); a worker serves them from Faust's web server
(``streams.monitor``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from deploy import metrics

if TYPE_CHECKING:
    from deploy.settings import Settings

log = logging.getLogger("enlace.health")

Probe = Callable[[], bool]


@dataclass
class Health:
    """One component's readiness: state ``checks`` read on every report, dependency ``probes`` cached for ``ttl``."""

    component: str
    checks: dict[str, Callable[[], bool]] = field(default_factory=dict)
    probes: dict[str, Probe] = field(default_factory=dict)
    ttl: float = 5.0
    flags: dict[str, bool] = field(default_factory=dict)
    """State the process sets itself (e.g. ``assigned``), reported as checks."""
    probed: dict[str, bool] = field(default_factory=dict)
    probed_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def probe(self, force: bool = False) -> None:
        """Probe every dependency unless the last probe is younger than ``ttl`` (blocking: run it off the event loop)."""
        with self._lock:
            if not force and self.probed_at is not None and time.monotonic() - self.probed_at < self.ttl:
                return
            for name, probe in self.probes.items():
                try:
                    ok = bool(probe())
                except Exception as exc:  # noqa: BLE001 - a probe that fails says "down", never breaks the endpoint
                    log.warning("probe %s failed: %s", name, type(exc).__name__)
                    ok = False
                self.probed[name] = ok
                metrics.DEPENDENCY_UP.labels(self.component, name).set(int(ok))
            self.probed_at = time.monotonic()

    def report(self) -> dict[str, Any]:
        """``{"component", "ready", "checks": {name: bool}}``; a dependency not probed yet counts as down."""
        results: dict[str, bool] = {}
        for name, check in self.checks.items():
            try:
                results[name] = bool(check())
            except Exception:  # noqa: BLE001 - a check that cannot tell is not passing
                results[name] = False
        results.update(self.flags)
        for name in self.probes:
            results[name] = self.probed.get(name, False)
        ready = all(results.values())
        metrics.READY.labels(self.component).set(int(ready))
        return {"component": self.component, "ready": ready, "checks": results}


def kafka_probe(settings: Settings, timeout: float = 2.0) -> Probe:
    """True when a broker returns cluster metadata within ``timeout`` (one admin client, reused)."""
    client: list[Any] = []

    def probe() -> bool:
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import AdminClient

        if not client:
            # the probe's answer is the report: no librdkafka lines on stderr (they would break JSON logs)
            client.append(AdminClient({**settings.kafka.librdkafka(), "log_level": 0}))
        try:
            return bool(client[0].list_topics(timeout=timeout).brokers)
        except KafkaException:
            return False

    return probe


def elastic_probe(settings: Settings, timeout: float = 2.0) -> Probe:
    """True when Elasticsearch answers a ping within ``timeout``."""
    client: list[Any] = []

    def probe() -> bool:
        from consumers.elastic import make_client

        if not client:
            client.append(make_client(settings))
        return bool(client[0].ping(request_timeout=timeout))

    return probe


def indexer_health(settings: Settings) -> Health:
    """Ready once the indexer has its partitions and Kafka and Elasticsearch both answer."""
    return Health("indexer", flags={"assigned": False},
                  probes={"kafka": kafka_probe(settings), "elasticsearch": elastic_probe(settings)})


# --- HTTP ----------------------------------------------------------------------------------------
def respond(health: Health, path: str, accept: str | None = None) -> tuple[int, bytes, str] | None:
    """(status, body, content type) for the observability paths, or None for any other path."""
    if path in ("/health/live", "/health/live/"):
        return 200, b'{"live": true}', "application/json"
    if path in ("/health/ready", "/health/ready/"):
        health.probe()
        report = health.report()
        return (200 if report["ready"] else 503), json.dumps(report).encode(), "application/json"
    if path in ("/metrics", "/metrics/"):
        health.probe()
        health.report()  # refreshes enlace_ready for this scrape
        body, content_type = metrics.exposition(accept)
        return 200, body, content_type
    return None


def wsgi_app(health: Health) -> Callable[..., Any]:
    """``/metrics``, ``/health/live`` and ``/health/ready`` as one WSGI application."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        answer = respond(health, environ.get("PATH_INFO") or "/", environ.get("HTTP_ACCEPT"))
        status, body, content_type = answer or (404, b"not found\n", "text/plain")
        reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
        start_response(f"{status} {reason}", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return app


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        """Scrapes every few seconds would flood the log."""


@contextmanager
def serving(health: Health, host: str, port: int) -> Iterator[int | None]:
    """Serve ``wsgi_app(health)`` on ``host:port`` in a daemon thread; yields the bound port (None if busy).

    A port already in use is logged and the component runs without the endpoints rather than not at
    all: its scrape target then reads as down, which the ``EnlaceComponentDown`` alert reports.
    """
    try:
        server = make_server(host, port, wsgi_app(health), server_class=_Server, handler_class=_QuietHandler)
    except OSError as exc:
        log.error("metrics and health endpoints not served: cannot listen on %s:%s (%s)", host, port, exc)
        yield None
        return
    thread = threading.Thread(target=server.serve_forever, name=f"{health.component}-http", daemon=True)
    thread.start()
    log.info("metrics on http://%s:%s/metrics, health on /health/live and /health/ready", host, server.server_port)
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
