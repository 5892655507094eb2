"""``stop_service`` / ``start_service``: one service down (SIGTERM) and back on its data, the other untouched.

The two services are small Python servers standing in for the JVMs (same pid files, logs, probes and
signals as the real stack); ``tests/integration/test_outages.py`` drives the real Kafka and Elasticsearch.
"""

from __future__ import annotations

import socket
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.settings import Settings, StackSettings
from deploy.stack import StackError, control, pidfile, probes, start_service, status, stop_service
from deploy.stack.layout import StackLayout
from deploy.stack.services import Service

SERVER = r"""
import os, signal, socket, sys
port, marker = int(sys.argv[1]), sys.argv[2]
with open(marker + ".starts", "a") as starts:  # the working directory is the stack's home: its data survives
    starts.write(f"{os.getpid()}\n")
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", port))
sock.listen()
def terminated(*_):
    with open(marker + ".signals", "a") as signals:
        signals.write("SIGTERM\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, terminated)
while True:
    sock.accept()[0].close()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fake(name: str, port: int) -> Service:
    marker = f"enlace.test.Fake{name.title()}"
    return Service(name, name, marker, port, [sys.executable, "-c", SERVER, str(port), marker],
                   lambda timeout: probes.tcp_open(port, timeout=min(timeout, 1.0)))


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A stack home whose two services are fake servers on free ports (Kafka's storage counts as formatted)."""
    settings = Settings(stack=StackSettings(home=tmp_path / "stack", start_timeout=20.0))
    layout = StackLayout.of(settings)
    fakes = [fake("kafka", free_port()), fake("elastic", free_port())]
    monkeypatch.setattr(control, "services", lambda *_args, **_kwargs: fakes)
    monkeypatch.setattr(control, "java_executable", lambda: sys.executable)
    monkeypatch.setattr(control, "write_configs", lambda *_args: None)
    monkeypatch.setattr(control.jars, "ensure_jars", lambda *_args: None)
    layout.kafka_data.mkdir(parents=True)
    (layout.kafka_data / "meta.properties").write_text("formatted\n")
    yield settings
    control.down(settings)


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_stop_one_service_then_start_it_again_on_the_same_home(settings: Settings) -> None:
    home = StackLayout.of(settings).home
    started = control.up(settings)
    kafka_pid, elastic_pid = started.service("kafka").pid, started.service("elastic").pid
    assert started.running and kafka_pid and elastic_pid

    stopped = stop_service(settings, "elastic")
    assert (stopped.name, stopped.pid, stopped.answering) == ("elastic", None, False)
    assert lines(home / "enlace.test.FakeElastic.signals") == ["SIGTERM"]  # a graceful stop, not a kill
    assert not StackLayout.of(settings).pid_file("elastic").exists()
    now = status(settings)
    assert (now.service("kafka").pid, now.service("kafka").answering) == (kafka_pid, True)  # the other one runs on
    assert not now.service("elastic").answering and not now.running

    back = start_service(settings, "elastic")
    assert back.answering and back.pid not in (None, elastic_pid)
    assert lines(home / "enlace.test.FakeElastic.starts") == [str(elastic_pid), str(back.pid)]
    assert status(settings).running and status(settings).service("kafka").pid == kafka_pid
    assert lines(home / "enlace.test.FakeKafka.signals") == []


def test_start_service_starts_only_that_service_and_is_idempotent(settings: Settings) -> None:
    first = start_service(settings, "kafka")
    assert first.answering and first.pid
    assert start_service(settings, "kafka").pid == first.pid
    assert not status(settings).service("elastic").answering


def test_stopping_a_stopped_service_changes_nothing(settings: Settings) -> None:
    control.up(settings)
    stop_service(settings, "kafka")
    again = stop_service(settings, "kafka")
    assert (again.pid, again.answering) == (None, False)
    assert lines(StackLayout.of(settings).home / "enlace.test.FakeKafka.signals") == ["SIGTERM"]


def test_a_server_this_stack_did_not_start_is_never_stopped(settings: Settings) -> None:
    port = control.services(settings, StackLayout.of(settings), "java")[1].port
    with socket.socket() as stranger:
        stranger.bind(("127.0.0.1", port))
        stranger.listen()
        with pytest.raises(StackError, match=f"elastic on port {port} was not started by the stack"):
            stop_service(settings, "elastic")
        external = start_service(settings, "elastic")  # it answers already: nothing is started
        assert external.external and external.pid is None
        assert probes.tcp_open(port)
    assert lines(StackLayout.of(settings).home / "enlace.test.FakeElastic.starts") == []


def test_an_unknown_service_is_named_in_the_error(settings: Settings) -> None:
    with pytest.raises(StackError, match="no stack service named 'zookeeper' \\(known: kafka, elastic\\)"):
        stop_service(settings, "zookeeper")
    with pytest.raises(StackError, match="no stack service named 'zookeeper'"):
        start_service(settings, "zookeeper")



def test_a_service_just_started_is_never_mistaken_for_a_stale_pid(settings: Settings,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after fork+exec, ``/proc/<pid>/cmdline`` can read empty for a moment (seen with java); a start must
    wait that out, not take its own process for a stale pid, drop the pid file and leave the process orphaned."""
    real = pidfile.process_cmdline
    reads: Counter[int] = Counter()

    def exec_in_progress(pid: int) -> str | None:
        reads[pid] += 1
        return "" if reads[pid] <= 3 else real(pid)

    monkeypatch.setattr(pidfile, "process_cmdline", exec_in_progress)
    monkeypatch.setattr(control, "process_cmdline", exec_in_progress)
    started = start_service(settings, "elastic")
    assert started.pid and started.answering and reads[started.pid] > 3
    assert StackLayout.of(settings).pid_file("elastic").exists()
    stop_service(settings, "elastic")
    assert lines(StackLayout.of(settings).home / "enlace.test.FakeElastic.signals") == ["SIGTERM"]
