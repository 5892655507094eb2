"""The indexer's pure core: ``entities`` messages -> bulk actions, bulk results -> what to do next."""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from consumers.documents import build_action

VERSION_HEADER = "enlace.version"
"""Optional header on a tombstone: the version of the entity it deletes (preferred over memory)."""


@dataclass(frozen=True, slots=True)
class Message:
    """One consumed Kafka message, independent of the client library."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A message that won't be indexed, and why (HTTP-like status, error type, reason)."""

    message: Message
    status: int | str
    error_type: str
    reason: str
    attempts: int = 0
    """Bulk requests that tried this document (0: refused before any, e.g. not JSON)."""

    def item(self) -> dict[str, Any]:
        key = self.message.key.decode("utf-8", "replace") if self.message.key is not None else None
        return {"_id": key, "status": self.status, "type": self.error_type, "reason": self.reason, "attempts": self.attempts,
                "position": f"{self.message.topic}[{self.message.partition}]@{self.message.offset}"}


@dataclass(slots=True)
class Plan:
    """A batch made ready: one action per entity (its last message wins) and the messages refused up front."""

    actions: dict[str, tuple[dict[str, Any], Message]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    superseded: int = 0


@dataclass(slots=True)
class Settlement:
    """Bulk results sorted out: indexed or deleted, stale (409: a newer version is indexed), failed by id."""

    done: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    failed: dict[str, tuple[int | str, str, str]] = field(default_factory=dict)


def _header(message: Message, name: str) -> str | None:
    for key, value in message.headers:
        if key == name and value is not None:
            return value.decode("utf-8", "replace")
    return None


class Indexer:
    """Turns batches of ``entities`` messages into bulk actions and classifies the results.

    Remembers the newest version seen per entity (bounded, least recently seen evicted) so a
    tombstone can delete with a version (see ``consumers.documents.build_action``).
    """

    def __init__(self, index: str, memory: int = 200_000) -> None:
        self.index = index
        self.memory = memory
        self.versions: OrderedDict[str, int] = OrderedDict()
        self.stats: Counter[str] = Counter()

    def remember(self, entity_id: str, version: int) -> None:
        self.versions[entity_id] = max(version, self.versions.get(entity_id, version))
        self.versions.move_to_end(entity_id)
        while len(self.versions) > self.memory:
            self.versions.popitem(last=False)

    def tombstone_version(self, message: Message, entity_id: str) -> int | None:
        header = _header(message, VERSION_HEADER)
        if header is not None and header.strip().isdigit():
            return int(header)
        return self.versions.get(entity_id)

    def plan(self, messages: Sequence[Message]) -> Plan:
        """One action per key, in offset order; undecodable or invalid messages become failures."""
        plan = Plan()
        for message in messages:
            self.stats["messages"] += 1
            if message.key is None:
                plan.failures.append(Failure(message, "invalid", "MissingKey", "entities message without a key"))
                continue
            entity_id = message.key.decode("utf-8", "replace")
            try:
                value = None if message.value is None else json.loads(message.value)
                if value is not None and not isinstance(value, dict):
                    raise ValueError(f"expected a JSON object, got {type(value).__name__}")
                version = None if value is not None else self.tombstone_version(message, entity_id)
                action = build_action(entity_id, value, self.index, tombstone_version=version)
            except ValueError as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
                plan.failures.append(Failure(message, "invalid", type(exc).__name__, str(exc)))
                continue
            if value is not None:
                self.remember(entity_id, int(action["version"]))
            if entity_id in plan.actions:
                plan.superseded += 1
                del plan.actions[entity_id]  # re-insert so the dict keeps last-message order
            plan.actions[entity_id] = (action, message)
        self.stats["superseded"] += plan.superseded
        return plan

    def settle(self, results: Iterable[tuple[bool, dict[str, Any]]]) -> Settlement:
        """Classify ``streaming_bulk`` results (``yield_ok=True``, ``raise_on_error=False``)."""
        settlement = Settlement()
        for ok, result in results:
            op_type, item = next(iter(result.items()))
            entity_id = str(item.get("_id"))
            status = item.get("status", 500)
            if ok or (op_type == "delete" and status == 404):  # deleting what is already gone is done
                settlement.done.append(entity_id)
                self.stats["deleted" if op_type == "delete" else "indexed"] += 1
            elif status == 409:
                settlement.stale.append(entity_id)
                self.stats["stale"] += 1
            else:
                error = item.get("error")
                kind, reason = (error.get("type", "error"), error.get("reason", "")) if isinstance(error, dict) else (
                    "error", str(error))
                caused = error.get("caused_by") if isinstance(error, dict) else None
                if isinstance(caused, dict) and caused.get("reason"):
                    reason = f"{reason}: {caused.get('type')}: {caused['reason']}"
                settlement.failed[entity_id] = (status, kind, reason)
        return settlement
