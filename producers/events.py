"""Canonical records -> a valid agency event dict (``{"event_type", "envelope", "payload"}``).

The payload layout (which field holds which kind of record) comes from
``schemas.layout``; the result is checked by ``schemas.validate``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from schemas import catalog
from schemas.errors import InvalidEvent
from schemas.layout import OWN_IDS, RECORD_META, Layout, canonical_fields, deterministic_record_id, layout
from schemas.times import to_utc

DEFAULT_ROLES: dict[tuple[str, str], str] = {
    ("case_filing", "defendants"): "defendant",
    ("border_crossing", "traveller"): "traveller",
    ("vehicle_registration", "owner"): "owner",
    ("firearm_licence", "holder"): "holder",
}
"""A record's role when the caller gives none, by (event type, payload field)."""
NUMBER_FIELDS = ("incident_number", "lab_case_number", "case_number", "registration_number", "licence_number")
"""Context fields that default to the event's ``source_record_id``."""
_NOT_EXTRA = frozenset({*RECORD_META, "kind", "links"})


def event_types() -> list[str]:
    """Every event type name, in schema order."""
    return list(catalog.EVENT_TYPES)


def _fail(msg: str, loc: list[Any]) -> InvalidEvent:
    return InvalidEvent(msg, errors=[{"loc": loc, "msg": msg}])


def _text(value: Any, loc: list[Any]) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _fail(f"expected text, got {type(value).__name__}", loc)


def _field(kind: str, name: str, value: Any, loc: list[Any]) -> Any:
    if name == "id_numbers":
        items = [] if value is None else [value] if isinstance(value, str) else list(value)
        return [t for t in (_text(v, loc) for v in items) if t]
    if name == "year" and value is not None:
        try:
            return int(str(value).strip())
        except ValueError:
            raise _fail(f"year {value!r} is not a whole number", loc) from None
    return _text(value, loc)


def avro_record(record: Mapping[str, Any], record_id: str | None, role: str | None, agency: str, loc: list[Any]) -> dict[str, Any]:
    """One canonical record as the Avro Person/Vehicle/Firearm record (unknown fields JSON-encoded in ``extra``).

    ``source`` is kept only when it differs from the event's agency (null means the agency).
    """
    kind = str(record["kind"])
    source = _text(record.get("source"), [*loc, "source"])
    out: dict[str, Any] = {"record_id": record_id, "source": source if source != agency else None, "role": role}
    for name in canonical_fields(kind):
        out[name] = _field(kind, name, record.get(name), [*loc, name])
    known = set(canonical_fields(kind)) | _NOT_EXTRA
    out["extra"] = {k: json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
                    for k, v in record.items() if k not in known}
    return out


def _links(records: Sequence[Mapping[str, Any]], positions: list[str], links: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    found = [(str(link.get("rel")), positions[i], str(link.get("to")))
             for i, r in enumerate(records) for link in r.get("links") or []]
    found += [(str(link.get("rel")), str(link.get("from")), str(link.get("to"))) for link in links]
    return found


def _payload(lay: Layout, agency: str, source_record_id: str, records: Sequence[Mapping[str, Any]],
             roles: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """The payload's record slots, the map caller record id -> event record id, and each record's event id."""
    payload: dict[str, Any] = {}
    ids: dict[str, str] = {}
    positions: list[str] = []
    per_kind: dict[str, int] = {}
    for i, record in enumerate(records):
        kind = record.get("kind")
        slots = lay.slots_for(str(kind))
        if not slots:
            raise _fail(f"{lay.event_type} carries no {kind!r} records", ["records", i, "kind"])
        index = per_kind.get(str(kind), 0)
        per_kind[str(kind)] = index + 1
        slot = next((s for s in slots if s.cardinality == "many" or s.field not in payload), None)
        if slot is None:
            raise _fail(f"{lay.event_type} carries at most {len(slots)} {kind} record(s)", ["records", i])
        given = record.get("record_id")
        if lay.event_type in OWN_IDS:
            if not given:
                raise _fail(f"{lay.event_type} records need their own record_id", ["records", i, "record_id"])
            record_id = str(given)
        else:
            record_id = deterministic_record_id(source_record_id, str(kind), index)
        if given is not None:
            if str(given) in ids:
                raise _fail(f"duplicate record_id {given!r}", ["records", i, "record_id"])
            ids[str(given)] = record_id
        ids.setdefault(record_id, record_id)
        positions.append(record_id)
        role = record.get("role") or roles.get(str(given)) or DEFAULT_ROLES.get((lay.event_type, slot.field))
        avro = avro_record(record, record_id if lay.event_type in OWN_IDS else None, role, agency, ["records", i])
        if slot.cardinality == "many":
            payload.setdefault(slot.field, []).append(avro)
        else:
            payload[slot.field] = avro
    for slot in lay.slots:
        if slot.cardinality == "one" and slot.field not in payload:
            raise _fail(f"{lay.event_type} needs a {slot.kind} record ({slot.field})", ["records"])
        payload.setdefault(slot.field, [] if slot.cardinality == "many" else None)
    return payload, ids, positions


def build_event(
    *,
    agency: str,
    event_type: str,
    source_record_id: str,
    records: Iterable[Mapping[str, Any]],
    links: Iterable[Mapping[str, Any]] = (),
    context: Mapping[str, Any] | None = None,
    occurred_at: Any = None,
    reported_at: Any = None,
    source_version: int = 1,
    event_id: str | None = None,
    handling: str = "RESTRICTED",
    releasable_to: Iterable[str] | None = None,
) -> dict[str, Any]:
    """A valid event dict carrying ``records`` (canonical dicts with ``kind``, optional ``links``/``role``).

    ``links`` adds ``{"rel", "from", "to"}`` relations by caller record id; ``context`` carries the
    payload's other fields (``incident_number``, ``location``, ...) and ``roles`` (record id -> role).
    Times are datetimes, ISO strings or epoch ms (default: now; ``occurred_at`` defaults to
    ``reported_at``). ``releasable_to`` defaults to every agency. Raises ``InvalidEvent``.
    """
    from deploy.settings import AGENCIES
    from schemas.validate import validate_event

    if event_type not in catalog.EVENT_TYPES:
        raise _fail(f"unknown event type {event_type!r}", ["event_type"])
    lay = layout(event_type)
    extras = dict(context or {})
    roles = {str(k): str(v) for k, v in (extras.pop("roles", None) or {}).items()}
    unknown = sorted(set(extras) - set(lay.context))
    if unknown:
        raise _fail(f"{event_type} has no payload fields {unknown}", ["context"])
    record_list = [dict(r) for r in records]
    payload, ids, positions = _payload(lay, agency, source_record_id, record_list, roles)
    for name in lay.context:
        default: Any = source_record_id if name in NUMBER_FIELDS else [] if name == "charges" else None
        payload[name] = extras.get(name, default)
    if lay.links:  # every type but record_retraction
        payload["links"] = []
    for rel, origin, target in _links(record_list, positions, links):
        if origin not in ids:
            raise _fail(f"link {rel} from unknown record {origin!r}", ["links"])
        if target not in ids and event_type not in OWN_IDS:
            raise _fail(f"link {rel} to record {target!r} outside this event", ["links"])
        payload["links"].append({"rel": rel, "from_record": ids[origin], "to_record": ids.get(target, target)})
    reported = to_utc(reported_at) if reported_at is not None else to_utc(datetime.now(timezone.utc))
    envelope = {
        "event_id": event_id or str(uuid.uuid4()),
        "agency": agency,
        "event_type": event_type,
        "occurred_at": to_utc(occurred_at) if occurred_at is not None else reported,
        "reported_at": reported,
        "source_record_id": source_record_id,
        "source_version": source_version,
        "handling": handling,
        "releasable_to": list(AGENCIES if releasable_to is None else releasable_to),
    }
    event = {"event_type": event_type, "envelope": envelope, "payload": payload}
    validate_event(event)
    return event
