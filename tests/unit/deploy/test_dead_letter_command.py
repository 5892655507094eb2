"""``enlace dlq list|show|replay`` over a fake dead-letter topic: output shapes, selection, fix files, dry runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deploy.cli import app
from deploy.deadletters import DeadLetter, ReplayPlan, ReplayReport, ledger_entry
from schemas.codec import default_codec
from streams.dlq import dead_letter_headers, headers_dict
from streams.ingest import plain

DLQ = "enlace.dead-letters"
POLICE = "enlace.agency.police"


def event(source_record_id: str) -> dict[str, Any]:
    from producers.events import build_event

    record = {"record_id": f"{source_record_id}-p0", "source": "police", "kind": "person", "given_name": "Ana",
              "family_name": "Pop"}
    return build_event(agency="police", event_type="entity_report", source_record_id=source_record_id,
                       records=[record], event_id=f"00000000-0000-4000-8000-{len(source_record_id):012d}")


def letter(offset: int, reason: str, value: bytes) -> DeadLetter:
    error = type(reason, (Exception,), {})("why not")
    headers = headers_dict(dead_letter_headers(POLICE, 2, 40 + offset, error))
    return DeadLetter(DLQ, 0, offset, f"police:X-{offset}".encode(), value, headers, 1_700_000_000_000)


LETTERS = [letter(0, "DecodeError", b"\x00junk"), letter(1, "InvalidEvent", default_codec().encode(event("X-1"))),
           letter(2, "DecodeError", b"\x01more junk")]


@pytest.fixture
def kafka(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The dead letters, the ledger, and what ``execute`` was asked to send."""
    state: dict[str, Any] = {"ledger": {}, "executed": []}

    def read_topic(settings: Any, topic: str, start: int | None = None, **kw: Any) -> Iterator[DeadLetter]:
        assert topic == DLQ
        return iter([x for x in LETTERS if start is None or x.offset >= start])

    def execute(settings: Any, plan: ReplayPlan, topic: str) -> ReplayReport:
        state["executed"].append(plan)
        report = ReplayReport.of(plan)
        report.replayed = [ledger_entry(send, 500 + i) for i, send in enumerate(plan.sends)]
        return report

    monkeypatch.setattr("deploy.deadletter_kafka.read_topic", read_topic)
    monkeypatch.setattr("deploy.deadletter_kafka.read_ledger", lambda settings, topic: state["ledger"])
    monkeypatch.setattr("deploy.deadletter_kafka.execute", execute)
    return state


def test_list_json_counts_by_reason_and_replayed(kafka: dict[str, Any]) -> None:
    kafka["ledger"] = {LETTERS[2].id: {}}
    result = CliRunner().invoke(app, ["dlq", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["reason"], r["source_topic"], r["count"], r["replayed"], r["first_offset"], r["last_offset"])
            for r in rows] == [("DecodeError", POLICE, 2, 1, 0, 2), ("InvalidEvent", POLICE, 1, 0, 1, 1)]
    assert all(r["topic"] == DLQ for r in rows)


def test_list_table(kafka: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["dlq", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "DecodeError" in result.stdout and "InvalidEvent" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "3 dead letters"


def test_show_json_filters_limits_and_decodes(kafka: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["dlq", "show", "--json", "--reason", "DecodeError", "--limit", "1"])
    assert result.exit_code == 0, result.output
    [shown] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (shown["offset"], shown["reason"], shown["event"], shown["value_preview"]) == (0, "DecodeError", None,
                                                                                       "00 6a 75 6e 6b")
    decoded = json.loads(CliRunner().invoke(app, ["dlq", "show", "--json", "--offset", "1", "-n", "1"]).stdout)
    assert decoded["event"]["envelope"]["source_record_id"] == "X-1"
    assert decoded["source"] == {"topic": POLICE, "partition": 2, "offset": 41}


def test_show_for_people(kafka: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["dlq", "show"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "0:0  DecodeError  from enlace.agency.police[2]@40" in result.stdout
    assert "payload (hex): 00 6a 75 6e 6b" in result.stdout
    assert '"source_record_id": "X-1"' in result.stdout


def test_replay_wants_a_selection(kafka: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["dlq", "replay"])
    assert result.exit_code == 1
    assert "--reason, --offset, --file, or --all" in result.stderr
    assert kafka["executed"] == []


def test_replay_a_fix_file_made_from_show(kafka: dict[str, Any], tmp_path: Path) -> None:
    shown = [json.loads(line) for line in CliRunner().invoke(app, ["dlq", "show", "--json"]).stdout.splitlines()]
    fixed = shown[0] | {"event": plain(event("X-0"))}  # bytes that never decoded: the integrator writes the event
    path = tmp_path / "fix.jsonl"
    path.write_text(json.dumps(fixed) + "\n")
    result = CliRunner().invoke(app, ["dlq", "replay", "--file", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    [plan] = kafka["executed"]
    [send] = plan.sends
    assert (send.letter.offset, send.topic, send.partition, send.key, send.fixed) == (0, POLICE, 2, b"police:X-0", True)
    assert default_codec().decode(send.value or b"")["envelope"]["source_record_id"] == "X-0"
    assert f"replayed {DLQ}:0:0 (DecodeError) -> {POLICE}[2]@500 fixed" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == \
        "replayed 1, already replayed 0, refused 0, missing 0, failed 0"


def test_replay_reports_the_ledger_and_missing_offsets(kafka: dict[str, Any]) -> None:
    kafka["ledger"] = {LETTERS[1].id: {"topic": POLICE, "partition": 2, "offset": 77, "replayed_at": "earlier"}}
    result = CliRunner().invoke(app, ["dlq", "replay", "--offset", "1", "--offset", "2", "--offset", "9", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [r["dead_letter"] for r in report["replayed"]] == [f"{DLQ}:0:2"]
    assert [(r["dead_letter"], r["offset"]) for r in report["already_replayed"]] == [(f"{DLQ}:0:1", 77)]
    assert report["missing"] == ["0:9"]


def test_dry_run_sends_nothing(kafka: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["dlq", "replay", "--reason", "DecodeError", "--dry-run"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert kafka["executed"] == []
    assert f"would replay {DLQ}:0:0 (DecodeError) -> {POLICE}[2]" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("would replay 2,")


def test_an_unreadable_fix_file_is_one_line_and_exit_1(kafka: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "fix.jsonl"
    path.write_text('{"offset": 0, "event": {"envelope": {}}}\n')
    result = CliRunner().invoke(app, ["dlq", "replay", "--file", str(path)])
    assert result.exit_code == 1
    assert "fix line 1 (dead letter 0:0): cannot encode" in result.stderr
    assert kafka["executed"] == []
