"""Render the broker and node config files from ``deploy/config/`` templates and the settings (pure)."""

from __future__ import annotations

from pathlib import Path
from string import Template

from deploy.settings import Settings
from deploy.stack.layout import StackLayout

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
"""Templates shipped as package data beside this package."""


def render(template: str, values: dict[str, object]) -> str:
    """Fill ``${name}`` placeholders; a missing value is a ``KeyError``, never a silent blank."""
    text = (CONFIG_DIR / template).read_text(encoding="utf-8")
    return Template(text).substitute({key: str(value) for key, value in values.items()})


def kafka_server_properties(settings: Settings, layout: StackLayout) -> str:
    return render(
        "kafka-server.properties",
        {
            "kafka_port": settings.stack.kafka_port,
            "controller_port": settings.stack.kafka_controller_port,
            "data_dir": layout.kafka_data,
        },
    )


def kafka_log4j_properties(layout: StackLayout) -> str:
    return render("kafka-log4j.properties", {"log_file": layout.log("kafka")})


def elastic_transport_port(settings: Settings) -> int:
    """Node-to-node port, kept 100 above HTTP like Elasticsearch's own 9200/9300 pair."""
    return settings.stack.elastic_port + 100


def elasticsearch_yml(settings: Settings) -> str:
    return render("elasticsearch.yml", {"transport_port": elastic_transport_port(settings)})


def parse_properties(text: str) -> dict[str, str]:
    """``key=value`` lines of a Java properties file (comments and blanks skipped); for checks and tests."""
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        key, _, value = line.partition("=")
        pairs[key.strip()] = value.strip()
    return pairs
