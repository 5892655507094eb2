"""``enlace schemas``: the event schemas' fingerprints and compatibility; ``enlace bench codec``: codec speed."""

from __future__ import annotations

import json
import sys

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("schemas")(schemas)
    bench.command("codec")(bench_codec)


def schemas(json_output: bool = typer.Option(False, "--json", help="One JSON line per (event type, release).")) -> None:
    """Check every current schema against every released one (backward and forward); exit 1 on a problem."""
    from rich.console import Console
    from rich.table import Table

    from schemas.compat import check_releases

    rows = check_releases()
    if json_output:
        for row in rows:
            sys.stdout.write(json.dumps(row) + "\n")
    else:
        table = Table(title="enlace schemas")
        for column in ("event type", "schema", "fingerprint", "release", "backward", "forward"):
            table.add_column(column)
        for row in rows:
            verdict = {k: "ok" if not row[k] else "[red]" + "; ".join(row[k]) + "[/]" for k in ("backward", "forward")}
            same = " (same)" if row["same_as_release"] else ""
            table.add_row(row["event_type"], row["schema"], row["fingerprint"], row["release"] + same,
                          verdict["backward"], verdict["forward"])
        Console().print(table)
    if any(row["backward"] or row["forward"] for row in rows):
        raise typer.Exit(1)


def bench_codec(
    events: int = typer.Option(5000, "--events", "-n", help="Simulated events to push through."),
    registry: bool = typer.Option(False, "--registry", help="Use Schema Registry framing (mock:// unless ENLACE_REGISTRY__URL is set)."),
    json_output: bool = typer.Option(False, "--json", help="Print the figures as one JSON line."),
) -> None:
    """Encode/decode/validate/extract throughput of the event codec on simulated events (pure CPU, no Kafka)."""
    from rich.console import Console
    from rich.table import Table

    from deploy.settings import RegistrySettings, Settings
    from producers.simulator.scenario import simulate_events
    from schemas.codec import make_codec
    from schemas.throughput import measure

    settings = Settings()
    if registry and not settings.registry.url:
        settings = settings.model_copy(update={"registry": RegistrySettings(url="mock://bench")})
    sample = [sim.event for sim in simulate_events(events, seed=1)]
    figures = {"wire": "registry" if settings.registry.url else "single-object", **measure(make_codec(settings), sample)}
    if json_output:
        sys.stdout.write(json.dumps(figures) + "\n")
        return
    table = Table(title="enlace bench codec")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, f"{value:,.0f}" if isinstance(value, float) else str(value))
    Console().print(table)
