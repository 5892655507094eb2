"""``enlace retract AGENCY SOURCE_RECORD_ID``: publish an agency's withdrawal of a source record it published."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer


PARAMS = {"agency": "AGENCY", "source_record_id": "SOURCE_RECORD_ID", "reason": "--reason", "source_version": "--version"}
"""Event field -> the argument or option that sets it (for error messages)."""


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("retract")(retract)


def retract(
    agency: str = typer.Argument(..., help="The agency that published the source record."),
    source_record_id: str = typer.Argument(..., help="The agency's id of the source record (incident number, ...)."),
    reason: str = typer.Option(..., "--reason", help="Why the record is withdrawn."),
    version: int = typer.Option(
        ..., "--version", min=2, max=2**31 - 1,
        help="source_version of the retraction: higher than the version it withdraws. Required: the envelope's "
             "source_version is a 32-bit Avro int, so the time in ms cannot serve as an always-newer default."),
) -> None:
    """Withdraw every record a source record produced: one record_retraction event, printed as one JSON line."""
    from rich.console import Console

    from deploy.settings import AGENCIES, Settings
    from producers.retractions import build_retraction, publish_retraction
    from schemas.errors import EnlaceError, InvalidEvent

    if agency not in AGENCIES:
        raise typer.BadParameter(f"unknown agency {agency!r}; one of {', '.join(AGENCIES)}", param_hint="AGENCY")
    fields: dict[str, Any] = dict(agency=agency, source_record_id=source_record_id, reason=reason, source_version=version)
    try:
        build_retraction(**fields)  # argument errors before any broker is contacted
    except InvalidEvent as exc:
        hint = "/".join(sorted({PARAMS.get(str(e["loc"][-1]), "") for e in exc.errors if e["loc"]} - {""})) or None
        raise typer.BadParameter(str(exc), param_hint=hint) from exc
    try:
        event = publish_retraction(Settings(), **fields)
    except EnlaceError as exc:
        Console(stderr=True).print(f"[red]retraction not published: {exc}[/]")
        raise typer.Exit(1) from exc
    sys.stdout.write(json.dumps(event, default=_iso, ensure_ascii=False) + "\n")


def _iso(value: object) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    raise TypeError(f"not JSON-able: {type(value).__name__}")
