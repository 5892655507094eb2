"""Readiness from checks, flags and cached probes; the indexer's HTTP endpoints on a real socket."""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request

import pytest

from deploy import metrics
from deploy.health import Health, serving


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def test_ready_only_when_every_check_flag_and_probe_passes() -> None:
    state = {"rebalancing": True}
    health = Health("unit", checks={"not_rebalancing": lambda: not state["rebalancing"]}, flags={"assigned": False},
                    probes={"kafka": lambda: True})
    assert health.report() == {"component": "unit", "ready": False,
                               "checks": {"not_rebalancing": False, "assigned": False, "kafka": False}}  # not probed yet
    health.probe()
    state["rebalancing"] = False
    health.flags["assigned"] = True
    assert health.report()["ready"] is True
    assert metrics.REGISTRY.get_sample_value("enlace_ready", {"component": "unit"}) == 1
    assert metrics.REGISTRY.get_sample_value("enlace_dependency_up", {"component": "unit", "dependency": "kafka"}) == 1


def test_probes_are_cached_for_their_ttl_and_a_failing_probe_means_down() -> None:
    calls = []

    def broken() -> bool:
        calls.append(1)
        raise RuntimeError("no route to host")

    health = Health("unit-ttl", probes={"elasticsearch": broken}, ttl=60.0)
    health.probe()
    health.probe()
    assert len(calls) == 1
    health.probe(force=True)
    assert len(calls) == 2
    assert health.report()["checks"] == {"elasticsearch": False}
    assert metrics.REGISTRY.get_sample_value(
        "enlace_dependency_up", {"component": "unit-ttl", "dependency": "elasticsearch"}) == 0


def test_the_http_endpoints_answer_live_ready_and_metrics() -> None:
    health = Health("unit-http", flags={"assigned": False}, probes={"kafka": lambda: True})
    with serving(health, "127.0.0.1", 0) as port:
        assert port
        base = f"http://127.0.0.1:{port}"
        assert get(f"{base}/health/live") == (200, "application/json", '{"live": true}')
        status, _, body = get(f"{base}/health/ready")
        assert status == 503 and json.loads(body)["checks"] == {"assigned": False, "kafka": True}
        health.flags["assigned"] = True
        assert get(f"{base}/health/ready")[0] == 200
        status, content_type, body = get(f"{base}/metrics")
        assert status == 200 and content_type.startswith("text/plain")
        assert 'enlace_ready{component="unit-http"} 1.0' in body
        assert get(f"{base}/nothing-here")[0] == 404


def test_a_busy_port_leaves_the_component_running_without_endpoints(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with caplog.at_level(logging.ERROR, logger="enlace.health"):
            with serving(Health("unit-busy"), "127.0.0.1", port) as bound:
                assert bound is None
    assert "cannot listen" in caplog.text
