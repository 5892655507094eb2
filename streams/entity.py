"""Fused entity documents (the value of the ``entities`` topic), built purely from member records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from streams.identifiers import compact, document_number, fold

META_FIELDS = frozenset({"record_id", "source", "kind", "links", "provenance"})
RECORD_FIELDS = ("event_id", "event_type", "occurred_at", "role", "handling", "releasable_to")


def _normalizer(field: str) -> Callable[[Any], str]:
    if field == "id_numbers":
        return lambda raw: document_number(raw) or compact(raw)
    if field in ("plate", "vin", "serial_number"):
        return compact
    if field in ("date_of_birth", "year"):
        return lambda raw: str(raw).strip()
    return fold


def attributes(members: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Every field's distinct normalized values, each with its first raw form and the records asserting it."""
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for key, record in members:
        for name, raw in record.items():
            if name in META_FIELDS or raw is None or raw == "" or isinstance(raw, dict):
                continue
            normalize = _normalizer(name)
            for item in raw if isinstance(raw, list) else [raw]:
                value = normalize(item)
                if not value:
                    continue
                slot = table.setdefault(name, {}).setdefault(value, {"value": value, "raw": item, "sources": []})
                if key not in slot["sources"]:
                    slot["sources"].append(key)
    return {name: sorted(values.values(), key=lambda v: (-len(v["sources"]), v["value"])) for name, values in sorted(table.items())}


def _first(attrs: dict[str, list[dict[str, Any]]], name: str) -> str:
    values = attrs.get(name) or []
    return str(values[0]["raw"]).strip() if values else ""


def display_name(kind: str, members: list[tuple[str, dict[str, Any]]], attrs: dict[str, list[dict[str, Any]]]) -> str:
    """A human label: the most asserted full name, or plate/VIN and model, or make, model and serial."""
    if kind == "person":
        names = Counter(
            " ".join(p for p in (str(r.get("given_name") or "").strip(), str(r.get("family_name") or "").strip()) if p)
            for _, r in members
        )
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


def record_summary(key: str, record: dict[str, Any]) -> dict[str, Any]:
    provenance = record.get("provenance") or {}
    summary: dict[str, Any] = {"record_key": key, "record_id": record.get("record_id"),
                               "agency": provenance.get("agency") or record.get("source")}
    summary.update({name: provenance.get(name) for name in RECORD_FIELDS})
    return summary


def iso_utc(ms: int | None) -> str:
    when = datetime.fromtimestamp(ms / 1000, timezone.utc) if ms is not None else datetime.now(timezone.utc)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
    attrs = attributes(members)
    identifiers = sorted({value for keys in (member_keys or {}).values() for value in keys.values() if value})
    records = [record_summary(key, record) for key, record in members]
    for summary in records:
        decision = (decisions or {}).get(summary["record_key"])
        if decision is not None:
            summary["decision"] = decision
    return {
        "entity_id": entity_id,
        "kind": kind,
        "version": version,
        "updated_at": iso_utc(trigger_produced_at_ms),
        "trigger_produced_at_ms": trigger_produced_at_ms,
        "display_name": display_name(kind, members, attrs),
        "attributes": attrs,
        "identifiers": identifiers,
        "records": records,
        "agencies": sorted({str(r["agency"]) for r in records if r.get("agency")}),
        "links": links,
        "merged_from": sorted(merged_from),
    }
