"""Pid files: garbage, dead and recycled pids are stale and removed; a live, matching process is kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.stack.pidfile import is_ours, live_pid, parse_pid, process_cmdline, write_pid

MARKER = "enlace-pidfile-test-marker"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("123\n", 123), ("  42 ", 42), ("", None), ("abc", None), ("-5", None), ("0", None), ("12 34", None)],
)
def test_parse_pid(text: str, expected: int | None) -> None:
    assert parse_pid(text) == expected


@pytest.mark.parametrize(
    ("cmdline", "expected"),
    [
        ("java\0-cp\0lib/*\0kafka.Kafka\0server.properties\0", True),
        ("java\0-cp\0lib/*\0kafka.tools.StorageTool\0", False),
        ("grep\0kafka.Kafka.x\0", False),
        ("", False),
    ],
)
def test_is_ours(cmdline: str, expected: bool) -> None:
    assert is_ours(cmdline, "kafka.Kafka") is expected


@pytest.fixture
def child() -> Iterator[subprocess.Popen[bytes]]:
    """A process that idles until its stdin closes, carrying ``MARKER`` in its command line."""
    process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()", MARKER],
                               stdin=subprocess.PIPE)
    yield process
    assert process.stdin is not None
    process.stdin.close()
    process.wait(10)


def test_live_matching_process_is_kept(tmp_path: Path, child: subprocess.Popen[bytes]) -> None:
    path = tmp_path / "pids" / "svc.pid"
    write_pid(path, child.pid)
    assert live_pid(path, MARKER) == child.pid
    assert path.exists()


@pytest.mark.parametrize("marker", ["kafka.Kafka", "some-other-service"])
def test_recycled_pid_running_something_else_is_stale(
    tmp_path: Path, child: subprocess.Popen[bytes], marker: str
) -> None:
    path = tmp_path / "svc.pid"
    write_pid(path, child.pid)
    assert live_pid(path, marker) is None
    assert not path.exists()


def test_dead_process_is_stale(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass", MARKER])
    process.wait(10)
    path = tmp_path / "svc.pid"
    write_pid(path, process.pid)
    assert process_cmdline(process.pid) is None
    assert live_pid(path, MARKER) is None
    assert not path.exists()


@pytest.mark.parametrize("content", ["", "garbage\n"])
def test_garbage_pid_file_is_removed(tmp_path: Path, content: str) -> None:
    path = tmp_path / "svc.pid"
    path.write_text(content)
    assert live_pid(path, MARKER) is None
    assert not path.exists()


def test_missing_pid_file(tmp_path: Path) -> None:
    assert live_pid(tmp_path / "none.pid", MARKER) is None
