"""Settings -> broker properties, log4j config and elasticsearch.yml (pure rendering)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deploy.settings import Settings, StackSettings
from deploy.stack import configs
from deploy.stack.layout import StackLayout

SETTINGS = Settings(stack=StackSettings(home=Path("/srv/enlace"), kafka_port=19092, kafka_controller_port=19093,
                                        elastic_port=19200))
LAYOUT = StackLayout.of(SETTINGS)
KAFKA = configs.parse_properties(configs.kafka_server_properties(SETTINGS, LAYOUT))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        ("controller.quorum.voters", "1@127.0.0.1:19093"),
        ("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"),
        ("advertised.listeners", "PLAINTEXT://127.0.0.1:19092"),
        ("controller.listener.names", "CONTROLLER"),
        ("log.dirs", "/srv/enlace/kafka/data"),
        ("offsets.topic.replication.factor", "1"),
        ("transaction.state.log.replication.factor", "1"),
        ("transaction.state.log.min.isr", "1"),
        ("min.insync.replicas", "1"),
        ("default.replication.factor", "1"),
        ("offsets.topic.num.partitions", "4"),
        ("group.initial.rebalance.delay.ms", "0"),
        ("auto.create.topics.enable", "false"),
    ],
)
def test_kafka_server_properties(key: str, expected: str) -> None:
    assert KAFKA[key] == expected


def test_every_placeholder_is_filled() -> None:
    rendered = [
        configs.kafka_server_properties(SETTINGS, LAYOUT),
        configs.kafka_log4j_properties(LAYOUT),
        configs.elasticsearch_yml(SETTINGS),
    ]
    assert not any("${" in text for text in rendered)


def test_missing_value_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        configs.render("kafka-server.properties", {"kafka_port": 1})


def test_kafka_logs_to_one_file_under_the_home() -> None:
    log4j = configs.parse_properties(configs.kafka_log4j_properties(LAYOUT))
    assert log4j["log4j.rootLogger"] == "INFO, file"
    assert log4j["log4j.appender.file.File"] == "/srv/enlace/logs/kafka.log"


def test_elasticsearch_yml_is_loopback_single_node_without_watermarks() -> None:
    node = yaml.safe_load(configs.elasticsearch_yml(SETTINGS))
    assert node == {
        "network.host": "127.0.0.1",
        "transport.port": 19300,
        "discovery.type": "single-node",
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": False,
        "bootstrap.memory_lock": False,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=1\nb = two\n", {"a": "1", "b": "two"}),
        ("# comment\n! also\n\nx=y=z\n", {"x": "y=z"}),
        ("", {}),
    ],
)
def test_parse_properties(text: str, expected: dict[str, str]) -> None:
    assert configs.parse_properties(text) == expected
