"""Integration fixtures: the real local stack (started if needed) and per-test settings that clean up.

Every test under ``tests/integration`` is marked ``integration``. ``stack`` (session) makes sure
Kafka and Elasticsearch answer, starting them with ``deploy.stack.up`` when they don't, and stops
them at the end only if this session started them (set ``ENLACE_TEST_KEEP_STACK=1`` to keep them).
``settings`` (function) gives each test its own topic prefix, index prefix, app id, data dir and web
port, and deletes that test's topics, consumer group and indices afterwards (set
``ENLACE_TEST_KEEP_STATE=1`` to keep a failed test's, for a look; the prefix is in the test's output).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy import stack as local_stack
from deploy.settings import Settings

HERE = Path(__file__).resolve().parent
FAILED = pytest.StashKey[bool]()
"""Set on a test item whose setup or call failed (its state is kept when ENLACE_TEST_KEEP_STATE is set)."""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def stack() -> Iterator[local_stack.StackStatus]:
    """The running local stack; a start failure fails the tests with the log's last lines (never skips)."""
    base = Settings()
    started = not local_stack.status(base).running
    status = local_stack.up(base)
    yield status
    if started and not os.environ.get("ENLACE_TEST_KEEP_STACK"):
        local_stack.down(base)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def isolated_settings(base: Settings, tag: str, data_dir: Path) -> Settings:
    """``base`` with every name a test creates starting with ``tag`` (topics, indices, app id)."""
    return base.model_copy(update={
        "kafka": base.kafka.model_copy(update={"topic_prefix": f"{tag}."}),
        "elastic": base.elastic.model_copy(update={"index_prefix": tag}),
        "stream": base.stream.model_copy(update={
            "app_id": f"{tag}-fusion", "data_dir": data_dir, "web_port": free_port(),
        }),
    })


@pytest.fixture
def settings(stack: local_stack.StackStatus, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    tag = f"t{uuid.uuid4().hex[:8]}"
    test_settings = isolated_settings(Settings(), tag, tmp_path / "worker")
    print(f"topics, group and indices of this test start with {tag}")
    yield test_settings
    if os.environ.get("ENLACE_TEST_KEEP_STATE") and request.node.stash.get(FAILED, False):
        return
    delete_kafka_state(test_settings, tag)
    delete_indices(test_settings, tag)


def delete_kafka_state(settings: Settings, tag: str, timeout: float = 30.0) -> None:
    """Delete the topics named ``<tag>...`` (prefixed topics and Faust's ``<app_id>-...`` changelogs) and the group."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient(settings.kafka.librdkafka())
    topics = [name for name in admin.list_topics(timeout=timeout).topics if name.startswith(tag)]
    if topics:
        for future in admin.delete_topics(topics, operation_timeout=timeout, request_timeout=timeout).values():
            future.result()
    groups = [g.group_id for g in admin.list_consumer_groups(request_timeout=timeout).result().valid
              if g.group_id.startswith(tag)]
    if groups:
        for future in admin.delete_consumer_groups(groups, request_timeout=timeout).values():
            try:
                future.result()
            except Exception:  # noqa: BLE001 - a group still shutting down is not this test's failure
                pass


def delete_indices(settings: Settings, tag: str) -> None:
    """Delete the indices (their aliases go with them) and index templates named ``<tag>*``."""
    from elasticsearch import Elasticsearch, NotFoundError

    client = Elasticsearch(settings.elastic.url, request_timeout=settings.elastic.request_timeout)
    try:
        client.indices.delete(index=f"{tag}*", expand_wildcards="all", ignore_unavailable=True)
        for delete in (client.indices.delete_index_template, client.indices.delete_template):
            try:
                delete(name=f"{tag}*")
            except NotFoundError:
                pass
    finally:
        client.close()
