"""Hand-made canonical records (with provenance) for the stream's unit tests."""

from __future__ import annotations

from typing import Any


def record(agency: str, record_id: str, kind: str, version: int = 1, links=(), role=None, **fields: Any) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "source": agency,
        "kind": kind,
        **fields,
        "links": [{"rel": rel, "to": to} for rel, to in links],
        "provenance": {
            "agency": agency, "event_id": f"ev-{agency}-{record_id}-{version}", "event_type": "entity_report",
            "occurred_at": "2026-01-01T00:00:00.000Z", "reported_at": "2026-01-01T01:00:00.000Z",
            "source_record_id": record_id.split("#")[0], "source_version": version,
            "handling": "RESTRICTED", "releasable_to": [], "role": role,
        },
    }


def person(agency: str, record_id: str, given="José", family="Choc", dob="1990-02-03", ids=(), **kw: Any) -> dict[str, Any]:
    return record(agency, record_id, "person", given_name=given, family_name=family, date_of_birth=dob,
                  id_numbers=list(ids), **kw)
