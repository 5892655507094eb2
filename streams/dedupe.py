"""Which agency events are repeats: decisions over a small per-source-record memory.

The memory (one JSON-able dict per message key ``agency:source_record_id``) lives in a
Faust table co-partitioned with the agency topics. It remembers the newest source
version, the last few event ids and the exact message position that set it, so a
message re-read after a crash (same topic, partition and offset) is forwarded again
instead of being mistaken for a duplicate: the fusion step is idempotent, a lost
event is not recoverable.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

RECENT_EVENT_IDS = 16
Position = tuple[str, int, int]
"""Where a message was read: (topic, partition, offset)."""


class Decision(str, Enum):
    FORWARD = "forward"
    REPLAY = "replay"
    """The very message that last updated the memory, re-read after a crash: forward again."""
    DUPLICATE_EVENT = "duplicate_event"
    STALE_VERSION = "stale_version"

    @property
    def forwards(self) -> bool:
        return self in (Decision.FORWARD, Decision.REPLAY)


def decide(seen: dict[str, Any] | None, event_id: str, version: int, position: Position) -> Decision:
    """Forward an event unless its id was seen or its source version is not newer than the newest seen."""
    if not seen:
        return Decision.FORWARD
    if seen.get("at") == list(position):
        return Decision.REPLAY
    if event_id in seen.get("event_ids", ()):
        return Decision.DUPLICATE_EVENT
    if version <= int(seen.get("version", 0)):
        return Decision.STALE_VERSION
    return Decision.FORWARD


def remember(seen: dict[str, Any] | None, event_id: str, version: int, position: Position,
             records: list[list[str]] | None = None) -> dict[str, Any]:
    """The memory after forwarding the event (a new dict; ``seen`` is not modified).

    ``records`` are the ``[record key, kind]`` pairs the event's version holds, so the next version
    (or a retraction) can withdraw the records it no longer has.
    """
    ids = [i for i in (seen or {}).get("event_ids", []) if i != event_id] + [event_id]
    newest = max(int((seen or {}).get("version", 0)), version)
    return {"version": newest, "event_ids": ids[-RECENT_EVENT_IDS:], "at": list(position), "records": records or []}
