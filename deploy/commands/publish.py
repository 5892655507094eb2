"""``enlace publish FILE``: canonical records (JSONL/CSV) or event dicts (JSONL) to the agency topics."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("publish")(publish)


def publish(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL or CSV of canonical records, or JSONL of events."),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Publish every record as this agency (default: each record's source)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl or csv (default: from the file suffix)."),
    group_by: Optional[str] = typer.Option(None, "--group-by", help="Put consecutive records sharing this field in one event."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as one JSON line."),
) -> None:
    """Publish a file to the agency topics; malformed lines are reported with their number and skipped."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
    from rich.table import Table

    from deploy.settings import AGENCIES, Settings
    from producers.admin import agency_topic_specs, ensure_topics
    from producers.publishing import publish_file

    if agency and agency not in AGENCIES:
        raise typer.BadParameter(f"unknown agency {agency!r}; one of {', '.join(AGENCIES)}")
    if fmt and fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("format must be jsonl or csv")
    settings = Settings()
    err = Console(stderr=True)
    ensure_topics(settings, agency_topic_specs(settings))
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task(f"publishing {file.name}", total=file.stat().st_size)
        report = publish_file(
            settings, file, agency=agency, fmt=fmt, group_by=group_by,
            on_progress=lambda n: progress.advance(task, n),
            on_reject=lambda line, why: err.print(f"[yellow]line {line}: {why} (skipped)[/]"),
        )
    summary = {"file": str(file), "lines": report.lines, "records": report.records, "events": report.events,
               "rejected": len(report.rejected), "delivery_failures": len(report.delivery_failures),
               "seconds": round(report.seconds, 3),
               "events_per_s": round(report.events / report.seconds, 1) if report.seconds else 0.0}
    if json_output:
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        table = Table(title="enlace publish")
        table.add_column("measure")
        table.add_column("value", justify="right")
        for key, value in summary.items():
            table.add_row(key, str(value))
        Console().print(table)
    for failure in report.delivery_failures[:20]:
        err.print(f"[red]delivery failed: {failure}[/]")
    if not report.ok:
        raise typer.Exit(1)
