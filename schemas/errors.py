"""Enlace's exception tree: one base, each error carrying structured detail."""

from __future__ import annotations

from typing import Any


class EnlaceError(Exception):
    """Base of every error Enlace raises on purpose."""


class DecodeError(EnlaceError):
    """Bytes that are not a decodable Enlace event (bad magic, unknown schema, truncated Avro)."""


class InvalidEvent(EnlaceError):
    """An event that decoded but breaks the schema's rules; ``errors`` lists each field's problem."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []
