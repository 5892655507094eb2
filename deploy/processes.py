"""Run Enlace's own long-lived commands (worker, indexer) as child processes, for the demo, benchmarks and tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.settings import Settings, settings_env


def enlace_executable() -> str:
    """The ``enlace`` script installed beside the running interpreter."""
    candidate = Path(sys.executable).parent / "enlace"
    return str(candidate) if candidate.exists() else "enlace"


def spawn(args: list[str], settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    """Start ``enlace <args>`` configured by ``settings``, output appended to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **settings_env(settings)}
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [enlace_executable(), *args], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    """SIGTERM, then SIGKILL if the process is still alive after ``timeout`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
    return process.returncode


@contextmanager
def running(args: list[str], settings: Settings, log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = spawn(args, settings, log_path)
    try:
        yield process
    finally:
        stop(process)
