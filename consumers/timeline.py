"""The events that mention an entity, oldest first, from the records a viewer may see (pure)."""

from __future__ import annotations

from typing import Any


def timeline(view: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per event (``event_id``) of the view's records: when, what, which agency, in which roles.

    ``view`` is a redacted document (``consumers.redaction.redact``), so hidden records' events
    never appear. Entries are ordered by ``occurred_at`` (events without a time last), then event id.
    """
    events: dict[str, dict[str, Any]] = {}
    for record in view.get("records") or []:
        event_id = str(record.get("event_id") or record.get("record_key"))
        entry = events.setdefault(event_id, {
            "event_id": record.get("event_id"), "occurred_at": record.get("occurred_at"),
            "event_type": record.get("event_type"), "agency": record.get("agency"), "roles": [], "records": [],
        })
        if record.get("role") and record["role"] not in entry["roles"]:
            entry["roles"].append(record["role"])
        entry["records"].append(record.get("record_key"))
    return sorted(events.values(), key=lambda e: (e["occurred_at"] is None, str(e["occurred_at"] or ""),
                                                  str(e["event_id"] or "")))
