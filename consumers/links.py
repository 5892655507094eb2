"""Links between entities, resolved when read (pure).

Entity documents store links between records: ``{"rel": "owns", "record": "police/V-1", "via":
"police/P-1"}`` says member record ``via`` asserts ``rel`` to ``record``. Which entity holds
``record`` is looked up at read time, so a merge or split elsewhere never rewrites this document.
Two searches answer it: the entities holding the records this one points at (outgoing links) and
the entities whose links point at this one's records (incoming links).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_LINKED = 1000
"""Entities fetched per direction; an entity linked from more than this shows the first ones."""


def record_keys(document: dict[str, Any]) -> list[str]:
    """The keys (``source/record_id``) of the document's member records."""
    return sorted({str(r["record_key"]) for r in document.get("records") or [] if r.get("record_key")})


def links(document: dict[str, Any]) -> list[dict[str, str]]:
    """The document's well-formed links (``rel``, ``record``, ``via`` all present)."""
    return [
        {"rel": str(link["rel"]), "record": str(link["record"]), "via": str(link["via"])}
        for link in document.get("links") or []
        if isinstance(link, dict) and all(link.get(k) for k in ("rel", "record", "via"))
    ]


def link_targets(document: dict[str, Any]) -> list[str]:
    """The records the document's links point at."""
    return sorted({link["record"] for link in links(document)})


def holders_query(records: list[str]) -> dict[str, Any]:
    """Entities holding any of ``records``: where outgoing links land."""
    return {"terms": {"records.record_key": records}}


def linkers_query(records: list[str]) -> dict[str, Any]:
    """Entities with a link to any of ``records``: where incoming links come from."""
    return {"terms": {"links.record": records}}


def _entry(rel: str, direction: str, other: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "rel": rel, "direction": direction,
        "entity_id": other.get("entity_id") if other else None,
        "kind": other.get("kind") if other else None,
        "display_name": other.get("display_name") if other else None,
        "records": [], "asserted_by": [],
    }


def linked_entities(
    document: dict[str, Any], holders: Iterable[dict[str, Any]], linkers: Iterable[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The entities ``document`` links to (``out``) and that link to it (``in``), one entry per (rel, direction, entity).

    ``holders`` and ``linkers`` are the hits of ``holders_query(link_targets(document))`` and
    ``linkers_query(record_keys(document))``. Each entry carries the other entity's id, kind and
    display name, ``records``: the records the links point at (the other entity's for ``out``,
    this one's for ``in``), and ``asserted_by``: the records asserting them. An outgoing link whose
    record no indexed entity holds (not indexed yet, or retracted) keeps ``entity_id`` None. Links
    between two records of the same entity are not links to another entity and are left out.
    """
    me = document.get("entity_id")
    own = set(record_keys(document))
    holder_of = {str(r["record_key"]): hit for hit in holders for r in hit.get("records") or [] if r.get("record_key")}
    entries: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(rel: str, direction: str, other: dict[str, Any] | None, record: str, via: str) -> None:
        other_id = other.get("entity_id") if other else None
        if other_id is not None and other_id == me:
            return
        entry = entries.setdefault((direction, rel, str(other_id or "")), _entry(rel, direction, other))
        for name, value in (("records", record), ("asserted_by", via)):
            if value not in entry[name]:
                entry[name].append(value)

    for link in links(document):
        add(link["rel"], "out", holder_of.get(link["record"]), link["record"], link["via"])
    for hit in linkers:
        for link in links(hit):
            if link["record"] in own:
                add(link["rel"], "in", hit, link["record"], link["via"])
    for entry in entries.values():
        entry["records"].sort()
        entry["asserted_by"].sort()
    return [entries[key] for key in sorted(entries)]
