"""Fused entity documents (the value of the ``entities`` topic), built purely from member records.

A member record's share of a document (its normalized values, name, summary, links, identifier
keys) is a ``Member``, computed once per version of the record: ``streams.resolving`` keeps them
between renders, so re-rendering a busy entity only gathers and sorts. Documents share those parts
(and the decision evidence) with the cache: treat them as read-only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import orjson

from streams.identifiers import compact, document_number, fold, identifier_keys

META_FIELDS = frozenset({"record_id", "source", "kind", "links", "provenance"})
RECORD_FIELDS = ("event_id", "event_type", "occurred_at", "role", "handling", "releasable_to")


def _document_number(raw: Any) -> str:
    return document_number(raw) or compact(raw)


def _stripped(raw: Any) -> str:
    return str(raw).strip()


_NORMALIZERS: dict[str, Callable[[Any], str]] = {
    "id_numbers": _document_number, "plate": compact, "vin": compact, "serial_number": compact,
    "date_of_birth": _stripped, "year": _stripped,
}


def _normalizer(field: str) -> Callable[[Any], str]:
    return _NORMALIZERS.get(field, fold)


def _values(record: Mapping[str, Any]) -> tuple[tuple[tuple[str, str], str, str, Any], ...]:
    """A record's distinct ``((field, value), field, normalized value, first raw form)``, in the record's order."""
    items: dict[tuple[str, str], Any] = {}
    for name, raw in record.items():
        if name in META_FIELDS or raw is None or raw == "" or isinstance(raw, dict):
            continue
        normalize = _normalizer(name)
        for item in raw if isinstance(raw, list) else [raw]:
            value = normalize(item)
            if value:
                items.setdefault((name, value), item)
    return tuple((where, where[0], where[1], raw) for where, raw in items.items())


def _full_name(record: Mapping[str, Any]) -> str:
    given, family = str(record.get("given_name") or "").strip(), str(record.get("family_name") or "").strip()
    return " ".join(p for p in (given, family) if p)


def record_summary(key: str, record: Mapping[str, Any]) -> dict[str, Any]:
    provenance = record.get("provenance") or {}
    summary: dict[str, Any] = {"record_key": key, "record_id": record.get("record_id"),
                               "agency": provenance.get("agency") or record.get("source")}
    summary.update({name: provenance.get(name) for name in RECORD_FIELDS})
    return summary


@dataclass(frozen=True, slots=True, eq=False)
class Member:
    """One member record's share of its entity's document (computed once per version of the record).

    The record itself is not kept: a resolver's process holds one per record, and every container
    it keeps alive is one more for each pass of the cyclic garbage collector to walk.
    """

    key: str
    identifiers: dict[str, str]
    values: tuple[tuple[tuple[str, str], str, str, Any], ...]
    name: str
    summary: dict[str, Any]
    """``record_summary`` without the decision (``with_decision`` adds it)."""
    links: tuple[dict[str, Any], ...]


def member(key: str, record: dict[str, Any], identifiers: dict[str, str] | None = None) -> Member:
    """``record`` (held under ``key``) ready to fuse; ``identifiers`` default to its ``identifier_keys``."""
    return Member(
        key, identifier_keys(record) if identifiers is None else identifiers, _values(record),
        _full_name(record), record_summary(key, record),
        tuple({"rel": link["rel"], "record": link["to"], "via": key} for link in record.get("links") or []),
    )


def with_decision(part: Member, decision: dict[str, Any] | None) -> dict[str, Any]:
    """The member's record summary, with its resolution evidence when it has one."""
    return part.summary if decision is None else {**part.summary, "decision": decision}


def _sort_key(slot: dict[str, Any]) -> tuple[int, str]:
    return -len(slot["sources"]), slot["value"]


def fused_attributes(parts: list[Member]) -> dict[str, list[dict[str, Any]]]:
    """Every field's distinct normalized values, each with its first raw form and the records asserting it."""
    slots: dict[tuple[str, str], dict[str, Any]] = {}  # by (field, value): one lookup per value asserted
    fields: dict[str, list[dict[str, Any]]] = {}
    repeated = len({part.key for part in parts}) < len(parts)  # the same record twice: check sources
    for part in parts:
        key = part.key
        for where, name, value, raw in part.values:
            slot = slots.get(where)
            if slot is None:
                slot = slots[where] = {"value": value, "raw": raw, "sources": [key]}
                field = fields.get(name)
                if field is None:
                    fields[name] = [slot]
                else:
                    field.append(slot)
            elif not repeated or key not in slot["sources"]:
                slot["sources"].append(key)
    fused: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(fields):
        field = fields[name]
        if len(field) > 1:
            field.sort(key=_sort_key)
        fused[name] = field
    return fused


def attributes(members: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Every field's distinct normalized values, each with its first raw form and the records asserting it."""
    return fused_attributes([member(key, record, {}) for key, record in members])


def _first(attrs: dict[str, list[dict[str, Any]]], name: str) -> str:
    values = attrs.get(name) or []
    return str(values[0]["raw"]).strip() if values else ""


def _display_name(kind: str, full_names: Iterable[str], attrs: dict[str, list[dict[str, Any]]]) -> str:
    if kind == "person":
        names = Counter(full_names)
        names.pop("", None)
        if names:
            return min(names.items(), key=lambda item: (-item[1], fold(item[0]), item[0]))[0]
        return _first(attrs, "id_numbers") or "(unnamed person)"
    if kind == "vehicle":
        plate = _first(attrs, "plate")
        label = f"{plate} ({_first(attrs, 'plate_country')})" if plate and _first(attrs, "plate_country") else plate
        parts = [label or _first(attrs, "vin"), _first(attrs, "make"), _first(attrs, "model")]
        return " ".join(p for p in parts if p) or "(unidentified vehicle)"
    parts = [_first(attrs, "make"), _first(attrs, "model"), _first(attrs, "serial_number")]
    return " ".join(p for p in parts if p) or f"(unidentified {kind})"


def display_name(kind: str, members: list[tuple[str, dict[str, Any]]], attrs: dict[str, list[dict[str, Any]]]) -> str:
    """A human label: the most asserted full name, or plate/VIN and model, or make, model and serial."""
    return _display_name(kind, (_full_name(record) for _, record in members), attrs)


def iso_utc(ms: int | None) -> str:
    when = datetime.fromtimestamp(ms / 1000, timezone.utc) if ms is not None else datetime.now(timezone.utc)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fuse(
    entity_id: str,
    kind: str,
    version: int,
    parts: list[Member],
    records: list[dict[str, Any]],
    links: list[dict[str, Any]],
    merged_from: list[str],
    trigger_produced_at_ms: int | None,
) -> dict[str, Any]:
    """The entity document from its members' parts and record summaries (see ``build_document``)."""
    attrs = fused_attributes(parts)
    return {
        "entity_id": entity_id,
        "kind": kind,
        "version": version,
        "updated_at": iso_utc(trigger_produced_at_ms),
        "trigger_produced_at_ms": trigger_produced_at_ms,
        "display_name": _display_name(kind, (part.name for part in parts), attrs),
        "attributes": attrs,
        "identifiers": sorted({value for part in parts for value in part.identifiers.values() if value}),
        "records": records,
        "agencies": sorted({str(r["agency"]) for r in records if r.get("agency")}),
        "links": links,
        "merged_from": sorted(merged_from),
    }


def build_document(
    entity_id: str,
    kind: str,
    version: int,
    members: list[tuple[str, dict[str, Any]]],
    links: list[dict[str, Any]],
    merged_from: list[str],
    trigger_produced_at_ms: int | None,
    member_keys: dict[str, dict[str, str]] | None = None,
    decisions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The entity document of the contracts; ``updated_at`` is the trigger's time so replays rebuild it identically.

    ``links`` point at records (``{"rel", "record", "via"}``): the entity a target record belongs to
    is looked up when the document is read, so a merge elsewhere never rewrites this document.
    ``decisions`` holds each member's resolution evidence (why it joined this entity).
    """
    parts = [member(key, record, (member_keys or {}).get(key, {})) for key, record in members]
    records = [with_decision(part, (decisions or {}).get(part.key)) for part in parts]
    return fuse(entity_id, kind, version, parts, records, links, merged_from, trigger_produced_at_ms)


def encode_document(document: Mapping[str, Any]) -> bytes:
    """An entity document as the ``entities`` topic carries it: compact JSON, UTF-8 (orjson)."""
    return orjson.dumps(document)
