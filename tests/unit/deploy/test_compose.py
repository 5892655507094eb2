"""deploy/docker-compose.yml parses and its ENLACE_* variables are real settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from deploy.settings import Settings, StackSettings

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[3] / "deploy" / "docker-compose.yml").read_text())


def enlace_variables() -> dict[str, str]:
    names: dict[str, str] = {}
    for service in COMPOSE["services"].values():
        environment: dict[str, Any] = service.get("environment") or {}
        names.update({k: str(v) for k, v in environment.items() if k.startswith("ENLACE_")})
    return names


def test_services() -> None:
    assert set(COMPOSE["services"]) == {"kafka", "elasticsearch", "kibana", "worker", "indexer"}
    assert COMPOSE["services"]["kafka"]["image"] == "apache/kafka:3.9.2"
    assert COMPOSE["services"]["elasticsearch"]["image"].endswith(":7.10.2")
    assert COMPOSE["services"]["kibana"]["image"].endswith(":7.10.2")
    assert COMPOSE["services"]["worker"]["command"] == ["worker"]
    assert COMPOSE["services"]["indexer"]["command"] == ["indexer"]


def test_host_ports_match_the_local_stack_defaults() -> None:
    stack = StackSettings.model_fields
    ports = {name: service.get("ports", []) for name, service in COMPOSE["services"].items()}
    assert f"127.0.0.1:{stack['kafka_port'].default}:9092" in ports["kafka"]
    assert f"127.0.0.1:{stack['elastic_port'].default}:9200" in ports["elasticsearch"]


@pytest.mark.parametrize("name", sorted(enlace_variables()))
def test_enlace_variable_is_a_setting(name: str) -> None:
    group, _, field = name.removeprefix("ENLACE_").lower().partition("__")
    assert group in Settings.model_fields, f"{name}: no settings group {group!r}"
    model = Settings.model_fields[group].annotation
    assert isinstance(model, type) and issubclass(model, BaseModel)
    assert field in model.model_fields, f"{name}: {group} has no field {field!r}"


def test_enlace_variables_build_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in enlace_variables().items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.kafka.bootstrap_servers == "kafka:29092"
    assert settings.elastic.url == "http://elasticsearch:9200"
    assert settings.kafka.topic_prefix == Settings.model_fields["kafka"].default.topic_prefix
