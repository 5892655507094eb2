"""Typed, directed links between entities, aggregated from the records that assert them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from streams.resolve.records import Link


class LinkIndex:
    """Outgoing links per record key and the reverse index (target record -> asserting records)."""

    __slots__ = ("outgoing", "incoming")

    def __init__(self) -> None:
        self.outgoing: dict[str, tuple[Link, ...]] = {}
        self.incoming: dict[str, set[tuple[str, str]]] = {}  # target key -> {(rel, source key)}

    def add(self, source_key: str, links: tuple[Link, ...]) -> None:
        """Remember the links a record asserts."""
        if not links:
            return
        self.outgoing[source_key] = links
        for link in links:
            self.incoming.setdefault(link.to, set()).add((link.rel, source_key))

    def remove(self, source_key: str) -> tuple[Link, ...]:
        """Forget a record's links; returns them."""
        links = self.outgoing.pop(source_key, ())
        for link in links:
            sources = self.incoming.get(link.to)
            if sources:
                sources.discard((link.rel, source_key))
                if not sources:
                    del self.incoming[link.to]
        return links

    def neighbour_records(self, record_key: str) -> list[str]:
        """Record keys this record links to or is linked from."""
        out = [link.to for link in self.outgoing.get(record_key, ())]
        out += [src for _, src in sorted(self.incoming.get(record_key, ()))]  # a set: fixed order across processes
        return out


def entity_links(members: Iterable[str], index: LinkIndex, entity_of: Callable[[str], str | None]) -> list[dict[str, object]]:
    """Links of one entity: ``{"rel", "entity_id", "direction", "records"}`` per (rel, other entity, direction).

    Links whose other end is not (yet) resolved are left out; ``records`` are the asserting record keys.
    """
    grouped: dict[tuple[str, str, str], set[str]] = {}
    for key in members:
        for link in index.outgoing.get(key, ()):
            other = entity_of(link.to)
            if other is not None:
                grouped.setdefault((link.rel, other, "out"), set()).add(key)
        for rel, source in index.incoming.get(key, ()):
            other = entity_of(source)
            if other is not None:
                grouped.setdefault((rel, other, "in"), set()).add(source)
    return [
        {"rel": rel, "entity_id": other, "direction": direction, "records": sorted(records)}
        for (rel, other, direction), records in sorted(grouped.items())
    ]
