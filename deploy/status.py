"""``enlace status`` in one reading: stack, workers, lag per stage, dead letters and index freshness.

Everything comes from Kafka and Elasticsearch themselves: workers are the members of the stream's
and the indexer's consumer groups (whoever runs them, wherever), lag is ``deploy.lag.stage_lags``,
dead letters are the messages retained in the dead-letter topics, freshness is the newest
``updated_at`` (the triggering event's produce time) under the search alias. Nothing here prints a
setting's secret: URLs lose their credentials and error texts pass through ``deploy.logs.scrub``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from deploy.logs import scrub, secrets_of

if TYPE_CHECKING:
    from deploy.settings import Settings


def redacted_url(url: str) -> str:
    """``url`` without the ``user:password@`` part, if it has one."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    return urlunsplit(parts._replace(netloc=f"***@{host}{f':{parts.port}' if parts.port else ''}"))


def _error(settings: Settings, exc: BaseException) -> str:
    return scrub(f"{type(exc).__name__}: {exc}", secrets_of(settings))[:300]


def kafka_status(settings: Settings, timeout: float) -> tuple[dict[str, Any], Any]:
    """Whether Kafka answers, its cluster id and broker count; and the admin client to go on with (or None)."""
    from confluent_kafka.admin import AdminClient

    out: dict[str, Any] = {"bootstrap_servers": settings.kafka.bootstrap_servers, "reachable": False}
    admin = AdminClient({**settings.kafka.librdkafka(), "log_level": 0})
    try:
        metadata = admin.list_topics(timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - unreachable, refused credentials...: reported, not raised
        out["error"] = _error(settings, exc)
        return out, None
    out.update(reachable=bool(metadata.brokers), cluster_id=metadata.cluster_id, brokers=len(metadata.brokers),
               version=None)  # brokers do not report their version over the Kafka protocol
    return out, admin


def groups_status(settings: Settings, admin: Any, timeout: float) -> dict[str, Any]:
    """The stream's and the indexer's consumer groups: state and members (client id, host, partitions)."""
    from streams.topology import topology

    t = topology(settings)
    roles = {t.group: "workers", t.indexer_group: "indexers"}
    out: dict[str, Any] = {}
    for group, future in admin.describe_consumer_groups(list(roles), request_timeout=timeout).items():
        try:
            described = future.result()
        except Exception as exc:  # noqa: BLE001
            out[roles[group]] = {"group": group, "state": "unknown", "members": [], "error": _error(settings, exc)}
            continue
        members = [{"client_id": m.client_id, "host": m.host,
                    "partitions": len(m.assignment.topic_partitions) if m.assignment else 0}
                   for m in described.members]
        out[roles[group]] = {"group": group, "state": described.state.name.lower(), "members": members}
    return out


def lag_status(settings: Settings, timeout: float) -> dict[str, Any]:
    """Per stage its total lag (messages), or the reason it is unknown."""
    from deploy.lag import stage_lags

    try:
        stages = stage_lags(settings, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - e.g. a coordinator still loading
        return {"error": _error(settings, exc)}
    return {stage: {"lag": sum(row.lag for row in rows), "partitions": len(rows)} for stage, rows in stages.items()}


def dead_letter_counts(settings: Settings, timeout: float) -> dict[str, int | None]:
    """Messages retained in the stream's and the indexer's dead-letter topics (None: topic missing)."""
    from confluent_kafka import Consumer, TopicPartition

    from streams.topology import topology

    t = topology(settings)
    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": f"{t.group}-status", "log_level": 0})
    try:
        topics = consumer.list_topics(timeout=timeout).topics
        counts: dict[str, int | None] = {}
        for topic in (t.dead_letters, t.index_dead_letters):
            if topic not in topics:
                counts[topic] = None
                continue
            total = 0
            for partition in topics[topic].partitions:
                low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=timeout)
                total += max(high - low, 0)
            counts[topic] = total
        return counts
    finally:
        consumer.close()


def elastic_status(settings: Settings, timeout: float) -> dict[str, Any]:
    """Whether Elasticsearch answers, its version and health; the alias's index, documents and freshness."""
    from consumers.elastic import make_client
    from consumers.mappings import index_name

    alias = settings.elastic.entities_alias
    out: dict[str, Any] = {"url": redacted_url(settings.elastic.url), "reachable": False}
    client = make_client(settings)
    try:
        info = client.info(request_timeout=timeout)
        health = client.cluster.health(request_timeout=timeout)
        out.update(reachable=True, version=info.get("version", {}).get("number"), health=health.get("status"))
        index: dict[str, Any] = {"alias": alias, "writes_to": index_name(settings), "exists": False}
        out["index"] = index
        if not client.indices.exists_alias(name=alias, request_timeout=timeout):
            return out
        result = client.search(index=alias, size=0, track_total_hits=True, request_timeout=timeout,
                               aggs={"newest": {"max": {"field": "updated_at"}}})
        newest_ms = result["aggregations"]["newest"].get("value")
        index.update(exists=True, indices=sorted(client.indices.get_alias(name=alias, request_timeout=timeout)),
                     documents=int(result["hits"]["total"]["value"]),
                     newest=result["aggregations"]["newest"].get("value_as_string"),
                     newest_age_seconds=None if newest_ms is None else round(time.time() - newest_ms / 1000, 1))
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        out["error"] = _error(settings, exc)
    finally:
        client.close()
    return out


def problems(reading: dict[str, Any]) -> list[str]:
    """What an on-call engineer must act on (empty: all well)."""
    found = []
    if not reading["kafka"]["reachable"]:
        found.append("Kafka does not answer")
    if not reading["elasticsearch"]["reachable"]:
        found.append("Elasticsearch does not answer")
    for role in ("workers", "indexers"):
        group = reading.get("groups", {}).get(role)
        if group is not None and not group["members"]:
            found.append(f"no {role[:-1]} is running (consumer group {group['group']} has no members)")
    index = reading["elasticsearch"].get("index")
    if index is not None and not index["exists"]:
        found.append(f"the search alias {index['alias']} does not exist")
    if "error" in reading.get("lag", {}):
        found.append("lag unknown")
    return found


def gather(settings: Settings, timeout: float = 5.0) -> dict[str, Any]:
    """One reading of everything ``enlace status`` shows (JSON-able)."""
    kafka, admin = kafka_status(settings, timeout)
    reading: dict[str, Any] = {"kafka": kafka, "elasticsearch": elastic_status(settings, timeout)}
    if admin is not None:
        reading["groups"] = groups_status(settings, admin, timeout)
        reading["lag"] = lag_status(settings, timeout)
        reading["dead_letters"] = dead_letter_counts(settings, timeout)
    reading["problems"] = problems(reading)
    return reading
