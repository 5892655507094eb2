"""The two services of the local stack: how to prepare, start and probe each (command lines are pure)."""

from __future__ import annotations

import base64
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from deploy.settings import Settings
from deploy.stack import configs, probes
from deploy.stack.errors import StackError
from deploy.stack.layout import StackLayout

KAFKA_MAIN = "kafka.Kafka"
KAFKA_STORAGE_TOOL = "kafka.tools.StorageTool"
ELASTIC_MAIN = "org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner"
ELASTIC_MAX_HTTP_PORT = 9299
"""The cluster runner probes HTTP ports from its base up to this fixed limit (not settable from its CLI)."""
JVM_FLAGS = ("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true")


@dataclass(frozen=True, slots=True)
class Service:
    """One detached JVM: its maven profile, the main class that identifies it, its port and probe."""

    name: str
    profile: str
    main_class: str
    port: int
    command: list[str]
    answers: Callable[[float], bool]
    """Probe with a timeout in seconds."""


def java_executable() -> str:
    """``$JAVA_HOME/bin/java`` if set, else ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise StackError("no Java runtime found: install a JDK 17+ or set JAVA_HOME")
    return found


def classpath(lib: Path) -> str:
    """The JVM's own wildcard form; the JVM (not a shell) expands it."""
    return str(lib / "*")


def heap_flags(heap: str) -> list[str]:
    return [f"-Xms{heap}", f"-Xmx{heap}"]


def kafka_command(settings: Settings, layout: StackLayout, java: str) -> list[str]:
    return [
        java, *heap_flags(settings.stack.kafka_heap), *JVM_FLAGS,
        f"-Dlog4j.configuration=file:{layout.kafka_log4j}", f"-Dkafka.logs.dir={layout.logs}",
        "-cp", classpath(layout.lib("kafka")), KAFKA_MAIN, str(layout.kafka_properties),
    ]


def kafka_format_command(layout: StackLayout, java: str, cluster_id: str) -> list[str]:
    """Format KRaft storage once; ``--ignore-formatted`` makes a repeat harmless."""
    return [
        java, "-Xmx256m", f"-Dlog4j.configuration=file:{layout.kafka_log4j}",
        "-cp", classpath(layout.lib("kafka")), KAFKA_STORAGE_TOOL,
        "format", "-t", cluster_id, "-c", str(layout.kafka_properties), "--ignore-formatted",
    ]


def new_cluster_id() -> str:
    """A Kafka cluster id: a random UUID in URL-safe base64 without padding (22 chars), never starting '-'."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


def elastic_command(settings: Settings, layout: StackLayout, java: str) -> list[str]:
    # The runner serves node N on baseHttpPort + N, and its port wins over elasticsearch.yml.
    if not 1024 < settings.stack.elastic_port <= ELASTIC_MAX_HTTP_PORT:
        raise StackError(f"stack.elastic_port must be within 1025-{ELASTIC_MAX_HTTP_PORT} for the local "
                         f"Elasticsearch runner, not {settings.stack.elastic_port}")
    return [
        java, *heap_flags(settings.stack.elastic_heap), *JVM_FLAGS,
        "-Des.distribution.flavor=default", "-Des.distribution.type=tar",
        "-cp", classpath(layout.lib("elastic")), ELASTIC_MAIN,
        "-basePath", str(layout.elastic_dir), "-numOfNode", "1",
        "-baseHttpPort", str(settings.stack.elastic_port - 1), "-clusterName", "enlace-local",
    ]


def services(settings: Settings, layout: StackLayout, java: str) -> list[Service]:
    """Kafka then Elasticsearch, as configured by ``settings.stack``."""
    kafka_port, elastic_port = settings.stack.kafka_port, settings.stack.elastic_port
    return [
        Service("kafka", "kafka", KAFKA_MAIN, kafka_port, kafka_command(settings, layout, java),
                lambda timeout: probes.kafka_answers(kafka_port, timeout)),
        Service("elastic", "elastic", ELASTIC_MAIN, elastic_port, elastic_command(settings, layout, java),
                lambda timeout: probes.elastic_answers(elastic_port, timeout)),
    ]


def write_configs(settings: Settings, layout: StackLayout, name: str) -> None:
    """Write a service's config files (always: a changed setting applies on the next start)."""
    if name == "kafka":
        layout.kafka_data.mkdir(parents=True, exist_ok=True)
        layout.kafka_properties.write_text(configs.kafka_server_properties(settings, layout))
        layout.kafka_log4j.write_text(configs.kafka_log4j_properties(layout))
    elif name == "elastic":
        layout.elastic_yml.parent.mkdir(parents=True, exist_ok=True)
        layout.elastic_yml.write_text(configs.elasticsearch_yml(settings))
