"""``validate_event``: an event dict -> its pydantic model, or ``InvalidEvent`` listing every field error.

Beyond the models' field rules, checks what spans fields: the agency may send
this event type, person roles fit the event, record ids are unique, links
join records of the right kinds, and a retraction is newer than a first version.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from deploy.settings import AGENCIES
from schemas.errors import InvalidEvent
from schemas.layout import OWN_IDS, RELS, deterministic_record_id, layout
from schemas.models import EVENT_MODELS, Event

AGENCY_EVENT_TYPES: dict[str, frozenset[str]] = {
    "incident_report": frozenset({"police"}),
    "firearm_examination": frozenset({"forensics"}),
    "case_filing": frozenset({"prosecutions"}),
    "border_crossing": frozenset({"immigration", "customs"}),
    "vehicle_registration": frozenset({"licensing"}),
    "firearm_licence": frozenset({"licensing"}),
    "entity_report": frozenset(AGENCIES),
    "record_retraction": frozenset(AGENCIES),
}
"""Which agencies may publish each event type."""
PERSON_ROLES: dict[str, frozenset[str] | None] = {
    "incident_report": frozenset({"suspect", "victim", "witness", "complainant"}),
    "firearm_examination": frozenset(),
    "case_filing": frozenset({"defendant"}),
    "border_crossing": frozenset({"traveller", "driver", "passenger"}),
    "vehicle_registration": frozenset({"owner"}),
    "firearm_licence": frozenset({"holder"}),
    "entity_report": None,  # free-form: partner systems have their own vocabularies
    "record_retraction": frozenset(),  # carries no records
}
"""Roles a person may have in each event type (None: any)."""


def _error(loc: tuple[Any, ...], msg: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": "semantic"}


def _records(event_type: str, model: Any) -> Iterator[tuple[tuple[Any, ...], str, str, Any]]:
    """(location, kind, event record id, record) for every record of the event, in payload order."""
    per_kind: dict[str, int] = {}
    source_record_id = model.envelope.source_record_id
    for slot in layout(event_type).slots:
        value = getattr(model.payload, slot.field)
        items = value if isinstance(value, list) else [] if value is None else [value]
        for i, item in enumerate(items):
            index = per_kind.get(slot.kind, 0)
            per_kind[slot.kind] = index + 1
            loc: tuple[Any, ...] = ("payload", slot.field, i) if slot.cardinality == "many" else ("payload", slot.field)
            record_id = item.record_id or deterministic_record_id(source_record_id, slot.kind, index)
            yield loc, slot.kind, record_id, item


def semantic_errors(event_type: str, model: Any) -> list[dict[str, Any]]:
    """What a structurally valid event breaks across fields (empty list: nothing)."""
    errors: list[dict[str, Any]] = []
    envelope = model.envelope
    if envelope.event_type != event_type:
        errors.append(_error(("envelope", "event_type"), f"is {envelope.event_type!r} in a {event_type} event"))
    if envelope.agency not in AGENCY_EVENT_TYPES[event_type]:
        errors.append(_error(("envelope", "agency"), f"{envelope.agency} does not send {event_type} events"))
    if event_type == "record_retraction" and envelope.source_version < 2:
        errors.append(_error(("envelope", "source_version"),
                             "a retraction must be newer than the version it withdraws (source_version >= 2)"))
    kinds: dict[str, str] = {}
    roles = PERSON_ROLES[event_type]
    for loc, kind, record_id, record in _records(event_type, model):
        if event_type in OWN_IDS and not record.record_id:
            errors.append(_error((*loc, "record_id"), f"{event_type} records need their own record_id"))
        if record_id in kinds:
            errors.append(_error((*loc, "record_id"), f"duplicate record id {record_id!r}"))
        kinds[record_id] = kind
        if kind == "person" and roles is not None and record.role is not None and record.role not in roles:
            errors.append(_error((*loc, "role"), f"role {record.role!r} not one of {sorted(roles)}"))
    for i, link in enumerate(getattr(model.payload, "links", ())):
        want_from, want_to = RELS[link.rel]
        if kinds.get(link.from_record) != want_from:
            errors.append(_error(("payload", "links", i, "from_record"), f"{link.rel} needs a {want_from} record of this event"))
        target = kinds.get(link.to_record)
        if target is None and event_type not in OWN_IDS:
            errors.append(_error(("payload", "links", i, "to_record"), f"{link.to_record!r} is not a record of this event"))
        elif target is not None and target != want_to:
            errors.append(_error(("payload", "links", i, "to_record"), f"{link.rel} needs a {want_to} record"))
    return errors


def validate_event(event: Mapping[str, Any]) -> Event:
    """The event's model; ``InvalidEvent`` (with ``errors``: loc, msg, type) when anything is wrong."""
    if not isinstance(event, Mapping):
        raise InvalidEvent("an event must be a mapping", errors=[_error((), "must be a mapping")])
    envelope = event.get("envelope")
    event_type = event.get("event_type") or (envelope.get("event_type") if isinstance(envelope, Mapping) else None)
    model_class = EVENT_MODELS.get(str(event_type))
    if model_class is None:
        raise InvalidEvent(f"unknown event type {event_type!r}",
                           errors=[_error(("event_type",), f"must be one of {sorted(EVENT_MODELS)}")])
    try:
        model = model_class.model_validate({"envelope": envelope, "payload": event.get("payload")})
    except ValidationError as exc:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        raise InvalidEvent(f"invalid {event_type} event: {len(errors)} error(s), first at "
                           f"{'.'.join(map(str, errors[0]['loc']))}: {errors[0]['msg']}", errors=errors) from exc
    problems = semantic_errors(str(event_type), model)
    if problems:
        first = problems[0]
        raise InvalidEvent(f"invalid {event_type} event: {len(problems)} error(s), first at "
                           f"{'.'.join(map(str, first['loc']))}: {first['msg']}", errors=problems)
    return model  # type: ignore[return-value]
