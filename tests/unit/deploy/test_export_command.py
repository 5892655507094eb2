"""``enlace export assignments``: lines to stdout or ``-o FILE``, summary on stderr, exit 1 on duplicates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

import pytest
from typer.testing import CliRunner

from deploy.cli import app
from deploy.export import ExportError, ExportSummary

LINE = {"record_id": "P-1", "source": "police", "entity_id": "per-1"}


def fake_export(duplicates: dict[str, list[str]] | None = None) -> Any:
    def export(settings: Any, out: TextIO, timeout: float = 120.0) -> ExportSummary:
        out.write(json.dumps(LINE) + "\n")
        return ExportSummary("t.entities", messages=3, entities=1, records=1, duplicates=duplicates or {})
    return export


def test_registered_under_export() -> None:
    result = CliRunner().invoke(app, ["export", "--help"])
    assert result.exit_code == 0 and "assignments" in result.output


def test_lines_go_to_stdout_and_the_summary_to_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.export.export_assignments", fake_export())
    result = CliRunner().invoke(app, ["export", "assignments"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == [LINE]
    assert "entities" in result.stderr and "duplicates" in result.stderr


def test_output_option_writes_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("deploy.export.export_assignments", fake_export())
    target = tmp_path / "assignments.jsonl"
    result = CliRunner().invoke(app, ["export", "assignments", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text()) == LINE


def test_duplicates_are_named_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deploy.export.export_assignments", fake_export({"police/P-1": ["per-1", "per-2"]}))
    result = CliRunner().invoke(app, ["export", "assignments"])
    assert result.exit_code == 1
    assert "police/P-1 is a member of per-1, per-2" in result.stderr


def test_an_unreadable_topic_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(settings: Any, out: TextIO, timeout: float = 120.0) -> ExportSummary:
        raise ExportError("topic t.entities does not exist")

    monkeypatch.setattr("deploy.export.export_assignments", missing)
    result = CliRunner().invoke(app, ["export", "assignments"])
    assert result.exit_code == 1
    assert "topic t.entities does not exist" in result.stderr
