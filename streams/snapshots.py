"""Snapshots of a partition's resolver in a table, so a restarted worker does not fold the whole log.

A snapshot is the resolver's state as compressed JSON cut into chunks (Kafka messages stay small),
written under a new generation, then a manifest naming that generation, the chunks' checksum and
the next log offset. The manifest also remembers the previous complete snapshot, whose chunks
are kept until the one after: if a crash leaves the newest snapshot incomplete, the previous one
is used, and without any the log is folded from offset 0. Pure: the table is any mapping.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import MutableMapping
from typing import Any

from streams.resolve.engine import Resolver
from streams.resolving import Partition

CHUNK = 512 * 1024
"""Bytes per chunk, well under Kafka's default 1 MiB message limit."""


def manifest_key(number: int) -> str:
    return f"p{number}:manifest"


def chunk_key(number: int, generation: int, index: int) -> str:
    return f"p{number}:g{generation}:{index}"


def manifest(table: MutableMapping[str, Any], number: int) -> dict[str, Any] | None:
    raw = table.get(manifest_key(number))
    return json.loads(raw) if raw else None


def snapshot_writes(partition: Partition, table: MutableMapping[str, Any]) -> list[tuple[str, bytes | None]]:
    """The table writes that store ``partition`` (chunks, then the manifest, then old chunks dropped)."""
    number = partition.number
    current = manifest(table, number)
    generation = (current["generation"] + 1) if current else 1
    data = zlib.compress(json.dumps(partition.resolver.snapshot(), separators=(",", ":")).encode(), 1)
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    writes: list[tuple[str, bytes | None]] = [(chunk_key(number, generation, i), c) for i, c in enumerate(chunks)]
    entry = {"generation": generation, "chunks": len(chunks), "sha256": hashlib.sha256(data).hexdigest(),
             "next_offset": partition.next_offset, "bytes": len(data)}
    previous = {k: v for k, v in (current or {}).items() if k != "previous"} or None
    writes.append((manifest_key(number), json.dumps({**entry, "previous": previous}).encode()))
    older = (current or {}).get("previous")
    if older:  # two snapshots back: nothing refers to it any more
        writes += [(chunk_key(number, older["generation"], i), None) for i in range(older["chunks"])]
    return writes


def _read(table: MutableMapping[str, Any], number: int, entry: dict[str, Any]) -> bytes | None:
    parts = [table.get(chunk_key(number, entry["generation"], i)) for i in range(entry["chunks"])]
    if any(p is None for p in parts):
        return None
    data = b"".join(parts)
    return data if hashlib.sha256(data).hexdigest() == entry["sha256"] else None


def load(table: MutableMapping[str, Any], number: int) -> Partition:
    """The partition as of its newest complete snapshot (an empty one at offset 0 when there is none)."""
    current = manifest(table, number)
    for entry in (current, (current or {}).get("previous")):
        if not entry:
            continue
        data = _read(table, number, entry)
        if data is not None:
            state = json.loads(zlib.decompress(data))
            return Partition(number, Resolver.restore(state), int(entry["next_offset"]))
    return Partition(number)


def apply_writes(table: MutableMapping[str, Any], writes: list[tuple[str, bytes | None]]) -> None:
    for key, value in writes:
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
