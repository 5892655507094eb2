"""The alert rules and the dashboard use exactly the metric names ``deploy.metrics`` declares."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import metrics

ROOT = Path(__file__).resolve().parents[3]
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "enlace.json"
ENLACE_NAME = re.compile(r"\benlace_[a-z0-9_]+")
SELECTOR = re.compile(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{")
"""A metric name directly followed by a label matcher: ``name{...}``."""
PROMETHEUS_OWN = {"up"}
"""Series Prometheus itself writes for every target."""


def alert_rules() -> list[dict[str, Any]]:
    return [rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]]


def panel_targets(panels: list[dict[str, Any]]) -> Iterator[str]:
    for panel in panels:
        yield from (target["expr"] for target in panel.get("targets", []))
        yield from panel_targets(panel.get("panels", []))


def expressions() -> dict[str, list[str]]:
    return {"alerts.yml": [rule["expr"] for rule in alert_rules()],
            "enlace.json": list(panel_targets(json.loads(DASHBOARD.read_text())["panels"]))}


def test_declared_names_are_the_sample_names_prometheus_sees() -> None:
    declared = metrics.declared_names()
    assert {"enlace_stream_events_in_total", "enlace_produce_to_searchable_seconds_bucket",
            "enlace_produce_to_searchable_seconds_count", "enlace_consumer_lag_messages"} <= declared
    assert "enlace_stream_events_in" not in declared  # a counter is only ever seen with _total
    assert "enlace_consumer_lag_messages_total" not in declared


@pytest.mark.parametrize("source", ["alerts.yml", "enlace.json"])
def test_every_metric_name_used_is_declared(source: str) -> None:
    exprs = expressions()[source]
    assert exprs
    declared = metrics.declared_names()
    used = {name for expr in exprs for name in ENLACE_NAME.findall(expr)}
    assert used and used <= declared, sorted(used - declared)
    selected = {name for expr in exprs for name in SELECTOR.findall(expr)}
    assert selected <= declared | PROMETHEUS_OWN, sorted(selected - declared - PROMETHEUS_OWN)


def test_the_dashboard_shows_every_declared_metric() -> None:
    used = {name for expr in expressions()["enlace.json"] for name in ENLACE_NAME.findall(expr)}
    families = {name.removesuffix("_total").removesuffix("_bucket").removesuffix("_sum").removesuffix("_count")
                for name in used}
    declared = {m.name for m in metrics.REGISTRY.collect() if m.name.startswith("enlace_")}
    assert declared <= families, sorted(declared - families)


def test_every_alert_has_a_runbook_entry() -> None:
    readme = (ROOT / "README.md").read_text()
    runbook = readme[readme.index("### Runbook"):]
    missing = [rule["alert"] for rule in alert_rules() if f"**{rule['alert']}**" not in runbook]
    assert not missing
