"""Dead letters for the on-call engineer: count them by reason, show them, and re-publish them once.

A dead letter is a refused message copied unchanged to ``<prefix>dead-letters`` with headers saying
where it came from and why (``streams.dlq``). ``replay`` sends it (or the integrator's fixed version)
back to the partition it came from, keyed as before, so its dedupe memory and ordering are the ones
the original would have had.

Replay is idempotent through a compacted ledger topic, ``<dead-letters topic>.replayed``, keyed by the
dead letter's position (``topic:partition:offset``): a dead letter with an entry there is never sent
again, by any replay, from any machine. The entry is written after the broker acknowledged the
re-published message, so a crash between the two can at worst send one message twice; the stream's
dedupe then drops the second copy (same event id). A transaction would close that window, but its
commit marker would take an offset in the agency partition that no consumer ever delivers, and the
pipeline's committed offsets would then stop one short of the end for good. Two replays running at
the same moment could both miss each other's entries: run one at a time.

This module is the pure part (the letters, summaries, selection, fix files, the replay plan);
``deploy.deadletter_kafka`` reads the topics, sends, and keeps the ledger.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from schemas.errors import EnlaceError
from streams.dlq import ERROR_CLASS, ERROR_MESSAGE, FAILED_AT, ORIGINAL_OFFSET, ORIGINAL_PARTITION, ORIGINAL_TOPIC

REPLAY_OF = "enlace.replay.of"
"""Header on a re-published message: the dead letter it replays (``topic:partition:offset``)."""
LEDGER_SUFFIX = ".replayed"
PREVIEW_BYTES = 64


class DeadLetterError(EnlaceError):
    """Dead letters could not be read or replayed (missing topic, unreadable fix file, broker error)."""


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One message of a dead-letter topic, where it sits there, and its headers as text."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, str]
    timestamp_ms: int | None = None

    @property
    def id(self) -> str:
        """Its position, ``topic:partition:offset``: the ledger key that makes replay idempotent."""
        return f"{self.topic}:{self.partition}:{self.offset}"

    @property
    def reason(self) -> str:
        return self.headers.get(ERROR_CLASS) or "unknown"

    @property
    def source_topic(self) -> str | None:
        return self.headers.get(ORIGINAL_TOPIC) or None

    @property
    def source_partition(self) -> int | None:
        return _int(self.headers.get(ORIGINAL_PARTITION))

    @property
    def source_offset(self) -> int | None:
        return _int(self.headers.get(ORIGINAL_OFFSET))

    @property
    def failed_at(self) -> str | None:
        """When it was refused: its ``enlace.failed_at`` header, else its Kafka timestamp."""
        stamp = self.headers.get(FAILED_AT)
        if stamp:
            return stamp
        if self.timestamp_ms is None:
            return None
        return datetime.fromtimestamp(self.timestamp_ms / 1000, timezone.utc).isoformat(timespec="milliseconds")


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


# Pure: summaries, selection, display.

def summarize(letters: Iterable[DeadLetter]) -> list[dict[str, Any]]:
    """Counts by reason (error class) and source topic, with the first and last dead-letter offset and time."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for letter in letters:
        key = (letter.reason, letter.source_topic or "")
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"reason": key[0], "source_topic": letter.source_topic, "count": 0,
                                   "first_offset": letter.offset, "last_offset": letter.offset,
                                   "first_at": letter.failed_at, "last_at": letter.failed_at}
        group["count"] += 1
        if letter.offset < group["first_offset"]:
            group["first_offset"], group["first_at"] = letter.offset, letter.failed_at
        if letter.offset >= group["last_offset"]:
            group["last_offset"], group["last_at"] = letter.offset, letter.failed_at
    return sorted(groups.values(), key=lambda g: (-g["count"], g["reason"], g["source_topic"] or ""))


def parse_position(text: str) -> tuple[int, int]:
    """``OFFSET`` (partition 0) or ``PARTITION:OFFSET`` as ``(partition, offset)``."""
    try:
        partition, _, offset = text.rpartition(":")
        return (int(partition) if partition else 0), int(offset)
    except ValueError as exc:
        raise DeadLetterError(f"not a dead-letter offset: {text!r} (OFFSET or PARTITION:OFFSET)") from exc


def select(letters: Iterable[DeadLetter], reasons: Iterable[str] = (),
           positions: Iterable[tuple[int, int]] = ()) -> list[DeadLetter]:
    """The letters with one of ``reasons`` (case-insensitive) and at one of ``positions``; an empty filter keeps all."""
    wanted_reasons = {r.lower() for r in reasons}
    wanted = set(positions)
    return [letter for letter in letters
            if (not wanted_reasons or letter.reason.lower() in wanted_reasons)
            and (not wanted or (letter.partition, letter.offset) in wanted)]


def describe(letter: DeadLetter, decode: Callable[[str, bytes], Any] | None = None) -> dict[str, Any]:
    """A dead letter as JSON: where it is, where it came from, why, and its payload.

    ``event`` is the payload decoded by ``decode(source_topic, value)`` when that works (else None);
    ``value_base64`` is the payload exactly, ``value_preview`` its first bytes in hex. Edit ``event`` (or
    ``value_base64``) in this JSON and hand the lines to ``enlace dlq replay --file``.
    """
    value = letter.value
    event = None
    if value is not None and decode is not None and letter.source_topic:
        try:
            event = decode(letter.source_topic, value)
        except Exception:  # noqa: BLE001 - an undecodable payload is what many dead letters are
            event = None
    return {
        "partition": letter.partition, "offset": letter.offset, "id": letter.id,
        "reason": letter.reason, "message": letter.headers.get(ERROR_MESSAGE, ""), "failed_at": letter.failed_at,
        "source": {"topic": letter.source_topic, "partition": letter.source_partition, "offset": letter.source_offset},
        "key": None if letter.key is None else letter.key.decode("utf-8", "replace"),
        "size": None if value is None else len(value),
        "value_preview": None if value is None else value[:PREVIEW_BYTES].hex(" "),
        "value_base64": None if value is None else base64.b64encode(value).decode("ascii"),
        "event": event,
        "headers": letter.headers,
    }


# Pure: fix files and the replay plan.

@dataclass(frozen=True, slots=True)
class Fix:
    """The integrator's corrected payload (and optionally key) for one dead letter."""

    value: bytes
    key: bytes | None = None


def parse_fixes(lines: Iterable[str], encode: Callable[[str | None, Mapping[str, Any]], bytes],
                sources: Mapping[tuple[int, int], str | None] | None = None) -> dict[tuple[int, int], Fix]:
    """``(partition, offset) -> Fix`` from JSON lines shaped like ``enlace dlq show --json`` prints them.

    Each line names its dead letter by ``offset`` (and ``partition``, default 0) and carries either
    ``event`` (a JSON event, encoded by ``encode(source_topic, event)``) or ``value_base64`` (the exact
    bytes); ``event`` wins when both are set. An optional ``key`` replaces the message key.
    ``sources`` gives each dead letter's source topic, so ``encode`` knows which wire format to write.
    """
    fixes: dict[tuple[int, int], Fix] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            position = (int(item.get("partition") or 0), int(item["offset"]))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DeadLetterError(f"fix line {number}: needs a JSON object with an integer \"offset\" ({exc})") from exc
        key = item.get("key")
        try:
            if item.get("event") is not None:
                value = encode((sources or {}).get(position), item["event"])
            elif item.get("value_base64") is not None:
                value = base64.b64decode(item["value_base64"], validate=True)
            else:
                raise DeadLetterError("neither \"event\" nor \"value_base64\" is set")
        except DeadLetterError as exc:
            raise DeadLetterError(f"fix line {number} (dead letter {position[0]}:{position[1]}): {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - the codec's or base64's complaint, with the line it came from
            raise DeadLetterError(f"fix line {number} (dead letter {position[0]}:{position[1]}): cannot encode: "
                                  f"{type(exc).__name__}: {exc}") from exc
        if position in fixes:
            raise DeadLetterError(f"fix line {number}: dead letter {position[0]}:{position[1]} is fixed twice")
        fixes[position] = Fix(value, None if key is None else str(key).encode())
    return fixes


@dataclass(frozen=True, slots=True)
class Send:
    """One message to re-publish: the dead letter it replays and what goes where."""

    letter: DeadLetter
    topic: str
    partition: int
    key: bytes | None
    value: bytes | None
    fixed: bool

    @property
    def headers(self) -> list[tuple[str, str | bytes | None]]:
        return [(REPLAY_OF, self.letter.id.encode())]


@dataclass(slots=True)
class ReplayPlan:
    sends: list[Send] = field(default_factory=list)
    already: list[tuple[DeadLetter, dict[str, Any]]] = field(default_factory=list)
    """Dead letters the ledger says were replayed before, with the ledger's entry."""
    refused: list[tuple[DeadLetter, str]] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)
    """Positions asked for (by ``--offset`` or the fix file) that hold no dead letter."""


def plan_replay(letters: Iterable[DeadLetter], ledger: Mapping[str, dict[str, Any]], replayable: Iterable[str],
                fixes: Mapping[tuple[int, int], Fix] | None = None) -> ReplayPlan:
    """What a replay of ``letters`` does: skip those in ``ledger``, refuse those whose source is not in
    ``replayable`` (or unknown), re-publish the rest, fixed where ``fixes`` has their position."""
    plan = ReplayPlan()
    inputs = set(replayable)
    for letter in letters:
        entry = ledger.get(letter.id)
        topic, partition = letter.source_topic, letter.source_partition
        fix = (fixes or {}).get((letter.partition, letter.offset))
        if entry is not None:
            plan.already.append((letter, entry))
        elif topic is None or partition is None:
            plan.refused.append((letter, "its headers do not say where it came from"))
        elif topic not in inputs:
            plan.refused.append((letter, f"{topic} is not a topic the stream reads (replay the stream instead)"))
        elif fix is None and letter.value is None:
            plan.refused.append((letter, "it has no payload"))
        else:
            key = (fix.key or letter.key) if fix else letter.key
            plan.sends.append(Send(letter, topic, partition, key, fix.value if fix else letter.value, fix is not None))
    return plan


def missing(letters: Iterable[DeadLetter], asked: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The positions asked for that hold no dead letter (a typo, or retention deleted it)."""
    return sorted(set(asked) - {(letter.partition, letter.offset) for letter in letters})


def ledger_entry(send: Send, offset: int, when: datetime | None = None) -> dict[str, Any]:
    """The ledger's record of one replayed dead letter: where its copy went and whether it was fixed."""
    moment = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {"dead_letter": send.letter.id, "reason": send.letter.reason, "topic": send.topic,
            "partition": send.partition, "offset": offset, "fixed": send.fixed,
            "replayed_at": moment.isoformat(timespec="milliseconds")}


@dataclass(slots=True)
class ReplayReport:
    replayed: list[dict[str, Any]] = field(default_factory=list)
    already: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Sends the broker refused (those dead letters stay replayable) or ledger entries not written."""

    @classmethod
    def of(cls, plan: ReplayPlan) -> ReplayReport:
        """The report of a plan before anything is sent (what a dry run prints)."""
        return cls(
            already=[{**entry, "dead_letter": letter.id, "reason": letter.reason} for letter, entry in plan.already],
            refused=[{"dead_letter": letter.id, "reason": letter.reason, "why": why} for letter, why in plan.refused],
            missing=[f"{p}:{o}" for p, o in plan.missing],
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"replayed": self.replayed, "already_replayed": self.already, "refused": self.refused,
                "missing": self.missing, "errors": self.errors}
