"""``enlace lag``: per-stage lag as a table or JSON lines, an obvious "pipeline lag: 0", exit 1 when Kafka can't tell,
exit 2 with one line on stderr when a --max-lag / --max-seconds check fails."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from deploy.cli import app
from deploy.commands.lag import report
from deploy.lag import LagUnavailable, PartitionLag


@pytest.fixture(autouse=True)
def no_feed_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.latest_timestamps", lambda settings, topics: {t: None for t in topics})


def stages(records_lag: int = 0, with_records: bool = True) -> dict[str, list[PartitionLag]]:
    return {
        "ingest": [PartitionLag("g", "t.agency.police", 0, 5, 5, 0), PartitionLag("g", "t.agency.police", 1, None, 0, 0),
                   PartitionLag("g", "t.agency.customs", 0, 2, 2, 0)],
        "judgements": [PartitionLag("g", "t.judgements", 0, None, 0, 0)],
        "resolve": [PartitionLag("g", "t.records", 0, 10 - records_lag, 10, records_lag)] if with_records else [],
        "index": [PartitionLag("g-indexer", "t.entities", 0, 4, 4, 0)],
    }


def test_report_groups_partitions_by_topic() -> None:
    reading = report(stages(records_lag=3))
    ingest = reading["stages"][0]
    assert ingest == {"stage": "ingest", "group": "g", "lag": 0, "seconds": 0.0, "topics": [
        {"topic": "t.agency.police", "lag": 0, "seconds": 0.0, "partitions": 2, "committed": 1},
        {"topic": "t.agency.customs", "lag": 0, "seconds": 0.0, "partitions": 1, "committed": 1}]}
    assert [s["stage"] for s in reading["stages"]] == ["ingest", "judgements", "resolve", "index"]
    assert (reading["pipeline_lag"], reading["caught_up"]) == (3, False)


def test_missing_topics_make_the_pipeline_lag_unknown() -> None:
    reading = report(stages(with_records=False))
    assert (reading["pipeline_lag"], reading["caught_up"]) == (None, False)


def test_caught_up_ends_with_pipeline_lag_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: stages())
    result = CliRunner().invoke(app, ["lag"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "pipeline lag: 0 (all caught up)"
    assert "t.agency.customs" in result.stdout and "g-indexer" in result.stdout


def test_json_is_one_line_per_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: stages(records_lag=7))
    result = CliRunner().invoke(app, ["lag", "--json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    reading = json.loads(lines[0])
    assert reading["pipeline_lag"] == 7
    assert {s["stage"]: s["lag"] for s in reading["stages"]} == {"ingest": 0, "judgements": 0, "resolve": 7, "index": 0}


def test_unavailable_lag_is_one_clear_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def loading(settings: object, **kw: object) -> None:
        raise LagUnavailable("offsets of group g unavailable: Coordinator load in progress")

    monkeypatch.setattr("deploy.lag.stage_lags", loading)
    result = CliRunner().invoke(app, ["lag", "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("lag unavailable: offsets of group g unavailable")


def test_watch_reads_again_until_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([stages(records_lag=2), stages()])
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: next(readings))
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("deploy.commands.lag.time.sleep", sleep)
    result = CliRunner().invoke(app, ["lag", "--json", "--watch", "0.5"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["pipeline_lag"] for line in result.stdout.splitlines()] == [2, 0]
    assert naps == [0.5, 0.5]


def test_watch_goes_on_through_an_unavailable_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = iter([LagUnavailable("loading"), stages()])

    def stage_lags(settings: object, **kw: object) -> object:
        item = next(calls)
        if isinstance(item, Exception):
            raise item
        return item

    monkeypatch.setattr("deploy.lag.stage_lags", stage_lags)
    interrupts = iter([None, KeyboardInterrupt()])

    def sleep(seconds: float) -> None:
        error = next(interrupts)
        if error:
            raise error

    monkeypatch.setattr("deploy.commands.lag.time.sleep", sleep)
    result = CliRunner().invoke(app, ["lag", "--json", "--watch", "1"])
    assert result.exit_code == 0, result.output
    assert "lag unavailable: loading" in result.stderr
    assert json.loads(result.stdout)["pipeline_lag"] == 0


def behind(lag: int, oldest_ms: int | None) -> dict[str, list[PartitionLag]]:
    """The worker stopped: ``lag`` messages waiting on one police partition since ``oldest_ms``."""
    out = stages()
    out["ingest"] = [PartitionLag("g", "t.agency.police", 0, 5, 5 + lag, lag, oldest_ms), *out["ingest"][1:]]
    return out


def test_max_lag_exceeded_exits_2_with_one_line_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: behind(5000, 0))
    result = CliRunner().invoke(app, ["lag", "--json", "--max-lag", "100"])
    assert result.exit_code == 2, result.output
    assert result.stderr == "lag check failed: pipeline lag 5,000 > --max-lag 100 (ingest 5,000)\n"
    reading = json.loads(result.stdout)
    assert reading["pipeline_lag"] == 5000
    assert reading["check"] == {"ok": False, "reason": "pipeline lag 5,000 > --max-lag 100 (ingest 5,000)",
                                "max_lag": 100, "max_seconds": None}


def test_max_seconds_exceeded_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: behind(3, 0))  # produced in 1970
    result = CliRunner().invoke(app, ["lag", "--max-lag", "10", "--max-seconds", "60"], env={"COLUMNS": "160"})
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("lag check failed: oldest unprocessed message is ")
    assert "> --max-seconds 60 (ingest: t.agency.police[0] at offset 5)" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_thresholds_met_exit_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: stages())
    result = CliRunner().invoke(app, ["lag", "--json", "--max-lag", "0", "--max-seconds", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)["check"]["ok"] is True


def test_unknown_lag_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: stages(with_records=False))
    result = CliRunner().invoke(app, ["lag", "--max-lag", "10"], env={"COLUMNS": "120"})
    assert result.exit_code == 2
    assert result.stderr == "lag check failed: lag unknown: the stream's topics do not exist yet\n"


def test_partitions_table_shows_every_partition(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: behind(1234, None))
    plain = CliRunner().invoke(app, ["lag"], env={"COLUMNS": "200"})
    detailed = CliRunner().invoke(app, ["lag", "--partitions"], env={"COLUMNS": "200"})
    assert plain.exit_code == detailed.exit_code == 0
    assert "partitions" not in plain.stdout
    assert "partitions" in detailed.stdout
    row = next(line for line in detailed.stdout.splitlines() if "t.agency.police" in line and "1,239" in line)
    assert "1,234" in row  # committed 5, end 1,239, lag 1,234
    assert detailed.stdout.strip().splitlines()[-1] == "pipeline lag: 1,234 (oldest unprocessed message ? old)"


def test_feeds_table_names_every_agency(monkeypatch: pytest.MonkeyPatch) -> None:
    from deploy.settings import AGENCIES

    monkeypatch.setattr("deploy.lag.stage_lags", lambda settings, **kw: stages())
    result = CliRunner().invoke(app, ["lag"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "agency feeds" in result.stdout
    for agency in AGENCIES:
        assert agency in result.stdout
