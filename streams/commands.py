"""The records log: one JSON command per message, in the partition of the kind it concerns.

``upsert`` a canonical record (a new one, or a new version replacing the one with its key),
``retract`` a record its source withdrew, or ``judge`` two records or entities (an analyst's
verdict). The resolver of a partition is a fold over these commands in offset order, so any
worker that reads the same log reaches the same state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from streams.topology import kind_partition


@dataclass(frozen=True, slots=True)
class Command:
    """One message for the records log: its partition, key and JSON value."""

    partition: int
    key: str
    value: bytes


def _encode(body: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (what ``json.dumps(separators=(",", ":"), ensure_ascii=False)`` writes, faster)."""
    return orjson.dumps(body, default=str, option=orjson.OPT_PASSTHROUGH_DATETIME)


def record_key(record: dict[str, Any]) -> str:
    """A canonical record's global key ``source/record_id`` (as ``streams.resolve.records`` builds it)."""
    return f"{record['source']}/{record['record_id']}"


def upsert(record: dict[str, Any], produced_at_ms: int | None) -> Command:
    body = {"op": "upsert", "record": record, "produced_at_ms": produced_at_ms}
    return Command(kind_partition(record["kind"]), record_key(record), _encode(body))


def retract(key: str, kind: str, produced_at_ms: int | None, reason: str = "") -> Command:
    body = {"op": "retract", "key": key, "reason": reason, "produced_at_ms": produced_at_ms}
    return Command(kind_partition(kind), key, _encode(body))


def judge(judgement: dict[str, Any], produced_at_ms: int | None) -> Command:
    body = {"op": "judge", "judgement": judgement, "produced_at_ms": produced_at_ms}
    return Command(kind_partition(judgement["kind"]), str(judgement["judgement_id"]), _encode(body))


def decode(value: bytes) -> dict[str, Any]:
    """A records-log message back to its command dict."""
    body = orjson.loads(value)
    if not isinstance(body, dict) or body.get("op") not in ("upsert", "retract", "judge"):
        raise ValueError(f"not a records-log command: {value[:80]!r}")
    return body
