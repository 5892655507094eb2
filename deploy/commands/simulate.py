"""``enlace simulate``: publish the simulator's cross-agency event stream at a steady rate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("simulate")(simulate)
    app.command("dataset")(dataset)


def dataset(
    records: int = typer.Option(20_000, "--records", "-n", min=1, help="How many canonical records."),
    seed: int = typer.Option(0, "--seed", help="Simulator seed."),
    out: Path = typer.Option(Path("records.jsonl"), "--out", "-o", help="Canonical records, JSON lines."),
    truth_out: Path = typer.Option(Path("truth.jsonl"), "--truth-out", help="record_id -> true entity id (+ errors made)."),
    no_shuffle: bool = typer.Option(False, "--no-shuffle", help="Keep records in generation (report) order."),
) -> None:
    """Write labelled canonical records (for `enlace resolve` and `enlace publish`) and their ground truth."""
    from rich.console import Console

    from producers.simulator import generate_dataset, write_jsonl

    data = generate_dataset(records, seed=seed, shuffle=not no_shuffle)
    write_jsonl(data, out, truth_out)
    entities = len(set(data.truth.values()))
    Console(stderr=True).print(f"wrote {len(data.records)} records of {entities} true entities to {out}; truth to {truth_out}")


def simulate(
    events: int = typer.Option(1000, "--events", "-n", min=1, help="How many events to publish."),
    rate: float = typer.Option(0.0, "--rate", min=0.0, help="Events per second; 0 = as fast as possible."),
    seed: int = typer.Option(0, "--seed", help="Simulator seed: same seed, same events."),
    truth_out: Optional[Path] = typer.Option(None, "--truth-out", help="Write each record's true entity as JSON lines."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as one JSON line."),
) -> None:
    """Publish simulated incidents and their follow-ups across the agencies, with ground truth on request."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    from deploy.settings import Settings
    from producers.admin import agency_topic_specs, ensure_topics
    from producers.publishing import simulate as run

    settings = Settings()
    err = Console(stderr=True)
    ensure_topics(settings, agency_topic_specs(settings))
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as progress:
        task = progress.add_task("simulating", total=events)
        report = run(settings, events=events, rate=rate, seed=seed, truth_out=truth_out,
                     on_progress=lambda n: progress.advance(task, n))
    summary = {"events": report.events, "records": report.records, "seconds": round(report.seconds, 3),
               "events_per_s": round(report.rate, 1), "delivery_failures": len(report.delivery_failures),
               "truth_out": str(truth_out) if truth_out else None}
    if json_output:
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        err.print(f"published {report.events} events ({report.records} records) in {report.seconds:.1f}s "
                  f"= {report.rate:.0f} events/s")
    for failure in report.delivery_failures[:20]:
        err.print(f"[red]delivery failed: {failure}[/]")
    if report.delivery_failures:
        raise typer.Exit(1)
