"""The pure lag report: ages of the oldest unprocessed message, agency feeds, partitions, threshold checks."""

from __future__ import annotations

import pytest

from deploy.lag import PartitionLag
from deploy.lagreport import age_seconds, age_text, breach, report, verdict

NOW = 1_700_000_100_000


def rows(lag: int = 0, oldest_ms: int | None = None, index_lag: int = 0) -> dict[str, list[PartitionLag]]:
    return {
        "ingest": [PartitionLag("g", "p.agency.police", 0, 10, 10 + lag, lag, oldest_ms),
                   PartitionLag("g", "p.agency.police", 1, None, 0, 0),
                   PartitionLag("g", "p.agency.customs", 0, 3, 3, 0)],
        "judgements": [],
        "resolve": [PartitionLag("g", "p.records", 0, 7, 7, 0)],
        "index": [PartitionLag("g-indexer", "p.entities", 2, 4, 4 + index_lag, index_lag,
                               NOW - 2_000 if index_lag else None)],
    }


FEEDS = {"p.agency.police": "police", "p.agency.customs": "customs", "p.agency.partners": "partners"}


@pytest.mark.parametrize(("row", "expected"), [
    (PartitionLag("g", "t", 0, 5, 5, 0, None), 0.0),  # caught up: 0 whatever the timestamp
    (PartitionLag("g", "t", 0, 5, 9, 4, NOW - 42_500), 42.5),
    (PartitionLag("g", "t", 0, 5, 9, 4, None), None),  # lagging, timestamp not read
    (PartitionLag("g", "t", 0, 5, 9, 4, NOW + 3_000), 0.0),  # a producer clock ahead of ours: never negative
])
def test_age_of_the_oldest_unprocessed_message(row: PartitionLag, expected: float | None) -> None:
    assert age_seconds(row, NOW) == expected


def test_report_has_partitions_stage_ages_and_pipeline_totals() -> None:
    reading = report(rows(lag=5000, oldest_ms=NOW - 90_000, index_lag=3), NOW, FEEDS)
    assert reading["pipeline_lag"] == 5003 and reading["caught_up"] is False
    assert reading["oldest_seconds"] == 90.0
    assert {s["stage"]: (s["lag"], s["seconds"]) for s in reading["stages"]} == {
        "ingest": (5000, 90.0), "judgements": (0, 0.0), "resolve": (0, 0.0), "index": (3, 2.0)}
    assert reading["partitions"][0] == {"stage": "ingest", "group": "g", "topic": "p.agency.police", "partition": 0,
                                        "committed": 10, "end": 5010, "lag": 5000, "seconds": 90.0}
    assert [(p["stage"], p["partition"]) for p in reading["partitions"]] == [
        ("ingest", 0), ("ingest", 1), ("ingest", 0), ("resolve", 0), ("index", 2)]
    assert reading["at"] == "2023-11-14T22:15:00+00:00"


def test_feeds_summarise_ingest_per_agency_and_their_newest_message() -> None:
    latest = {"p.agency.police": NOW - 1_000, "p.agency.customs": None}
    reading = report(rows(lag=12, oldest_ms=NOW - 30_000), NOW, FEEDS, latest)
    assert reading["feeds"] == [
        {"agency": "police", "topic": "p.agency.police", "lag": 12, "seconds": 30.0, "last_message_seconds": 1.0},
        {"agency": "customs", "topic": "p.agency.customs", "lag": 0, "seconds": 0.0, "last_message_seconds": None},
        # a feed whose topic does not exist yet: nothing known
        {"agency": "partners", "topic": "p.agency.partners", "lag": None, "seconds": None,
         "last_message_seconds": None},
    ]


def test_unknown_ages_are_left_out_of_the_oldest() -> None:
    reading = report(rows(lag=12, oldest_ms=None, index_lag=1), NOW, FEEDS)
    assert reading["stages"][0]["seconds"] is None  # ingest lags, its age unread
    assert reading["oldest_seconds"] == 2.0  # the index stage's age is known


@pytest.mark.parametrize(("max_lag", "max_seconds", "expected"), [
    (None, None, None),
    (5003, None, None),  # equal is not exceeding
    (5002, None, "pipeline lag 5,003 > --max-lag 5,002 (ingest 5,000, index 3)"),
    (None, 90, None),
    (None, 89.5, "oldest unprocessed message is 1 m 30 s old > --max-seconds 89.5 "
                 "(ingest: p.agency.police[0] at offset 10)"),
    (0, 1, "pipeline lag 5,003 > --max-lag 0 (ingest 5,000, index 3)"),  # the count is reported first
])
def test_breach(max_lag: int | None, max_seconds: float | None, expected: str | None) -> None:
    reading = report(rows(lag=5000, oldest_ms=NOW - 90_000, index_lag=3), NOW)
    assert breach(reading, max_lag, max_seconds) == expected


def test_caught_up_passes_every_threshold() -> None:
    reading = report(rows(), NOW)
    assert (reading["pipeline_lag"], reading["oldest_seconds"]) == (0, 0.0)
    assert breach(reading, 0, 0) is None
    assert verdict(reading) == "pipeline lag: 0 (all caught up)"


def test_missing_topics_fail_any_check_but_not_a_plain_reading() -> None:
    missing = {**rows(), "resolve": []}
    reading = report(missing, NOW)
    assert (reading["pipeline_lag"], reading["oldest_seconds"]) == (None, None)
    assert breach(reading) is None
    assert breach(reading, max_seconds=10) == "lag unknown: the stream's topics do not exist yet"
    assert verdict(reading) == "pipeline lag: unknown (the stream's topics do not exist yet)"


@pytest.mark.parametrize(("seconds", "text"), [
    (None, "?"), (0.0, "0.0 s"), (4.24, "4.2 s"), (59.99, "60.0 s"), (60, "1 m 00 s"), (192, "3 m 12 s"),
    (7500, "2 h 05 m"), (273_600, "3 d 04 h"),
])
def test_age_text(seconds: float | None, text: str) -> None:
    assert age_text(seconds) == text


def test_verdict_names_the_age_of_the_backlog() -> None:
    assert verdict(report(rows(lag=7, oldest_ms=NOW - 192_000), NOW)) == \
        "pipeline lag: 7 (oldest unprocessed message 3 m 12 s old)"
