"""The ``enlace`` command: one group, each subcommand a thin shell over one library function.

Subcommands live in ``deploy/commands/<name>.py``; each module exposes
``register(app, bench)`` and keeps heavy imports (faust, kafka, elasticsearch)
inside the command body so ``enlace --help`` stays fast.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES: tuple[str, ...] = (
    # Each entry is a module in deploy/commands/ exposing register(app, bench).
    "resolve",
    "bench_resolve",
    "publish",
    "simulate",
    "stack",
    "worker",
    "indexer",
    "search",
    "bench_pipeline",
    "schemas",
    "demo",
    "judge",
    "retract",
    "replay",
    "lag",
    "status",
    "export",
    "dlq",
    "serve",
    "audit",
)

app = typer.Typer(
    name="enlace",
    help="Enlace: fuse agency events into searchable persons, vehicles and firearms.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
bench = typer.Typer(help="Benchmarks that print figures (events/s, latency percentiles, RSS).", no_args_is_help=True)
app.add_typer(bench, name="bench")

for _name in COMMAND_MODULES:
    importlib.import_module(f"deploy.commands.{_name}").register(app, bench)


def main() -> None:
    app()
