"""The audit trail: who searched, viewed, exported or judged what, and when.

Each entry goes to the append-only topic ``<prefix>audit`` (kept forever, the record of truth)
and to the index ``<index_prefix>-audit`` (what ``enlace audit`` queries), both written by the
process serving the call before it answers: the Kafka send is waited for, and the index write
uses the entry's id with ``op_type=create``, so a retried write never makes a second entry. A
call that cannot be audited fails (``AuditError``; the API answers 503) rather than go unrecorded.
If the index write fails after the topic took the entry, the index can be rebuilt from the topic.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from consumers.access import Viewer
from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from deploy.settings import Settings

ACTIONS = ("search", "profile", "export", "judgement")
MAX_RESULT_IDS = 1000
MAPPINGS: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "audit_id": {"type": "keyword"}, "at": {"type": "date"}, "user": {"type": "keyword"},
        "agency": {"type": "keyword"}, "clearance": {"type": "keyword"}, "action": {"type": "keyword"},
        "query": {"type": "object", "enabled": False}, "query_text": {"type": "text"},
        "result_ids": {"type": "keyword"}, "result_count": {"type": "long"}, "status": {"type": "short"},
    },
}


class AuditError(EnlaceError):
    """An audit entry could not be written."""


def audit_topic(settings: Settings) -> str:
    return settings.kafka.topic("audit")


def audit_index(settings: Settings) -> str:
    return f"{settings.elastic.index_prefix}-audit"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def entry(viewer: Viewer, action: str, query: dict[str, Any], result_ids: list[str], result_count: int | None = None,
          status: int = 200, at: str | None = None) -> dict[str, Any]:
    """One audit entry (pure)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return {
        "audit_id": str(uuid.uuid4()), "at": at or now_iso(), "user": viewer.user, "agency": viewer.agency,
        "clearance": viewer.clearance, "action": action, "query": query,
        "query_text": json.dumps(query, ensure_ascii=False, sort_keys=True),
        "result_ids": result_ids[:MAX_RESULT_IDS],
        "result_count": len(result_ids) if result_count is None else result_count, "status": status,
    }


class AuditLog:
    """Writes audit entries to the audit topic and index (thread-safe: the API serves calls in a thread pool)."""

    def __init__(self, settings: Settings, client: Elasticsearch | None = None, timeout: float | None = None) -> None:
        from confluent_kafka import Producer

        from consumers.elastic import make_client

        self.settings = settings
        self.topic = audit_topic(settings)
        self.index = audit_index(settings)
        self.timeout = settings.api.audit_timeout if timeout is None else timeout
        self.client = client or make_client(settings)
        self._producer = Producer({**settings.kafka.librdkafka(), "acks": "all", "enable.idempotence": True,
                                   "linger.ms": 0})
        self._ready = threading.Lock()
        self._ensured = False

    def ensure(self) -> None:
        """Create the audit topic (one partition, kept forever) and index if missing."""
        from elasticsearch.exceptions import RequestError

        from producers.admin import FOREVER, TopicSpec, ensure_topics

        with self._ready:
            if self._ensured:
                return
            ensure_topics(self.settings, [TopicSpec(self.topic, 1, {"cleanup.policy": "delete", **FOREVER})])
            if not self.client.indices.exists(index=self.index):
                try:
                    self.client.indices.create(index=self.index, mappings=MAPPINGS,
                                               settings={"number_of_shards": 1, "number_of_replicas": 0})
                except RequestError as exc:
                    if exc.error != "resource_already_exists_exception":
                        raise
            self._ensured = True

    def write(self, item: dict[str, Any]) -> dict[str, Any]:
        """Send ``item`` to the topic and the index; returns it once both hold it, else ``AuditError``."""
        self.ensure()
        delivered = threading.Event()
        failure: list[str] = []

        def on_delivery(err: Any, _msg: Any) -> None:
            if err is not None:
                failure.append(str(err))
            delivered.set()

        try:
            self._producer.produce(self.topic, key=item["user"].encode(), on_delivery=on_delivery,
                                   value=json.dumps(item, ensure_ascii=False).encode())
            self.client.index(index=self.index, id=item["audit_id"], document=item, op_type="create")
        except Exception as exc:  # noqa: BLE001 - Kafka BufferError/KafkaException or any Elasticsearch error
            raise AuditError(f"audit entry not written: {exc}") from exc
        self._producer.flush(self.timeout)
        if not delivered.is_set() or failure:
            raise AuditError(f"audit entry not delivered to {self.topic}: {failure or 'timed out'}")
        return item

    def record(self, viewer: Viewer, action: str, query: dict[str, Any], result_ids: list[str],
               result_count: int | None = None, status: int = 200) -> dict[str, Any]:
        """Build and write one entry."""
        return self.write(entry(viewer, action, query, result_ids, result_count, status))

    def close(self) -> None:
        self._producer.flush(self.timeout)


def audit_query(user: str | None = None, since: str | None = None, action: str | None = None) -> dict[str, Any]:
    """The Elasticsearch query for entries of ``user``, at or after ``since`` (ISO time or ``now-1h``), of ``action``."""
    filters: list[dict[str, Any]] = []
    if user:
        filters.append({"term": {"user": user}})
    if since:
        filters.append({"range": {"at": {"gte": since}}})
    if action:
        filters.append({"term": {"action": action}})
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def audit_entries(settings: Settings, user: str | None = None, since: str | None = None, action: str | None = None,
                  size: int = 100, client: Elasticsearch | None = None) -> list[dict[str, Any]]:
    """The newest ``size`` audit entries matching the filters, newest first."""
    from consumers.elastic import make_client

    es = client or make_client(settings)
    index = audit_index(settings)
    if not es.indices.exists(index=index):
        return []
    body: dict[str, Any] = {"query": audit_query(user, since, action), "size": size,
                            "sort": [{"at": "desc"}, {"audit_id": "asc"}]}
    return [dict(hit["_source"]) for hit in es.search(index=index, **body)["hits"]["hits"]]
