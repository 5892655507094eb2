"""The indexer's pure core: ``entities`` messages -> bulk actions, bulk results -> what to do next."""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from consumers.documents import build_action, check_action
from consumers.members import MemberCache

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


def _decode(value: bytes) -> Any:
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        # The stdlib accepts a little more (NaN, integers beyond 64 bits, UTF-16) and names errors as before.
        return json.loads(value)


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

    def __init__(self, index: str, memory: int = 200_000, members: MemberCache | None = None) -> None:
        self.index = index
        self.memory = memory
        self.versions: OrderedDict[str, int] = OrderedDict()
        self.members = MemberCache() if members is None else members
        """Member documents of earlier entity versions, reused while a member is unchanged."""
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
        """One action per key, in offset order; undecodable or invalid messages become failures.

        Every message is decoded and checked (a broken one is a failure even if a later message
        supersedes it, and every version counts for tombstones), but only the last good message
        of each key has its index document built.
        """
        plan = Plan()
        failures: list[tuple[int, Failure]] = []
        # Per key, its good messages in order: (position, message, action if built already, value).
        candidates: dict[str, list[tuple[int, Message, dict[str, Any] | None, dict[str, Any] | None]]] = {}
        for position, message in enumerate(messages):
            self.stats["messages"] += 1
            if message.key is None:
                failures.append((position, Failure(message, "invalid", "MissingKey", "entities message without a key")))
                continue
            entity_id = message.key.decode("utf-8", "replace")
            try:
                value = None if message.value is None else _decode(message.value)
                if value is not None and not isinstance(value, dict):
                    raise ValueError(f"expected a JSON object, got {type(value).__name__}")
                check_action(entity_id, value)
                action = None if value is not None else build_action(
                    entity_id, None, self.index, tombstone_version=self.tombstone_version(message, entity_id))
            except ValueError as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
                failures.append((position, Failure(message, "invalid", type(exc).__name__, str(exc))))
                continue
            if value is not None:
                self.remember(entity_id, int(value["version"]))
            candidates.setdefault(entity_id, []).append((position, message, action, value))
        chosen: list[tuple[int, str, dict[str, Any], Message]] = []
        for entity_id, found in candidates.items():
            while found:
                position, message, action, value = found.pop()
                if action is None:
                    try:
                        action = build_action(entity_id, value, self.index, members=self.members)
                    except ValueError as exc:  # the message before it stands instead
                        failures.append((position, Failure(message, "invalid", type(exc).__name__, str(exc))))
                        continue
                chosen.append((position, entity_id, action, message))
                plan.superseded += len(found)
                break
        chosen.sort(key=lambda item: item[0])  # the dict keeps last-message order
        plan.actions = {entity_id: (action, message) for _, entity_id, action, message in chosen}
        failures.sort(key=lambda item: item[0])
        plan.failures = [failure for _, failure in failures]
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
