"""The local stack really runs: both services answer, ``up`` is idempotent, Kafka and ES do real work."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from deploy import stack as local_stack
from deploy.settings import Settings, StackSettings
from deploy.stack import probes
from deploy.stack.layout import StackLayout
from helpers import wait_until


def test_status_says_running(stack: local_stack.StackStatus, settings: Settings) -> None:
    status = local_stack.status(Settings())
    assert status.running
    assert {s.name: s.answering for s in status.services} == {"kafka": True, "elastic": True}
    assert status.service("elastic").version == "7.10.2"


def test_up_twice_leaves_running_services_alone(stack: local_stack.StackStatus) -> None:
    first = local_stack.up(Settings())
    second = local_stack.up(Settings())
    assert first.running and second.running
    assert [s.pid for s in first.services] == [s.pid for s in second.services]


def test_cli_status_json(stack: local_stack.StackStatus) -> None:
    enlace = Path(sys.executable).parent / "enlace"
    result = subprocess.run([str(enlace), "stack", "status", "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["running"] is True
    assert [s["name"] for s in report["services"]] == ["kafka", "elastic"]


def test_topic_create_produce_consume(settings: Settings) -> None:
    from confluent_kafka import Consumer, Producer
    from confluent_kafka.admin import AdminClient, NewTopic  # type: ignore[attr-defined]

    topic = settings.kafka.topic("smoke")
    admin = AdminClient(settings.kafka.librdkafka())
    admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])[topic].result(timeout=30)

    producer = Producer(settings.kafka.librdkafka())
    sent = {f"key-{i}": f"value-{i}" for i in range(10)}
    for key, value in sent.items():
        producer.produce(topic, key=key.encode(), value=value.encode())
    assert producer.flush(30) == 0

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": f"{settings.stream.app_id}-smoke",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    received: dict[str, str] = {}

    def all_received() -> bool:
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            received[message.key().decode()] = message.value().decode()
        return received == sent

    try:
        wait_until(all_received, 60, f"did not read back the 10 messages from {topic}")
    finally:
        consumer.close()
    assert received == sent


def test_elasticsearch_python_client_product_check(settings: Settings) -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.elastic.url)
    index = f"{settings.elastic.index_prefix}-smoke-v1"
    try:
        info = client.info()  # raises UnsupportedProductError if the product check fails
        assert info["version"]["number"] == "7.10.2"
        assert info["version"]["build_flavor"] == "default"
        client.indices.create(index=index, settings={"number_of_replicas": 0})
        doc_id = uuid.uuid4().hex
        client.index(index=index, id=doc_id, document={"name": "Marisol Tzib"}, version=3, version_type="external_gte",
                     refresh="wait_for")
        hits = client.search(index=index, query={"match": {"name": "marisol"}})["hits"]["hits"]
        assert [hit["_id"] for hit in hits] == [doc_id]
        assert client.get(index=index, id=doc_id)["_version"] == 3
    finally:
        client.close()


def test_settings_fixture_isolates_each_test(settings: Settings) -> None:
    tag = settings.elastic.index_prefix
    assert settings.kafka.topic_prefix == f"{tag}."
    assert settings.stream.app_id.startswith(tag)
    assert settings.kafka.topic("x") != Settings().kafka.topic("x")


def free_port(candidates: range) -> int:
    """A port in ``candidates`` that nothing listens on (the ES runner only serves ports up to 9299)."""
    return next(port for port in candidates if not probes.tcp_open(port) and not probes.tcp_open(port + 100))


def own_stack_settings(home: Path, main: Settings) -> Settings:
    """A second stack under ``home`` on free ports, reusing the main stack's jars when this checkout fetched them
    (a main stack started elsewhere leaves none here: the second stack then copies its own from Maven's cache)."""
    home.mkdir(parents=True)
    jars = StackLayout.of(main).home / "lib"
    if jars.is_dir():
        (home / "lib").symlink_to(jars.resolve(), target_is_directory=True)
    kafka_port = free_port(range(19092, 19192, 2))
    return Settings(stack=StackSettings(home=home, kafka_port=kafka_port, kafka_controller_port=kafka_port + 1,
                                        elastic_port=free_port(range(9250, 9299)), kafka_heap="256m",
                                        elastic_heap="256m", start_timeout=main.stack.start_timeout))


def test_port_taken_by_a_stranger_is_reported(stack: local_stack.StackStatus, tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        settings = Settings(stack=StackSettings(home=tmp_path / "stack", kafka_port=port))
        with pytest.raises(local_stack.StackError, match=f"port {port} is taken"):
            local_stack.up(settings)


def test_down_then_up_and_recover_from_a_killed_broker(stack: local_stack.StackStatus, tmp_path: Path) -> None:
    settings = own_stack_settings(tmp_path / "stack", Settings())
    try:
        started = local_stack.up(settings)
        assert started.running and all(s.pid for s in started.services), started.to_dict()

        kafka_pid = started.service("kafka").pid
        assert kafka_pid is not None
        os.kill(kafka_pid, signal.SIGKILL)
        wait_until(lambda: not local_stack.status(settings).service("kafka").answering, 30, "killed broker answers")
        assert local_stack.status(settings).service("kafka").pid is None  # stale pid file cleaned

        recovered = local_stack.up(settings)
        assert recovered.running, recovered.to_dict()
        assert recovered.service("elastic").pid == started.service("elastic").pid

        stopped = local_stack.down(settings)
        assert not any(s.answering or s.pid for s in stopped.services)
        assert not list((tmp_path / "stack" / "pids").glob("*.pid"))
        assert (tmp_path / "stack" / "kafka" / "data" / ".kafka_cleanshutdown").exists()  # SIGTERM, not SIGKILL
    finally:
        local_stack.down(settings)
