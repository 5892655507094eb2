"""Where canonical records sit in each event type's payload, read off the ``.avsc`` files (no second table).

A payload field typed ``Person``/``Vehicle``/``Firearm`` (alone, nullable or in
an array) is a *slot* for records of that kind; ``links`` holds the relations;
every other payload field is *context* (incident number, location, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from schemas import catalog

KINDS: dict[str, str] = {"person": "Person", "vehicle": "Vehicle", "firearm": "Firearm"}
"""Canonical record kind -> Avro record name."""
RECORD_META = ("record_id", "source", "role")
"""Fields of the record types that are about the record, not canonical data."""
RELS: dict[str, tuple[str, str]] = {
    "owns": ("person", "vehicle"),
    "drives": ("person", "vehicle"),
    "was_in": ("person", "vehicle"),
    "holds": ("person", "firearm"),
    "found_with": ("person", "firearm"),
    "found_in": ("firearm", "vehicle"),
    "associate_of": ("person", "person"),
}
"""Link relation -> (kind of the from record, kind of the to record)."""
OWN_IDS = frozenset({"entity_report"})
"""Event types whose records carry their own record ids (others get ``<source_record_id>#<k><index>``)."""

Cardinality = Literal["one", "optional", "many"]


@dataclass(frozen=True, slots=True)
class Slot:
    """A payload field holding records of one kind."""

    field: str
    kind: str
    cardinality: Cardinality


@dataclass(frozen=True, slots=True)
class Layout:
    """The shape of one event type's payload."""

    event_type: str
    slots: tuple[Slot, ...]
    context: tuple[str, ...]
    required_context: tuple[str, ...]
    links: bool = True
    """Whether the payload has a ``links`` field (a retraction has none)."""

    def slots_for(self, kind: str) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.kind == kind)


def _slot(name: str, avro_type: Any) -> Slot | None:
    by_name = {f"{catalog.NAMESPACE}.{n}": k for k, n in KINDS.items()} | {n: k for k, n in KINDS.items()}
    if isinstance(avro_type, str) and avro_type in by_name:
        return Slot(name, by_name[avro_type], "one")
    if isinstance(avro_type, list) and len(avro_type) == 2 and avro_type[0] == "null" and avro_type[1] in by_name:
        return Slot(name, by_name[avro_type[1]], "optional")
    if isinstance(avro_type, dict) and avro_type.get("type") == "array" and avro_type.get("items") in by_name:
        return Slot(name, by_name[avro_type["items"]], "many")
    return None


def payload_fields(event_type: str) -> list[dict[str, Any]]:
    """The (unexpanded) payload field definitions of ``event_type``."""
    named = catalog.named_types()
    event = named[f"{catalog.NAMESPACE}.{catalog.EVENT_TYPES[event_type]}"]
    payload = next(f for f in event["fields"] if f["name"] == "payload")
    return list(payload["type"]["fields"])


@cache
def layout(event_type: str) -> Layout:
    """The slots and context fields of ``event_type``'s payload."""
    slots: list[Slot] = []
    context: list[str] = []
    required: list[str] = []
    fields = payload_fields(event_type)
    for field in fields:
        slot = _slot(field["name"], field["type"])
        if slot is not None:
            slots.append(slot)
        elif field["name"] != "links":
            context.append(field["name"])
            if "default" not in field:
                required.append(field["name"])
    has_links = any(f["name"] == "links" for f in fields)
    return Layout(event_type, tuple(slots), tuple(context), tuple(required), has_links)


@cache
def canonical_fields(kind: str) -> tuple[str, ...]:
    """The canonical data fields of a record kind, in schema order (without record_id/source/role/extra)."""
    record = catalog.named_types()[f"{catalog.NAMESPACE}.{KINDS[kind]}"]
    return tuple(f["name"] for f in record["fields"] if f["name"] not in RECORD_META and f["name"] != "extra")


def deterministic_record_id(source_record_id: str, kind: str, index: int) -> str:
    """The contract's id of the ``index``-th record of ``kind`` in an event without own record ids."""
    return f"{source_record_id}#{kind[0]}{index}"
