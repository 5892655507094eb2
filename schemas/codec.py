"""Event wire formats: Avro single-object encoding by default, Confluent Schema Registry framing when configured.

Single-object encoding (Avro spec): ``C3 01`` + the writer schema's 8-byte
little-endian CRC-64-AVRO fingerprint + the Avro binary body. Decoding accepts
current and released writer schemas and resolves them to the current schema.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Protocol

from fastavro import schemaless_reader, schemaless_writer

from schemas import catalog
from schemas.catalog import EventSchema
from schemas.errors import DecodeError, InvalidEvent
from schemas.times import to_utc

MAGIC = b"\xc3\x01"
HEADER_SIZE = len(MAGIC) + 8
TIME_FIELDS = ("occurred_at", "reported_at")


class EventCodec(Protocol):
    """Turns event dicts into message values and back."""

    def encode(self, event: Mapping[str, Any]) -> bytes: ...

    def decode(self, data: bytes) -> dict[str, Any]: ...


def event_type_of(event: Mapping[str, Any]) -> str:
    """The event's type, from the top level or the envelope; ``InvalidEvent`` when unknown."""
    envelope = event.get("envelope")
    event_type = event.get("event_type") or (envelope.get("event_type") if isinstance(envelope, Mapping) else None)
    if event_type not in catalog.EVENT_TYPES:
        raise InvalidEvent(f"unknown event type {event_type!r}",
                           errors=[{"loc": ["event_type"], "msg": f"must be one of {sorted(catalog.EVENT_TYPES)}"}])
    return str(event_type)


def to_datum(event: Mapping[str, Any]) -> dict[str, Any]:
    """The Avro datum (``envelope`` + ``payload``) of an event dict, timestamps made datetimes."""
    envelope = event.get("envelope")
    if not isinstance(envelope, Mapping) or not isinstance(event.get("payload"), Mapping):
        raise InvalidEvent("an event needs an envelope and a payload",
                           errors=[{"loc": ["envelope"], "msg": "envelope and payload must be objects"}])
    envelope = dict(envelope)
    try:
        for name in TIME_FIELDS:
            envelope[name] = to_utc(envelope.get(name))
    except (TypeError, ValueError) as exc:
        raise InvalidEvent(f"bad timestamp: {exc}", errors=[{"loc": ["envelope", name], "msg": str(exc)}]) from exc
    return {"envelope": envelope, "payload": event["payload"]}


def from_datum(event_type: str, datum: dict[str, Any]) -> dict[str, Any]:
    """The event dict of a decoded Avro datum."""
    return {"event_type": event_type, "envelope": datum["envelope"], "payload": datum["payload"]}


Readers = Mapping[bytes, tuple[str, Any, Any]]
"""Fingerprint bytes -> (label, writer schema, reader schema or None when they are the same)."""


def header(schema: EventSchema) -> bytes:
    """The single-object header of data written with ``schema``."""
    return MAGIC + struct.pack("<Q", schema.fingerprint)


def write_datum(schema: EventSchema, datum: Mapping[str, Any], what: str = "event") -> bytes:
    """The Avro binary body of ``datum`` under ``schema``; ``InvalidEvent`` when it does not fit."""
    out = io.BytesIO()
    try:
        schemaless_writer(out, schema.parsed, datum)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, struct.error) as exc:
        raise InvalidEvent(f"{what} does not fit the {schema.event_type} schema: {exc}",
                           errors=[{"loc": [], "msg": str(exc)}]) from exc
    return out.getvalue()


def write_body(schema: EventSchema, event: Mapping[str, Any]) -> bytes:
    """The Avro binary body of ``event`` under ``schema``; ``InvalidEvent`` when it does not fit."""
    return write_datum(schema, to_datum(event))


def read_single_object(data: bytes, readers: Readers) -> tuple[str, dict[str, Any]]:
    """(label, datum) of single-object ``data`` whose writer is one of ``readers``; ``DecodeError`` otherwise."""
    if len(data) < HEADER_SIZE:
        raise DecodeError(f"{len(data)} bytes is shorter than the {HEADER_SIZE}-byte single-object header")
    if data[:2] != MAGIC:
        raise DecodeError(f"bad magic {data[:2].hex()}: not Avro single-object encoding (want c301)")
    found = readers.get(data[2:HEADER_SIZE])
    if found is None:
        raise DecodeError(f"unknown writer schema fingerprint {data[2:HEADER_SIZE].hex()} (not a current or released schema)")
    label, writer, reader = found
    body = io.BytesIO(data)
    body.seek(HEADER_SIZE)
    try:
        datum = schemaless_reader(body, writer, reader)
    except Exception as exc:  # noqa: BLE001 - fastavro raises EOFError, ValueError, IndexError... on bad bodies
        raise DecodeError(f"corrupt or truncated {label} body: {type(exc).__name__}: {exc}") from exc
    if body.tell() != len(data):
        raise DecodeError(f"{len(data) - body.tell()} trailing bytes after the {label} body")
    if not isinstance(datum, dict):
        raise DecodeError(f"{label} body did not decode to a record")
    return label, datum


class SingleObjectCodec:
    """Avro single-object encoding, resolving every known writer schema to the current reader schema."""

    def __init__(self, current: Mapping[str, EventSchema], released: Iterable[Mapping[str, EventSchema]] = ()) -> None:
        self._writers = {t: (header(s), s) for t, s in current.items()}
        self._readers: dict[bytes, tuple[str, Any, Any]] = {
            struct.pack("<Q", s.fingerprint): (t, s.parsed, None) for t, s in current.items()
        }
        for version in released:
            for t, s in version.items():
                if t in current:
                    self._readers.setdefault(struct.pack("<Q", s.fingerprint), (t, s.parsed, current[t].parsed))

    def encode(self, event: Mapping[str, Any]) -> bytes:
        prefix, schema = self._writers[event_type_of(event)]
        return prefix + write_body(schema, event)

    def decode(self, data: bytes) -> dict[str, Any]:
        event_type, datum = read_single_object(data, self._readers)
        return from_datum(event_type, datum)


@cache
def default_codec() -> SingleObjectCodec:
    """The single-object codec over this code's current and released schemas (built once)."""
    return SingleObjectCodec(catalog.current(), catalog.released().values())


def make_codec(settings: Any) -> EventCodec:
    """The codec the settings ask for: Schema Registry framing if ``registry.url`` is set, else single-object."""
    if settings.registry.url:
        from schemas.registry import RegistryCodec

        return RegistryCodec.from_settings(settings)
    return default_codec()
