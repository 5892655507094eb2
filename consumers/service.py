"""What an analyst can do, each call audited: search, export, view a profile, judge two records or entities.

The API (``consumers.api``) and ``enlace search`` both call these methods, so a search from the
command line is answered, redacted and audited exactly like one from the API.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from consumers import finder
from consumers.access import Viewer
from consumers.criteria import Criteria, decode_cursor
from producers.judgements import entity_kind

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from consumers.audit import AuditLog
    from deploy.settings import Settings
    from producers.client import AgencyProducer

MAX_EXPORT = 10_000


class NotVisible(LookupError):
    """The entity or record does not exist for this viewer (unknown, or only hidden records)."""


class AnalystService:
    """Searches, profiles, exports and judgements for viewers, against one index, audit log and producer."""

    def __init__(self, settings: Settings, client: Elasticsearch | None = None, audit: AuditLog | None = None,
                 producer: AgencyProducer | None = None) -> None:
        from consumers.audit import AuditLog
        from consumers.elastic import make_client

        self.settings = settings
        self.client = client or make_client(settings)
        self.audit = audit or AuditLog(settings, self.client)
        self._producer = producer
        self._judging = threading.Lock()

    def search(self, viewer: Viewer, criteria: Criteria) -> dict[str, Any]:
        page = finder.search(self.settings, criteria, viewer, self.client)
        self.audit.record(viewer, "search", criteria.describe(), [h["entity_id"] for h in page["hits"]], page["total"])
        return page

    def export(self, viewer: Viewer, criteria: Criteria, limit: int = 1000) -> list[dict[str, Any]]:
        """Every hit (up to ``limit``), page after page; audited once as an export."""
        limit = max(1, min(limit, MAX_EXPORT))
        hits: list[dict[str, Any]] = []
        page_criteria = replace(criteria, facets=False, size=min(100, limit))
        while len(hits) < limit:
            page = finder.search(self.settings, page_criteria, viewer, self.client)
            hits += page["hits"]
            if not page["next_cursor"]:
                break
            page_criteria = replace(page_criteria, after=decode_cursor(page["next_cursor"]))
        hits = hits[:limit]
        self.audit.record(viewer, "export", {**criteria.describe(), "limit": limit}, [h["entity_id"] for h in hits])
        return hits

    def profile(self, viewer: Viewer, entity_id: str, hops: int = 1) -> dict[str, Any]:
        """The entity as ``viewer`` sees it; ``NotVisible`` if there is nothing to see (audited either way)."""
        view = finder.profile(self.settings, viewer, entity_id, hops, self.client)
        shown = [] if view is None else [view["entity_id"], *(n["entity_id"] for n in view["graph"]["nodes"][1:])]
        self.audit.record(viewer, "profile", {"entity_id": entity_id, "hops": hops}, shown,
                          status=200 if view is not None else 404)
        if view is None:
            raise NotVisible(entity_id)
        return view

    def _kind(self, viewer: Viewer, ref: str) -> str:
        """The kind of a record key or entity id the viewer may see; ``NotVisible`` otherwise."""
        if "/" in ref:
            holder = finder.holder_of(self.settings, viewer, ref, self.client)
            if holder is None:
                raise NotVisible(ref)
            return str(holder["kind"])
        found = finder.entity_document(self.settings, viewer, ref, self.client)
        if found is None:
            raise NotVisible(ref)
        return str(found[0].get("kind") or entity_kind(ref))

    def judge(self, viewer: Viewer, left: str, right: str, verdict: str, why: str = "") -> dict[str, Any]:
        """Publish ``viewer``'s verdict on two records or entities they may see; the judgement as published.

        Raises ``NotVisible`` (either side unseen), ``InvalidEvent`` (bad verdict, kinds differ) or
        ``DeliveryError``.
        """
        from producers.client import AgencyProducer
        from producers.judgements import publish_judgement

        kinds = {self._kind(viewer, left.strip()), self._kind(viewer, right.strip())}
        kind = kinds.pop() if len(kinds) == 1 else None
        with self._judging:
            if self._producer is None:
                self._producer = AgencyProducer(self.settings)
            judgement = publish_judgement(self.settings, producer=self._producer, left=left.strip(),
                                          right=right.strip(), verdict=verdict, who=viewer.user, why=why,
                                          kind=kind)
        self.audit.record(viewer, "judgement", {"left": left, "right": right, "verdict": verdict, "why": why},
                          [judgement["judgement_id"]])
        return judgement

    def close(self) -> None:
        self.audit.close()
