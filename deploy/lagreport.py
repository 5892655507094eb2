"""The lag report and its threshold check, pure: lag rows in, a JSON-able reading and a verdict out.

``deploy.lag`` reads the rows from Kafka; ``enlace lag`` prints what ``report`` builds and exits
with ``CHECK_FAILED`` when ``breach`` finds a threshold exceeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deploy.lag import PartitionLag

ALWAYS_PRESENT = ("ingest", "resolve", "index")
"""Stages whose input topics exist once the stream has been set up; until then the lag is unknown."""
CHECK_FAILED = 2
"""Exit code of ``enlace lag --max-lag/--max-seconds`` when a threshold is exceeded."""


def age_seconds(row: PartitionLag, now_ms: int) -> float | None:
    """Age of the row's oldest unprocessed message: 0 when caught up, None when lagging but its timestamp is unknown."""
    if row.lag == 0:
        return 0.0
    if row.oldest_ms is None:
        return None
    return round(max(now_ms - row.oldest_ms, 0) / 1000, 3)


def _oldest(ages: list[float | None]) -> float | None:
    """The largest age (0 with nothing behind); None when every age behind is unknown (a lower bound otherwise)."""
    oldest = max((a for a in ages if a is not None), default=0.0)
    return None if oldest == 0 and None in ages else oldest


def report(stages: Mapping[str, list[PartitionLag]], now_ms: int | None = None,
           feeds: Mapping[str, str] | None = None, latest: Mapping[str, int | None] | None = None) -> dict[str, Any]:
    """The reading ``enlace lag`` prints.

    ``stages``: stage -> lag rows (``deploy.lag.stage_lags``); ``feeds``: agency topic -> agency name;
    ``latest``: agency topic -> timestamp of its newest message. Per stage its group, lag, age of the
    oldest unprocessed message (``seconds``) and per-topic totals; per agency feed its ingest lag and
    age; every partition's row; ``pipeline_lag`` (None while the stream's topics are missing) and
    ``oldest_seconds`` over the whole pipeline.
    """
    now = now_ms if now_ms is not None else int(datetime.now(timezone.utc).timestamp() * 1000)
    out: list[dict[str, Any]] = []
    partitions: list[dict[str, Any]] = []
    by_topic: dict[str, dict[str, Any]] = {}
    all_ages: list[float | None] = []
    for stage, rows in stages.items():
        topics: dict[str, dict[str, Any]] = {}
        ages: list[float | None] = []
        for row in rows:
            age = age_seconds(row, now)
            ages.append(age)
            topic = topics.setdefault(row.topic, {"topic": row.topic, "lag": 0, "seconds": 0.0, "partitions": 0,
                                                  "committed": 0, "_ages": []})
            topic["lag"] += row.lag
            topic["partitions"] += 1
            topic["committed"] += row.committed is not None
            topic["_ages"].append(age)
            partitions.append({"stage": stage, "group": row.group, "topic": row.topic, "partition": row.partition,
                               "committed": row.committed, "end": row.end, "lag": row.lag, "seconds": age})
        for topic in topics.values():
            topic["seconds"] = _oldest(topic.pop("_ages"))
            by_topic.setdefault(topic["topic"], topic)
        all_ages += ages
        out.append({"stage": stage, "group": rows[0].group if rows else None, "lag": sum(r.lag for r in rows),
                    "seconds": _oldest(ages), "topics": list(topics.values())})
    known = all(stages.get(stage) for stage in ALWAYS_PRESENT)
    total = sum(stage["lag"] for stage in out) if known else None
    return {
        "at": datetime.fromtimestamp(now / 1000, timezone.utc).isoformat(timespec="seconds"),
        "pipeline_lag": total,
        "caught_up": total == 0,
        "oldest_seconds": _oldest(all_ages) if known else None,
        "stages": out,
        "feeds": _feeds(feeds or {}, by_topic, latest or {}, now),
        "partitions": partitions,
    }


def _feeds(feeds: Mapping[str, str], by_topic: Mapping[str, dict[str, Any]], latest: Mapping[str, int | None],
           now_ms: int) -> list[dict[str, Any]]:
    """Per agency feed: its ingest lag and age, and how long ago its newest message arrived."""
    out = []
    for topic, agency in feeds.items():
        row = by_topic.get(topic)
        newest = latest.get(topic)
        out.append({
            "agency": agency, "topic": topic,
            "lag": row["lag"] if row else None,
            "seconds": row["seconds"] if row else None,
            "last_message_seconds": None if newest is None else round(max(now_ms - newest, 0) / 1000, 3),
        })
    return out


def breach(reading: Mapping[str, Any], max_lag: int | None = None, max_seconds: float | None = None) -> str | None:
    """Why the reading fails the thresholds (one line), or None when it passes (or no threshold is set).

    A reading whose lag is unknown (the stream's topics do not exist yet) fails any threshold: a monitoring
    check must not pass while nothing is being measured.
    """
    if max_lag is None and max_seconds is None:
        return None
    total = reading["pipeline_lag"]
    if total is None:
        return "lag unknown: the stream's topics do not exist yet"
    if max_lag is not None and total > max_lag:
        stages = ", ".join(f"{s['stage']} {s['lag']:,}" for s in reading["stages"] if s["lag"])
        return f"pipeline lag {total:,} > --max-lag {max_lag:,} ({stages})"
    oldest = reading["oldest_seconds"]
    if max_seconds is not None and oldest is not None and oldest > max_seconds:
        where = max((p for p in reading["partitions"] if p["seconds"] is not None), key=lambda p: p["seconds"])
        return (f"oldest unprocessed message is {age_text(oldest)} old > --max-seconds {max_seconds:g} "
                f"({where['stage']}: {where['topic']}[{where['partition']}] at offset {where['end'] - where['lag']})")
    return None


def age_text(seconds: float | None) -> str:
    """``4.2 s``, ``3 m 12 s``, ``2 h 05 m``, ``3 d 04 h``; ``?`` when unknown."""
    if seconds is None:
        return "?"
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = int(seconds)
    if whole < 3600:
        return f"{whole // 60} m {whole % 60:02d} s"
    if whole < 86400:
        return f"{whole // 3600} h {whole % 3600 // 60:02d} m"
    return f"{whole // 86400} d {whole % 86400 // 3600:02d} h"


def verdict(reading: Mapping[str, Any]) -> str:
    """The last line people look at: ``pipeline lag: 0 (all caught up)`` or how far and how old the backlog is."""
    total = reading["pipeline_lag"]
    if total is None:
        return "pipeline lag: unknown (the stream's topics do not exist yet)"
    if total == 0:
        return "pipeline lag: 0 (all caught up)"
    return f"pipeline lag: {total:,} (oldest unprocessed message {age_text(reading.get('oldest_seconds'))} old)"
