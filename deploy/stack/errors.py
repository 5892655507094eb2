"""The one error the local stack raises: it names the log file to read."""

from __future__ import annotations

from pathlib import Path

from schemas.errors import EnlaceError


class StackError(EnlaceError):
    """A stack service could not be fetched, started, reached or stopped; ``log`` says where to look."""

    def __init__(self, message: str, log: Path | None = None, tail: str = "") -> None:
        detail = message
        if log is not None:
            detail += f"\n  log: {log}"
        if tail:
            detail += "\n  last lines:\n" + "\n".join(f"    {line}" for line in tail.splitlines())
        super().__init__(detail)
        self.log = log
        self.tail = tail
