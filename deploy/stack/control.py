"""``up``, ``down`` and ``status`` of the local stack: detached JVMs tracked by pid files under one home.

``stop_service`` and ``start_service`` take one service down and back, for outage drills.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from deploy.settings import Settings
from deploy.stack import jars, probes
from deploy.stack.errors import StackError
from deploy.stack.layout import StackLayout
from deploy.stack.logs import tail_of
from deploy.stack.pidfile import is_ours, live_pid, process_cmdline, write_pid
from deploy.stack.services import (
    Service,
    java_executable,
    kafka_format_command,
    new_cluster_id,
    services,
    write_configs,
)

STOP_TIMEOUT = 60.0
"""Seconds between SIGTERM and SIGKILL."""

_children: dict[tuple[Path, str], subprocess.Popen[bytes]] = {}
"""The latest process this interpreter started per (home, service), kept to reap it and read its exit code."""


@dataclass(frozen=True, slots=True)
class ServiceStatus:
    name: str
    pid: int | None
    """Pid of the process this stack started; None if it is not running or someone else runs it."""
    port: int
    answering: bool
    log: Path
    version: str | None = None

    @property
    def external(self) -> bool:
        """Answering, but not started by this stack (another clone, Docker, a system service)."""
        return self.answering and self.pid is None


@dataclass(frozen=True, slots=True)
class StackStatus:
    home: Path
    services: tuple[ServiceStatus, ...]

    @property
    def running(self) -> bool:
        return all(service.answering for service in self.services)

    def service(self, name: str) -> ServiceStatus:
        return next(service for service in self.services if service.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "home": str(self.home),
            "running": self.running,
            "services": [
                {**asdict(service), "log": str(service.log), "external": service.external}
                for service in self.services
            ],
        }


def status(settings: Settings, probe_timeout: float = 5.0) -> StackStatus:
    """Each service's pid (stale pid files are removed), port and whether it answers right now."""
    layout = StackLayout.of(settings)
    rows = [_service_status(layout, service, service.answers(probe_timeout))
            for service in services(settings, layout, java="java")]
    return StackStatus(layout.home, tuple(rows))


def up(settings: Settings) -> StackStatus:
    """Start whatever is not already answering, then wait until both answer (``settings.stack.start_timeout``).

    The first run also downloads the jars with Maven; the timeout counts from after that.
    """
    layout = StackLayout.of(settings)
    with _locked(layout):
        java = java_executable()
        pending = [service for service in services(settings, layout, java) if _launch(settings, layout, service)]
        deadline = time.monotonic() + settings.stack.start_timeout
        for service in pending:
            _wait_ready(layout, service, deadline)
        rows = [_service_status(layout, service, answering=True) for service in services(settings, layout, java)]
    return StackStatus(layout.home, tuple(rows))


def down(settings: Settings) -> StackStatus:
    """Stop the services this stack started: SIGTERM, then SIGKILL after ``STOP_TIMEOUT`` seconds."""
    layout = StackLayout.of(settings)
    with _locked(layout):
        for service in services(settings, layout, java="java"):
            pid = _pid(layout, service)
            if pid is not None:
                _stop(pid, layout.log(service.name))
            layout.pid_file(service.name).unlink(missing_ok=True)
    return status(settings)


def stop_service(settings: Settings, name: str) -> ServiceStatus:
    """Stop one service this stack started (SIGTERM, then SIGKILL after ``STOP_TIMEOUT``); its data stays.

    For outage drills: ``start_service`` brings it back on the same data dir. A server on the port that this
    stack did not start is never stopped (``StackError``); stopping a stopped service changes nothing.
    """
    layout = StackLayout.of(settings)
    with _locked(layout):
        service = _service(settings, layout, name, java="java")
        pid = _pid(layout, service)
        if pid is None and service.answers(2.0):
            raise StackError(f"{name} on port {service.port} was not started by the stack in {layout.home}: "
                             "not stopping it")
        if pid is not None:
            _stop(pid, layout.log(name))
        layout.pid_file(name).unlink(missing_ok=True)
        return _service_status(layout, service, service.answers(1.0))


def start_service(settings: Settings, name: str) -> ServiceStatus:
    """Start one service (on the data it left) unless it answers already, and wait until it does."""
    layout = StackLayout.of(settings)
    with _locked(layout):
        service = _service(settings, layout, name, java_executable())
        if _launch(settings, layout, service):
            _wait_ready(layout, service, time.monotonic() + settings.stack.start_timeout)
        return _service_status(layout, service, answering=True)


def _service(settings: Settings, layout: StackLayout, name: str, java: str) -> Service:
    for service in services(settings, layout, java):
        if service.name == name:
            return service
    known = ", ".join(service.name for service in services(settings, layout, java))
    raise StackError(f"no stack service named {name!r} (known: {known})")


def _launch(settings: Settings, layout: StackLayout, service: Service) -> bool:
    """Start ``service`` unless it runs already; True when it is ours and worth waiting for."""
    if _pid(layout, service) is not None:
        return True  # ours, perhaps still starting
    if service.answers(2.0):
        return False  # someone else's server on that port: leave it alone
    if probes.tcp_open(service.port):
        raise StackError(f"port {service.port} is taken by something that is not a {service.name} server")
    _start(settings, layout, service)
    return True


def _service_status(layout: StackLayout, service: Service, answering: bool) -> ServiceStatus:
    version = probes.elastic_version(service.port) if answering and service.name == "elastic" else None
    return ServiceStatus(service.name, _pid(layout, service), service.port, answering, layout.log(service.name), version)


def _pid(layout: StackLayout, service: Service) -> int | None:
    return live_pid(layout.pid_file(service.name), service.main_class)


def _start(settings: Settings, layout: StackLayout, service: Service) -> None:
    log = layout.log(service.name)
    jars.ensure_jars(service.profile, layout.lib(service.profile), layout.log("maven"))
    write_configs(settings, layout, service.name)
    if service.name == "kafka":
        _format_kafka_storage(layout, service.command[0])
    with log.open("ab") as out:
        out.write(f"\n=== enlace stack: starting {service.name} at {time.strftime('%Y-%m-%dT%H:%M:%S')} ===\n".encode())
        out.flush()
        process = subprocess.Popen(service.command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=layout.home, start_new_session=True)
    _children[(layout.home, service.name)] = process
    _await_exec(process, service.main_class)
    write_pid(layout.pid_file(service.name), process.pid)


def _await_exec(process: subprocess.Popen[bytes], marker: str, timeout: float = 10.0) -> None:
    """Wait until ``/proc`` shows the new command line (or the process ended).

    Just after fork+exec it can read empty for a moment (seen with java); a pid file checked then looks stale,
    is removed, and the service runs on untracked: reported as "exited while starting" and never stopped.
    """
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        cmdline = process_cmdline(process.pid)
        if cmdline and is_ours(cmdline, marker):
            return
        time.sleep(0.01)


def _format_kafka_storage(layout: StackLayout, java: str) -> None:
    """Format the KRaft log dir once, with a cluster id kept beside it."""
    if (layout.kafka_data / "meta.properties").exists():
        return
    if not layout.kafka_cluster_id.exists():
        layout.kafka_cluster_id.write_text(new_cluster_id() + "\n")
    cluster_id = layout.kafka_cluster_id.read_text().strip()
    log = layout.log("kafka")
    with log.open("ab") as out:
        result = subprocess.run(kafka_format_command(layout, java, cluster_id), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, cwd=layout.home, timeout=180, check=False)
    if result.returncode != 0:
        raise StackError(f"formatting Kafka storage failed (exit {result.returncode})", log, tail_of(log))


def _wait_ready(layout: StackLayout, service: Service, deadline: float) -> None:
    log = layout.log(service.name)
    while True:
        if _pid(layout, service) is None:
            raise StackError(f"{service.name} exited while starting{_exit_code(layout, service)}", log, tail_of(log))
        remaining = deadline - time.monotonic()
        if service.answers(max(min(remaining, 5.0), 1.0)):
            return
        if time.monotonic() >= deadline:
            raise StackError(f"{service.name} did not answer on port {service.port} in time", log, tail_of(log))
        time.sleep(0.5)


def _exit_code(layout: StackLayout, service: Service) -> str:
    """`` (exit N, pid P)`` when this interpreter started the service and it has exited, for the error message."""
    child = _children.get((layout.home, service.name))
    if child is None or child.poll() is None:
        return ""
    return f" (exit {child.returncode}, pid {child.pid})"


def _stop(pid: int, log: Path) -> None:
    os.kill(pid, signal.SIGTERM)
    if _gone(pid, STOP_TIMEOUT):
        return
    os.kill(pid, signal.SIGKILL)
    if not _gone(pid, 10.0):
        raise StackError(f"process {pid} survived SIGKILL", log, tail_of(log))


def _gone(pid: int, timeout: float) -> bool:
    """Wait until ``pid`` has exited (reaping it if it is our child)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in _children.values():
            if child.pid == pid:
                child.poll()  # reaps our own child so it doesn't linger as a zombie
        if process_cmdline(pid) is None:
            return True
        time.sleep(0.2)
    return False


@contextmanager
def _locked(layout: StackLayout) -> Iterator[None]:
    """One ``up``/``down`` at a time per home, across processes (parallel test sessions share the stack)."""
    layout.home.mkdir(parents=True, exist_ok=True)
    layout.logs.mkdir(parents=True, exist_ok=True)
    with layout.lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
