"""``enlace replay``: rebuild everything from the retained inputs as the next generation, then switch search to it."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("replay")(replay)


def replay(
    timeout: float = typer.Option(1800.0, "--timeout", min=1.0, help="Seconds the new generation may take to catch up."),
    drop_generation: Optional[int] = typer.Option(
        None, "--drop-generation", min=1, help="Instead: delete generation N's topics, consumer groups and index."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Don't ask before --drop-generation deletes."),
    logs: Optional[Path] = typer.Option(None, "--logs", help="Where the replay's worker and indexer log (default: <stack home>/logs)."),
    json_output: bool = typer.Option(False, "--json", help="Print the report as one JSON line on stdout."),
) -> None:
    """Rebuild state and index as generation N+1 beside the live one, then swap the search alias (no downtime)."""
    from rich.console import Console

    from deploy import replay as library
    from deploy.settings import Settings
    from schemas.errors import EnlaceError

    err = Console(stderr=True)
    settings = Settings()
    try:
        if drop_generation is not None:
            if not yes:
                typer.confirm(f"Delete generation {drop_generation}'s topics, consumer groups and index?", abort=True)
            dropped = library.drop_generation(settings, drop_generation, say=err.print)
            if json_output:
                sys.stdout.write(json.dumps(asdict(dropped)) + "\n")
            return
        report = library.replay(settings, timeout, say=err.print, logs=logs)
    except EnlaceError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    if json_output:
        sys.stdout.write(json.dumps(asdict(report)) + "\n")
    err.print(f"Next: run workers and indexers with [bold]ENLACE_STREAM__GENERATION={report.generation}[/] "
              f"(they resume where the replay stopped) and stop generation {report.previous}'s; then "
              f"`enlace replay --drop-generation {report.previous}` deletes its topics, groups and index.")
