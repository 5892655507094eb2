"""The ingest step, pure: raw agency message -> dead letter, dropped repeat, or records-log commands.

The Faust agent (``streams.agents``) only moves bytes: it hands each message to
``Ingestor.process`` and sends the commands that come back. A new version of a source
record upserts the records it holds and retracts those its previous version had and it
no longer has; a ``record_retraction`` event retracts them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import orjson

from streams import commands
from streams.commands import Command
from streams.dedupe import Decision, Position, decide, remember

Decode = Callable[[bytes], dict[str, Any]]
Validate = Callable[[dict[str, Any]], Any]
Extract = Callable[[dict[str, Any]], list[dict[str, Any]]]

RETRACTION = "record_retraction"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to do with one agency message."""

    key: str | None
    decision: Decision | None = None
    """None when the message is a dead letter (see ``error``)."""
    error: Exception | None = None
    commands: list[Command] = field(default_factory=list)
    """Records-log messages to send when the event is forwarded."""
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


def plain(value: Any) -> Any:
    """``value`` with datetimes, dates, tuples and bytes turned into JSON types."""
    return orjson.loads(orjson.dumps(value, default=_jsonable, option=orjson.OPT_PASSTHROUGH_DATETIME))


def event_commands(event: Mapping[str, Any], records: list[dict[str, Any]], seen: Mapping[str, Any] | None,
                   produced_at_ms: int | None) -> tuple[list[Command], list[list[str]]]:
    """The commands for one forwarded event, and the ``[key, kind]`` pairs it leaves in place."""
    retraction = (event.get("event_type") or event["envelope"].get("event_type")) == RETRACTION
    current = [] if retraction else [plain(r) for r in records]
    held = [[commands.record_key(r), str(r["kind"])] for r in current]
    keep = {key for key, _ in held}
    reason = str((event.get("payload") or {}).get("reason") or "") if retraction else "dropped by a newer version"
    out = [commands.retract(key, kind, produced_at_ms, reason)
           for key, kind in (seen or {}).get("records", []) if key not in keep]
    out += [commands.upsert(r, produced_at_ms) for r in current]
    return out, held


def _ms(value: Any) -> int | None:
    return int(value.timestamp() * 1000) if isinstance(value, datetime) else None


def commands_in_order(events: Iterable[Mapping[str, Any]]) -> Iterator[list[Command]]:
    """Per event, in order, the records-log commands ingest sends for it ([] for a repeat), without Kafka.

    The dedupe memory lives in a dict, an event's position stands for its offset and its ``reported_at``
    for its produce time: how tests and ``consumers.corpus`` fold events as the worker would.
    """
    from streams.extract import records_from_event

    memory: dict[str, dict[str, Any]] = {}
    for position, event in enumerate(events):
        envelope = event["envelope"]
        key = f"{envelope['agency']}:{envelope['source_record_id']}"
        event_id, version = str(envelope["event_id"]), int(envelope.get("source_version") or 1)
        seen = memory.get(key)
        where = ("events", 0, position)
        if not decide(seen, event_id, version, where).forwards:
            yield []
            continue
        made, held = event_commands(event, records_from_event(event), seen, _ms(envelope.get("reported_at")))
        memory[key] = remember(seen, event_id, version, where, held)
        yield made


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
        if decision is Decision.REPLAY and seen is not None:
            # the very message that set the memory, re-read after a crash: its commands went out from
            # the memory before it, which is the one to diff against; resolving them again is idempotent
            seen = {**seen, "records": seen.get("previous", [])}
        try:
            out, held = event_commands(event, self._extract(event), seen, produced_at_ms)
        except Exception as exc:  # noqa: BLE001 - a valid event the extractor cannot read is still a dead letter
            return Outcome(key, error=exc)
        previous = (seen or {}).get("records", [])
        new_memory = {**remember(seen, event_id, version, position, held), "previous": previous}
        return Outcome(dedupe_key, decision, commands=out, memory=new_memory)


def make_ingestor(settings: Any) -> Ingestor:
    """The production ingestor: the project's codec, validator and extractor."""
    from schemas.codec import make_codec
    from schemas.validate import validate_event
    from streams.extract import records_from_event

    return Ingestor(make_codec(settings).decode, validate_event, records_from_event)
