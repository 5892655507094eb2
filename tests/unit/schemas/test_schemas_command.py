"""``enlace schemas`` and ``enlace bench codec`` print what they measure."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from deploy.cli import app
from schemas.catalog import EVENT_TYPES


def test_schemas_command_reports_every_event_type_compatible() -> None:
    result = CliRunner().invoke(app, ["schemas", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["event_type"] for row in rows} == set(EVENT_TYPES)
    assert all(row["backward"] == [] and row["forward"] == [] for row in rows)


def test_bench_codec_prints_figures() -> None:
    result = CliRunner().invoke(app, ["bench", "codec", "-n", "60", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["wire"] == "single-object" and figures["events"] == 60
    assert figures["decode_per_s"] > 0 and figures["bytes_per_event"] > 100
