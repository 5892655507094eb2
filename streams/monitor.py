"""A worker's metrics and health on Faust's web server: ``/metrics``, ``/health/live``, ``/health/ready``.

A Faust sensor times each agent's messages and counts what the worker sends (records-log
commands, entity documents and tombstones, redirects), so the agents themselves carry only the
counts Faust cannot see (ingest outcomes, dead letters by reason, resolver merges and splits).
Readiness: the worker has had its partitions assigned, is not rebalancing nor recovering tables,
and Kafka answers.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import faust

from deploy import metrics
from deploy.health import Health, kafka_probe, respond

if TYPE_CHECKING:
    from deploy.settings import Settings
    from streams.topology import Topology


BATCHED = frozenset({"resolve"})
"""Agents that take messages in batches (Faust's take_events): they time themselves (``metrics.batch_handled``)."""


class StreamSensor(faust.Sensor):
    """Faust's hooks -> Enlace's metrics (``agents``: input topic -> agent name)."""

    def __init__(self, agents: Mapping[str, str], topology: Topology, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.agents = dict(agents)
        self.records, self.entities, self.redirects = topology.records, topology.entities, topology.redirects
        self.assigned = False
        """True once a first assignment (and the recovery after it) has completed."""

    def on_stream_event_in(self, tp: Any, offset: int, stream: Any, event: Any) -> dict[str, Any] | None:
        return {"started": time.monotonic()}

    def on_stream_event_out(self, tp: Any, offset: int, stream: Any, event: Any,
                            state: dict[str, Any] | None = None) -> None:
        agent = self.agents.get(tp.topic)
        if agent is not None and agent not in BATCHED and state:
            metrics.PROCESSING.labels(agent).observe(time.monotonic() - state["started"])

    def on_send_initiated(self, producer: Any, topic: str, message: Any, keysize: int, valsize: int) -> Any:
        if topic == self.records:
            metrics.COMMANDS_OUT.inc()
        elif topic == self.entities:
            metrics.DOCUMENTS_OUT.labels("delete" if getattr(message, "value", None) is None else "upsert").inc()
        elif topic == self.redirects:
            metrics.REDIRECTS_OUT.inc()
        return None

    def on_rebalance_end(self, app: Any, state: dict[str, Any]) -> None:
        super().on_rebalance_end(app, state)
        self.assigned = True


def worker_health(app: Any, sensor: StreamSensor, settings: Settings) -> Health:
    return Health("worker", checks={
        "assigned": lambda: sensor.assigned,
        "not_rebalancing": lambda: not app.rebalancing,
        "tables_recovered": lambda: not app.in_recovery,
    }, probes={"kafka": kafka_probe(settings)})


def install(app: Any, settings: Settings, topology: Topology, agents: Mapping[str, str]) -> Health:
    """Add the sensor and the three pages to ``app``; returns the worker's ``Health``."""
    sensor = StreamSensor(agents, topology)
    app.sensors.add(sensor)
    health = worker_health(app, sensor, settings)

    async def answer(view: Any, request: Any) -> Any:
        path, accept = request.path, request.headers.get("Accept")
        if path.startswith("/health/live"):  # answered by the event loop itself: a blocked loop is not alive
            reply = respond(health, path)
        else:  # probes block (up to their timeout): off the event loop
            reply = await app.loop.run_in_executor(None, respond, health, path, accept)
        status, body, content_type = reply or (404, b"not found\n", "text/plain")
        return view.bytes(body, status=status, headers={"Content-Type": content_type})

    for path in ("/metrics", "/health/live", "/health/ready"):
        app.page(path, name=f"enlace{path.replace('/', '_')}")(answer)
    return health
