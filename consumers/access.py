"""Need-to-know: which source records a viewer may see (pure).

A record is visible to a viewer when it is released to the viewer's agency (the agency that
recorded it, or one named in its ``releasable_to``) and its handling label is at or below the
viewer's clearance. An empty ``releasable_to`` releases the record to its own agency only, and an
unknown label counts as the highest: both fail closed. The same rule is written twice, as a
Python predicate (``can_see``, for assembling what a viewer gets) and as an Elasticsearch filter
on the indexed member records (``visible_members``, so hit totals and facets count visible
records only); ``tests/unit/consumers/test_access.py`` checks the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

HANDLING: tuple[str, ...] = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
"""Handling labels, lowest first; a clearance is one of them."""
NOTICE_MAX = "CONFIDENTIAL"
"""Hidden records labelled up to this may be acknowledged ("another agency holds N records"); above it, never."""
MEMBERS = "members"
"""The nested field of the entities index holding one document per member record."""


def level(label: object) -> int:
    """The rank of a handling label; unknown labels rank highest (fail closed)."""
    text = str(label or "").strip().upper()
    return HANDLING.index(text) if text in HANDLING else len(HANDLING) - 1


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: a user of an agency, cleared up to a handling label."""

    user: str
    agency: str
    clearance: str

    @property
    def level(self) -> int:
        return level(self.clearance)


def released_to(record: Mapping[str, Any]) -> frozenset[str]:
    """The agencies a record is released to: its own, plus those its ``releasable_to`` names."""
    return frozenset({str(record.get("agency") or ""), *(str(a) for a in record.get("releasable_to") or [])}) - {""}


def can_see(viewer: Viewer, record: Mapping[str, Any]) -> bool:
    """True when ``viewer`` may see this record summary (``agency``, ``handling``, ``releasable_to``)."""
    return viewer.agency in released_to(record) and level(record.get("handling")) <= viewer.level


def may_acknowledge(record: Mapping[str, Any]) -> bool:
    """True when a hidden record's label allows telling others that it exists."""
    return level(record.get("handling")) <= level(NOTICE_MAX)


def visible_keys(viewer: Viewer, records: Iterable[Mapping[str, Any]]) -> set[str]:
    """Keys of the records ``viewer`` may see."""
    return {str(r["record_key"]) for r in records if r.get("record_key") and can_see(viewer, r)}


def visible_members(viewer: Viewer, path: str = MEMBERS) -> dict[str, Any]:
    """The Elasticsearch filter (inside a ``nested`` query on ``path``) matching member records ``viewer`` may see."""
    return {"bool": {"filter": [
        {"range": {f"{path}.level": {"lte": viewer.level}}},
        {"bool": {"should": [{"term": {f"{path}.agency": viewer.agency}},
                             {"term": {f"{path}.releasable_to": viewer.agency}}], "minimum_should_match": 1}},
    ]}}
