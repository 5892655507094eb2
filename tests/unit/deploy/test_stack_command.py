"""``enlace stack``: registered on the root app; ``--json`` prints one machine-readable line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploy.cli import app
from deploy.commands import stack as command
from deploy.stack import ServiceStatus, StackStatus


def test_subcommands_are_registered() -> None:
    result = CliRunner().invoke(app, ["stack", "--help"])
    assert result.exit_code == 0
    assert all(name in result.output for name in ("up", "down", "status"))


def test_json_output_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status = StackStatus(Path("/srv"), (ServiceStatus("kafka", 12, 9092, True, Path("/srv/logs/kafka.log")),))
    command._show(status, json_output=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["services"][0] == {
        "name": "kafka", "pid": 12, "port": 9092, "answering": True, "log": "/srv/logs/kafka.log",
        "version": None, "external": False,
    }


def test_status_exits_1_when_something_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    down = StackStatus(Path("/srv"), (ServiceStatus("kafka", None, 9092, False, Path("/srv/logs/kafka.log")),))
    monkeypatch.setattr("deploy.stack.status", lambda settings: down)
    result = CliRunner().invoke(app, ["stack", "status", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["running"] is False
