"""``enlace bench pipeline``: end-to-end figures of worker(s) + indexer on the local stack."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @bench.command("pipeline")
    def pipeline(
        events: int = typer.Option(2000, help="Events published in the throughput phase."),
        workers: int = typer.Option(1, min=1, max=2, help="Stream worker processes."),
        samples: int = typer.Option(30, help="Paced events in the latency phase."),
        seed: int = typer.Option(0, help="Simulator seed."),
        workdir: Path = typer.Option(None, help="Logs and worker data (default .enlace/bench/<id>)."),
        keep: bool = typer.Option(False, help="Keep the run's topics and indices."),
        as_json: bool = typer.Option(False, "--json", help="One JSON line instead of a table."),
    ) -> None:
        """Sustained events/s, produce-to-searchable latency p50/p95/p99 and peak RSS."""
        from dataclasses import asdict

        from rich.console import Console
        from rich.table import Table

        from deploy.settings import Settings
        from streams.pipeline_bench import run_pipeline_bench

        err = Console(stderr=True)
        figures = run_pipeline_bench(Settings(), events=events, workers=workers, seed=seed, samples=samples,
                                     workdir=workdir, keep=keep, progress=lambda text: err.print(f"[dim]{text}[/dim]"))
        if as_json:
            typer.echo(json.dumps(asdict(figures)))
            return
        table = Table(title=f"Pipeline: {figures.events} events, {figures.workers} worker(s)")
        table.add_column("figure")
        table.add_column("value", justify="right")
        table.add_row("sustained events/s", f"{figures.events_per_s:,.1f}  ({figures.seconds:.1f} s)")
        for name, value in figures.latency_ms.items():
            table.add_row(f"produce->searchable {name}", f"{value:,.0f} ms")
        table.add_row("latency samples", str(figures.latency_samples))
        for name, mb in figures.peak_rss_mb.items():
            table.add_row(f"peak RSS {name}", f"{mb:,.0f} MiB")
        for name, seconds in figures.cpu_s.items():
            table.add_row(f"CPU s {name} (throughput phase)", f"{seconds:,.1f}")
        for name, count in figures.work.items():
            table.add_row(f"{name} per event", f"{count:,.2f}")
        table.add_row("entities", f"{figures.entities:,}")
        table.add_row("dead letters", str(figures.dead_letters))
        Console().print(table)
