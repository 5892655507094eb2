"""The ingest step, pure: raw agency message -> dead letter, dropped repeat, or records to fuse.

The Faust agent (``streams.agents``) only moves bytes: it hands each message to
``Ingestor.process`` and sends what comes back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from streams.dedupe import Decision, Position, decide, remember

Decode = Callable[[bytes], dict[str, Any]]
Validate = Callable[[dict[str, Any]], Any]
Extract = Callable[[dict[str, Any]], list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to do with one agency message."""

    key: str | None
    decision: Decision | None = None
    """None when the message is a dead letter (see ``error``)."""
    error: Exception | None = None
    fusion_message: bytes | None = None
    """JSON for the fusion topic when the event is forwarded."""
    memory: dict[str, Any] | None = None
    """The dedupe memory to store under ``key`` after forwarding."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def encode_fusion_message(key: str, event: Mapping[str, Any], records: list[dict[str, Any]], produced_at_ms: int | None) -> bytes:
    """The fusion topic's value: the event's canonical records plus where they came from."""
    envelope = event["envelope"]
    body = {
        "key": key,
        "event_id": envelope["event_id"],
        "event_type": event.get("event_type") or envelope.get("event_type"),
        "source_version": envelope.get("source_version", 1),
        "trigger_produced_at_ms": produced_at_ms,
        "records": records,
    }
    return json.dumps(body, default=_jsonable, separators=(",", ":")).encode()


def decode_fusion_message(data: bytes) -> dict[str, Any]:
    return dict(json.loads(data))


class Ingestor:
    """Decode, validate, deduplicate and extract one message; every failure becomes a dead letter."""

    def __init__(self, decode: Decode, validate: Validate, extract: Extract) -> None:
        self._decode, self._validate, self._extract = decode, validate, extract

    def process(
        self,
        value: bytes | None,
        key: str | None,
        position: Position,
        produced_at_ms: int | None,
        memory: Mapping[str, dict[str, Any]],
    ) -> Outcome:
        try:
            event = self._decode(value or b"")
            self._validate(event)
        except Exception as exc:  # noqa: BLE001 - DecodeError, InvalidEvent, or a codec bug: never stop the stream
            return Outcome(key, error=exc)
        envelope = event["envelope"]
        dedupe_key = key or f"{envelope['agency']}:{envelope['source_record_id']}"
        event_id, version = str(envelope["event_id"]), int(envelope.get("source_version") or 1)
        seen = memory.get(dedupe_key)
        decision = decide(seen, event_id, version, position)
        if not decision.forwards:
            return Outcome(dedupe_key, decision)
        try:
            records = self._extract(event)
            message = encode_fusion_message(dedupe_key, event, records, produced_at_ms)
        except Exception as exc:  # noqa: BLE001 - a valid event the extractor cannot read is still a dead letter
            return Outcome(key, error=exc)
        return Outcome(dedupe_key, decision, fusion_message=message, memory=remember(seen, event_id, version, position))


def make_ingestor(settings: Any) -> Ingestor:
    """The production ingestor: the project's codec, validator and extractor."""
    from schemas.codec import make_codec
    from schemas.validate import validate_event
    from streams.extract import records_from_event

    return Ingestor(make_codec(settings).decode, validate_event, records_from_event)
