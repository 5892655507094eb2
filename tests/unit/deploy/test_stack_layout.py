"""Everything the stack writes lives under ``settings.stack.home``."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.settings import Settings, StackSettings
from deploy.stack.layout import StackLayout

LAYOUT = StackLayout.of(Settings(stack=StackSettings(home=Path("/srv/enlace"))))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (LAYOUT.lib("kafka"), "lib/kafka"),
        (LAYOUT.lib("elastic"), "lib/elastic"),
        (LAYOUT.kafka_data, "kafka/data"),
        (LAYOUT.kafka_properties, "kafka/server.properties"),
        (LAYOUT.elastic_dir, "elastic"),
        (LAYOUT.elastic_yml, "elastic/node_1/config/elasticsearch.yml"),
        (LAYOUT.log("kafka"), "logs/kafka.log"),
        (LAYOUT.pid_file("elastic"), "pids/elastic.pid"),
    ],
)
def test_paths_under_home(path: Path, expected: str) -> None:
    assert path == Path("/srv/enlace") / expected


def test_relative_home_becomes_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    layout = StackLayout.of(Settings(stack=StackSettings(home=Path(".enlace"))))
    assert layout.home == tmp_path / ".enlace"
