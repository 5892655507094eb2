"""The entities within n links of one entity, as a viewer may see them (pure, given a fetch function).

Links are resolved when read (``consumers.links``), hop by hop: one search for the entities holding
the records the frontier points at, one for the entities pointing at the frontier's records. Every
entity fetched is redacted for the viewer first (``consumers.redaction.redact``), so a link counts
only when the record asserting it and the record it points at are both visible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from consumers.access import Viewer
from consumers.links import MAX_LINKED, holders_query, link_targets, linked_entities, linkers_query, record_keys
from consumers.redaction import redact

Fetch = Callable[[dict[str, Any], int], list[dict[str, Any]]]
"""(query, size) -> entity documents (as indexed, without the search helper fields)."""
MAX_HOPS = 3


def _node(view: dict[str, Any], hop: int) -> dict[str, Any]:
    return {"entity_id": view["entity_id"], "kind": view.get("kind"), "display_name": view.get("display_name"),
            "hop": hop}


def neighbourhood(start: dict[str, Any], viewer: Viewer, hops: int, fetch: Fetch) -> dict[str, Any]:
    """``{"linked": [...], "nodes": [...], "edges": [...]}`` around ``start`` (a redacted view).

    ``linked`` is ``start``'s own links (``consumers.links.linked_entities`` entries with a known
    entity); ``nodes`` every entity reached within ``hops`` (``hop`` = its distance); ``edges``
    every link found between them, ``from`` the asserting side (``rel`` read "from rel to").
    """
    if not 1 <= hops <= MAX_HOPS:
        raise ValueError(f"hops must be between 1 and {MAX_HOPS}")
    nodes = {start["entity_id"]: _node(start, 0)}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    linked: list[dict[str, Any]] = []
    frontier = [start]
    for hop in range(1, hops + 1):
        targets = sorted({t for view in frontier for t in link_targets(view)})
        own = sorted({k for view in frontier for k in record_keys(view)})
        fetched = (fetch(holders_query(targets), min(len(targets), MAX_LINKED)) if targets else []) + (
            fetch(linkers_query(own), MAX_LINKED) if own else [])
        views = {v["entity_id"]: v for v in (redact(d, viewer) for d in fetched) if v is not None}
        holders = linkers = list(views.values())
        following: list[dict[str, Any]] = []
        for view in frontier:
            for entry in linked_entities(view, holders, linkers):
                other = entry["entity_id"]
                if other is None:
                    continue
                if view is start:
                    linked.append(entry)
                a, b = (view["entity_id"], other) if entry["direction"] == "out" else (other, view["entity_id"])
                edge = edges.setdefault((a, b, entry["rel"]), {"from": a, "to": b, "rel": entry["rel"],
                                                               "records": [], "asserted_by": []})
                for name in ("records", "asserted_by"):
                    edge[name] = sorted(set(edge[name]) | set(entry[name]))
                if other not in nodes:
                    nodes[other] = _node(views[other], hop)
                    following.append(views[other])
        frontier = following
        if not frontier:
            break
    return {"linked": linked, "nodes": sorted(nodes.values(), key=lambda n: (n["hop"], n["entity_id"])),
            "edges": [edges[k] for k in sorted(edges)]}
