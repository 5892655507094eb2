"""``enlace export assignments``: the stream's record -> entity assignments as JSON lines, read from Kafka."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

export_app = typer.Typer(help="Export what the stream has built, read straight from Kafka.", no_args_is_help=True)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


@export_app.command("assignments")
def assignments(
    output: Optional[Path] = typer.Option(None, "-o", "--output", dir_okay=False,
                                          help="Write the JSON lines here (default stdout)."),
    timeout: float = typer.Option(120.0, help="Seconds allowed to read the entities topic to its end."),
) -> None:
    """One {record_id, source, entity_id} line per record of every live entity, sorted by source and record id.

    Reads the current generation's entities topic up to its end offsets at the start; a summary
    goes to stderr. Exit code 1 when a record belongs to two live entities (a duplicate entity).
    Compare with "enlace resolve FILE -o OUT" once "enlace lag" reports zero.
    """
    from rich.console import Console
    from rich.table import Table

    from deploy.export import ExportError, export_assignments
    from deploy.settings import Settings

    err = Console(stderr=True)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        summary = export_assignments(Settings(), out, timeout=timeout)
    except ExportError as exc:
        err.print(f"[red]enlace export: {exc}[/]")
        raise typer.Exit(1) from exc
    finally:
        if output:
            out.close()
        else:
            out.flush()
    table = Table(title=f"enlace export assignments ({summary.topic})")
    for name in ("messages read", "entities", "records", "duplicates", "stale writes", "seconds"):
        table.add_column(name, justify="right")
    table.add_row(f"{summary.messages:,}", f"{summary.entities:,}", f"{summary.records:,}",
                  f"[red]{len(summary.duplicates)}[/]" if summary.duplicates else "0",
                  str(len(summary.stale)), f"{summary.seconds:.1f}")
    err.print(table)
    for record, owners in list(summary.duplicates.items())[:20]:
        err.print(f"[red]duplicate: {record} is a member of {', '.join(owners)}[/]")
    if summary.stale:
        err.print(f"[dim]{len(summary.stale)} entities had an older version written after a newer one (replays "
                  f"after a rebalance); the newest version was kept[/]")
    if not summary.ok:
        raise typer.Exit(1)
