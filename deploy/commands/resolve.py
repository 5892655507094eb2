"""``enlace resolve``: run the resolution engine over a JSON-lines file of canonical records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command("resolve")
    def resolve(
        input_path: Path = typer.Argument(..., exists=True, dir_okay=False, help="Canonical records, one JSON object a line."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write {record_id, entity_id} lines here (default stdout)."),
        explain: bool = typer.Option(False, "--explain", help="Add each decision's evidence to its line."),
        model: Optional[Path] = typer.Option(None, "--model", help="A model JSON file (default: the bundled model.json)."),
    ) -> None:
        """Resolve records in file order; print one {record_id, entity_id} line per record and a summary."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        from rich.table import Table

        from streams.resolve.batch import resolve_jsonl
        from streams.resolve.model import load_model

        err = Console(stderr=True)
        with open(input_path, encoding="utf-8") as fh:
            total = sum(1 for line in fh if line.strip())
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
        try:
            with Progress(TextColumn("resolving"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as progress:
                task = progress.add_task("resolve", total=total)

                def advance(n: int) -> None:
                    if n % 500 == 0:
                        progress.update(task, completed=n)

                summary = resolve_jsonl(
                    input_path, out, explain=explain, model=load_model(model) if model else None,
                    on_record=advance,
                    on_error=lambda e: err.print(f"[yellow]line {e.line}: {e.message} (skipped)[/]"),
                )
        finally:
            if output:
                out.close()
        table = Table(title="enlace resolve")
        for name in ("records", "skipped", "entities", "merges", "records/s"):
            table.add_column(name, justify="right")
        s = summary.as_dict()
        table.add_row(str(s["records"]), str(s["skipped"]), str(s["entities"]), str(s["merges"]),
                      f"{s['records_per_second']:,.0f}")
        err.print(table)
