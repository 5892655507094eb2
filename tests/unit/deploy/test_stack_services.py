"""Command lines for the JVMs, the Maven call, the pom and the cluster id (no process is started)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from deploy.settings import Settings, StackSettings
from deploy.stack import jars, services
from deploy.stack.errors import StackError
from deploy.stack.layout import StackLayout

SETTINGS = Settings(stack=StackSettings(home=Path("/srv/enlace"), elastic_port=9250, kafka_heap="256m",
                                        elastic_heap="384m"))
LAYOUT = StackLayout.of(SETTINGS)
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def test_kafka_command() -> None:
    command = services.kafka_command(SETTINGS, LAYOUT, "/jdk/bin/java")
    assert command[0] == "/jdk/bin/java"
    assert "-Xmx256m" in command
    assert "-Dlog4j.configuration=file:/srv/enlace/kafka/log4j.properties" in command
    assert command[command.index("-cp") + 1] == "/srv/enlace/lib/kafka/*"
    assert command[-2:] == ["kafka.Kafka", "/srv/enlace/kafka/server.properties"]


def test_kafka_format_command_is_repeatable() -> None:
    command = services.kafka_format_command(LAYOUT, "java", "abc")
    assert command[command.index("kafka.tools.StorageTool") + 1:] == [
        "format", "-t", "abc", "-c", "/srv/enlace/kafka/server.properties", "--ignore-formatted",
    ]


def test_elastic_command() -> None:
    command = services.elastic_command(SETTINGS, LAYOUT, "java")
    assert "-Xmx384m" in command
    # The product check of the Python client needs the default flavor.
    assert {"-Des.distribution.flavor=default", "-Des.distribution.type=tar"} <= set(command)
    options = dict(zip(command[command.index(services.ELASTIC_MAIN) + 1::2],
                       command[command.index(services.ELASTIC_MAIN) + 2::2]))
    assert options == {"-basePath": "/srv/enlace/elastic", "-numOfNode": "1", "-baseHttpPort": "9249",
                       "-clusterName": "enlace-local"}


@pytest.mark.parametrize("port", [80, 9300, 19200])
def test_elastic_port_outside_the_runner_range_is_refused(port: int) -> None:
    settings = Settings(stack=StackSettings(elastic_port=port))
    with pytest.raises(StackError, match="9299"):
        services.elastic_command(settings, StackLayout.of(settings), "java")


def test_services_identify_themselves_by_main_class() -> None:
    found = services.services(SETTINGS, LAYOUT, "java")
    assert [(s.name, s.main_class, s.port) for s in found] == [
        ("kafka", "kafka.Kafka", 9092),
        ("elastic", services.ELASTIC_MAIN, 9250),
    ]
    assert all(s.main_class in s.command for s in found)


@pytest.mark.parametrize("attempt", range(20))
def test_new_cluster_id(attempt: int) -> None:
    cluster_id = services.new_cluster_id()
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", cluster_id)
    assert not cluster_id.startswith("-")


def test_maven_command_uses_the_packaged_pom() -> None:
    command = jars.maven_command("kafka", Path("/tmp/out"))
    assert command[command.index("-f") + 1] == str(jars.POM)
    assert command[command.index("-P") + 1] == "kafka"
    assert "dependency:copy-dependencies" in command
    assert "-DoutputDirectory=/tmp/out" in command


def test_pom_pins_the_plugin_and_the_stack_versions() -> None:
    root = ET.parse(jars.POM).getroot()
    plugin = root.find("m:build/m:plugins/m:plugin", POM_NS)
    assert plugin is not None
    assert plugin.findtext("m:artifactId", namespaces=POM_NS) == "maven-dependency-plugin"
    assert (plugin.findtext("m:version", namespaces=POM_NS) or "").startswith("3.8.")
    properties = {child.tag.split("}")[1]: child.text for child in root.find("m:properties", POM_NS) or []}
    assert properties["kafka.version"] == "3.9.2"
    assert properties["elasticsearch.runner.version"] == "7.10.2.0"
    profiles = {
        profile.findtext("m:id", namespaces=POM_NS): {
            dep.findtext("m:artifactId", namespaces=POM_NS) for dep in profile.iterfind(".//m:dependency", POM_NS)
        }
        for profile in root.iterfind("m:profiles/m:profile", POM_NS)
    }
    assert profiles == {
        "kafka": {"kafka_2.13", "slf4j-reload4j", "reload4j"},
        "elastic": {"elasticsearch-cluster-runner"},
    }


def test_present_jars_are_reused_without_maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = tmp_path / "lib" / "kafka"
    lib.mkdir(parents=True)
    (lib / "kafka_2.13-3.9.2.jar").write_bytes(b"")
    (lib / jars.COMPLETE).write_text("")
    monkeypatch.setattr(jars.shutil, "which", lambda name: pytest.fail("maven must not be looked up"))
    assert jars.ensure_jars("kafka", lib, tmp_path / "maven.log") == lib


def test_interrupted_download_is_not_reused_and_missing_maven_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = tmp_path / "lib" / "kafka"
    lib.mkdir(parents=True)
    (lib / "half.jar").write_bytes(b"")  # no completion marker
    monkeypatch.setattr(jars.shutil, "which", lambda name: None)
    with pytest.raises(StackError, match="Maven"):
        jars.ensure_jars("kafka", lib, tmp_path / "maven.log")
