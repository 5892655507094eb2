"""An entity document as one viewer may see it: assembled from the member records they may see (pure).

Everything is recomputed from the visible records: records and their decision evidence,
attribute values and each value's sources (a value only hidden records assert is gone; its raw
spelling is shown only if a visible record wrote it), display name, identifiers, agencies and
links. An entity with no visible record does not exist for the viewer (None). Hidden records
whose label allows it are acknowledged as a count: "police holds 2 more records on this entity;
request access"; hidden SECRET records are never mentioned.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from consumers.access import Viewer, may_acknowledge, visible_keys
from consumers.links import links
from consumers.members import record_values
from streams.entity import display_name
from streams.identifiers import identifier_keys

RECORD_FIELDS = ("record_key", "record_id", "agency", "event_id", "event_type", "occurred_at", "role", "handling",
                 "releasable_to")
DECISION_FIELDS = ("action", "candidate", "score", "threshold", "swapped_names", "evidence")


def decision(evidence: dict[str, Any] | None, keys: set[str]) -> dict[str, Any] | None:
    """A member's decision evidence, or only its action when it compared the record with a hidden one."""
    if not evidence:
        return None
    candidate = evidence.get("candidate")
    if candidate is not None and str(candidate) not in keys:
        return {"action": evidence.get("action"), "candidate": None, "hidden_candidate": True}
    return {name: evidence[name] for name in DECISION_FIELDS if name in evidence}


def record(summary: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    out = {name: summary.get(name) for name in RECORD_FIELDS}
    explained = decision(summary.get("decision"), keys)
    if explained is not None:
        out["decision"] = explained
    return out


def attributes(document: dict[str, Any], keys: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Attribute values asserted by visible records, with only those records as sources."""
    out: dict[str, list[dict[str, Any]]] = {}
    for field, slots in (document.get("attributes") or {}).items():
        kept = []
        for slot in slots or []:
            sources = [s for s in slot.get("sources") or [] if s in keys]
            if not sources:
                continue
            first = (slot.get("sources") or [None])[0]
            raw = slot.get("raw") if first in keys else slot.get("value")
            kept.append({"value": slot.get("value"), "raw": raw, "sources": sources})
        if kept:
            out[field] = sorted(kept, key=lambda v: (-len(v["sources"]), str(v["value"])))
    return out


def _members(document: dict[str, Any], keys: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    """Visible records rebuilt from the attributes (first value of each field; documents as a list)."""
    kind = str(document.get("kind") or "")
    members = []
    for key in sorted(keys):
        values = record_values(document, key)
        rebuilt: dict[str, Any] = {name: found[0] for name, found in values.items() if found}
        rebuilt["id_numbers"] = values.get("id_numbers") or []
        rebuilt["kind"] = kind
        members.append((key, rebuilt))
    return members


def notice(hidden: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """What may be said about hidden records: how many, and which agencies to ask (None: nothing to say)."""
    told = [r for r in hidden if may_acknowledge(r)]
    if not told:
        return None
    agencies = sorted({str(r.get("agency") or "another agency") for r in told})
    n = len(told)
    holders = agencies[0] if len(agencies) == 1 else f"{', '.join(agencies[:-1])} and {agencies[-1]}"
    verb = "holds" if len(agencies) == 1 else "hold"
    return {"records": n, "agencies": agencies,
            "message": f"{holders} {verb} {n} more record{'s' if n != 1 else ''} on this entity; request access"}


def redact(document: dict[str, Any], viewer: Viewer) -> dict[str, Any] | None:
    """``document`` as ``viewer`` may see it (see the module doc), or None if no member record is visible."""
    records = [r for r in document.get("records") or [] if r.get("record_key")]
    keys = visible_keys(viewer, records)
    if not keys:
        return None
    hidden = [r for r in records if r["record_key"] not in keys]
    kind = str(document.get("kind") or "")
    view: dict[str, Any] = {name: document.get(name) for name in ("entity_id", "kind", "version", "updated_at")}
    shown = [record(r, keys) for r in records if r["record_key"] in keys]
    values = attributes(document, keys)
    view["records"] = shown
    view["attributes"] = values
    view["links"] = [link for link in links(document) if link["via"] in keys]
    view["agencies"] = sorted({str(r["agency"]) for r in shown if r.get("agency")})
    if hidden:
        members = _members(document, keys)
        view["display_name"] = display_name(kind, members, values)
        view["identifiers"] = sorted({v for _, m in members for v in identifier_keys(m).values() if v})
        view["merged_from"] = []
        view["version"] = view["updated_at"] = None  # when the entity last changed may be a hidden record's doing
    else:
        view["display_name"] = document.get("display_name")
        view["identifiers"] = list(document.get("identifiers") or [])
        view["merged_from"] = list(document.get("merged_from") or [])
    view["complete"] = not hidden
    view["notice"] = notice(hidden)
    return view
