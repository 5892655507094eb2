"""A validated agency event -> its canonical records, each with ``links`` and a ``provenance`` dict.

Record ids are the event's own (``entity_report``) or ``<source_record_id>#<kind initial><index>``,
counted per kind in payload order; a record's ``source`` defaults to the event's agency.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from schemas.layout import canonical_fields, deterministic_record_id, layout

PROVENANCE_FIELDS = ("agency", "event_id", "event_type", "occurred_at", "reported_at", "source_record_id",
                     "source_version", "handling", "releasable_to")


def _extra(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _slot_records(payload: Mapping[str, Any], event_type: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for slot in layout(event_type).slots:
        value = payload.get(slot.field)
        items = value if isinstance(value, list) else [] if value is None else [value]
        for item in items:
            yield slot.kind, item


def records_from_event(event: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The event's canonical records (contract fields, extras restored, ``links``, ``provenance``)."""
    envelope = event["envelope"]
    event_type = str(event.get("event_type") or envelope["event_type"])
    payload = event["payload"]
    base = {name: envelope.get(name) for name in PROVENANCE_FIELDS}
    base["event_type"] = event_type
    records: list[dict[str, Any]] = []
    per_kind: dict[str, int] = {}
    for kind, item in _slot_records(payload, event_type):
        index = per_kind.get(kind, 0)
        per_kind[kind] = index + 1
        record_id = item.get("record_id") or deterministic_record_id(str(envelope["source_record_id"]), kind, index)
        record: dict[str, Any] = {"record_id": record_id, "source": item.get("source") or envelope["agency"], "kind": kind}
        record.update({name: item.get(name) for name in canonical_fields(kind)})
        for name, value in (item.get("extra") or {}).items():
            record.setdefault(name, _extra(value))
        record["links"] = []
        record["provenance"] = {**base, "releasable_to": list(base["releasable_to"] or []), "role": item.get("role")}
        records.append(record)
    by_id = {r["record_id"]: r for r in records}
    for link in payload.get("links") or []:
        origin = by_id.get(link["from_record"])
        if origin is not None:
            origin["links"].append({"rel": link["rel"], "to": link["to_record"]})
    return records
