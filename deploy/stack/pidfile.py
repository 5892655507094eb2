"""Pid files for detached services, checked against ``/proc`` so a recycled pid is never mistaken for ours."""

from __future__ import annotations

import os
from pathlib import Path


def parse_pid(text: str) -> int | None:
    """The pid in a pid file's text, or None when it is empty or garbage."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def is_ours(cmdline: str, marker: str) -> bool:
    """Whether a process command line (NUL-separated, as in ``/proc/<pid>/cmdline``) runs ``marker``."""
    return marker in cmdline.split("\0")


def process_cmdline(pid: int) -> str | None:
    """The process's command line, or None when it does not exist or is a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rpartition(")")[2].split()[0] == "Z":
            return None
        return Path(f"/proc/{pid}/cmdline").read_text()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def live_pid(path: Path, marker: str) -> int | None:
    """The pid recorded in ``path`` if that process is alive and runs ``marker``; stale files are removed."""
    try:
        pid = parse_pid(path.read_text())
    except FileNotFoundError:
        return None
    cmdline = process_cmdline(pid) if pid is not None else None
    if pid is None or cmdline is None or not is_ours(cmdline, marker):
        path.unlink(missing_ok=True)
        return None
    return pid


def write_pid(path: Path, pid: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{pid}\n")
    os.replace(tmp, path)
