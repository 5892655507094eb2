"""``enlace judge`` and ``enlace retract``: argument errors exit 2 before any broker is contacted; output is JSON."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from typer.testing import CliRunner

import producers.judgements
import producers.retractions
from deploy.cli import COMMAND_MODULES, app
from producers.client import DeliveryError, DeliveryFailure
from producers.judgements import build_judgement
from producers.retractions import build_retraction

AT = datetime(2025, 6, 3, 18, 5, 12, 345000, tzinfo=timezone.utc)
JUDGE = ["judge", "per-0123456789ab", "police/INC-1#p0", "--verdict", "not_same", "--who", "ana", "--why", "twins"]
RETRACT = ["retract", "police", "INC-1", "--reason", "entered in error", "--version", "2"]


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand-ins for the publishing functions: they build what the real ones would, and record it."""
    sent: list[dict[str, Any]] = []

    def judgement(settings: Any, **fields: Any) -> dict[str, Any]:
        sent.append(build_judgement(**fields, at=AT, judgement_id="j-1"))
        return sent[-1]

    def retraction(settings: Any, **fields: Any) -> dict[str, Any]:
        sent.append(build_retraction(**fields, reported_at=AT, event_id="00000000-0000-4000-8000-000000000001"))
        return sent[-1]

    monkeypatch.setattr(producers.judgements, "publish_judgement", judgement)
    monkeypatch.setattr(producers.retractions, "publish_retraction", retraction)
    return sent


def test_commands_are_registered() -> None:
    assert {"judge", "retract"} <= set(COMMAND_MODULES)


def test_judge_prints_the_judgement(published: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, JUDGE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"judgement_id": "j-1", "kind": "person", "left": "per-0123456789ab",
                                         "right": "police/INC-1#p0", "verdict": "not_same", "who": "ana",
                                         "why": "twins", "at": "2025-06-03T18:05:12.345Z"}
    assert len(published) == 1


def test_judge_with_explicit_kind_on_record_keys(published: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, ["judge", "police/INC-1#v0", "customs/C-9#v0", "--kind", "vehicle",
                                      "--verdict", "same", "--who", "ana", "--why", "same VIN"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "vehicle"


def test_retract_prints_the_event(published: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, RETRACT)
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)
    assert event["event_type"] == "record_retraction" and event["payload"] == {"reason": "entered in error"}
    assert (event["envelope"]["agency"], event["envelope"]["source_record_id"], event["envelope"]["source_version"]) == (
        "police", "INC-1", 2)
    assert event["envelope"]["reported_at"] == "2025-06-03T18:05:12.345Z"


def _with(args: list[str], option: str, value: str | None) -> list[str]:
    """``args`` with ``option`` set to ``value`` (None: dropped)."""
    out = list(args)
    if option in out:
        i = out.index(option)
        del out[i:i + 2]
    return out if value is None else [*out, option, value]


ERRORS = [
    # (case, argv, text the error must show)
    ("missing verdict", _with(JUDGE, "--verdict", None), "Missing option '--verdict'"),
    ("unknown verdict", _with(JUDGE, "--verdict", "maybe"), "--verdict"),
    ("unknown kind", [*JUDGE, "--kind", "boat"], "--kind"),
    ("missing who", _with(JUDGE, "--who", None), "Missing option '--who'"),
    ("blank who", _with(JUDGE, "--who", " "), "who"),
    ("missing why", _with(JUDGE, "--why", None), "Missing option '--why'"),
    ("kind cannot be inferred", ["judge", "police/A#p0", "customs/B#p0", "--verdict", "same", "--who", "a", "--why", "b"],
     "give --kind"),
    ("kind contradicts the entity id", [*JUDGE, "--kind", "firearm"], "person entity id"),
    ("prefixes disagree", ["judge", "per-0123456789ab", "veh-0123456789ab", "--verdict", "same", "--who", "a", "--why", "b"],
     "vehicle entity id"),
    ("same thing twice", ["judge", "per-0123456789ab", "per-0123456789ab", "--verdict", "same", "--who", "a", "--why", "b"],
     "left and right are the same"),
    ("not a record key or entity id", ["judge", "per-0123456789ab", "INC-1", "--verdict", "same", "--who", "a", "--why", "b"],
     "record key"),
    ("missing right", ["judge", "per-0123456789ab", "--verdict", "same", "--who", "a", "--why", "b"], "Missing argument"),
    ("missing version", _with(RETRACT, "--version", None), "Missing option '--version'"),
    ("version of nothing older", _with(RETRACT, "--version", "1"), "--version"),
    ("version beyond an Avro int", _with(RETRACT, "--version", str(2**31)), "--version"),
    ("version not a number", _with(RETRACT, "--version", "now"), "--version"),
    ("missing reason", _with(RETRACT, "--reason", None), "Missing option '--reason'"),
    ("blank reason", _with(RETRACT, "--reason", " "), "reason"),
    ("unknown agency", ["retract", "navy", "X-1", "--reason", "r", "--version", "2"], "unknown agency 'navy'"),
    ("blank source record id", ["retract", "police", " ", "--reason", "r", "--version", "2"], "source_record_id"),
]


@pytest.mark.parametrize(("case", "argv", "text"), ERRORS, ids=[c[0] for c in ERRORS])
def test_argument_errors(case: str, argv: list[str], text: str, published: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, argv, terminal_width=400)
    assert result.exit_code == 2, result.output
    assert text in " ".join(result.output.split()), result.output
    assert published == []


@pytest.mark.parametrize("argv", [JUDGE, RETRACT], ids=["judge", "retract"])
def test_delivery_failure_exits_1(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(settings: Any, **fields: Any) -> dict[str, Any]:
        raise DeliveryError([DeliveryFailure("t.judgements", "k", "Broker: Unknown topic or partition")])

    monkeypatch.setattr(producers.judgements, "publish_judgement", fail)
    monkeypatch.setattr(producers.retractions, "publish_retraction", fail)
    result = CliRunner().invoke(app, argv, terminal_width=400)
    assert result.exit_code == 1
    assert "not published" in result.output and "Unknown topic" in result.output
    assert result.stdout == ""
