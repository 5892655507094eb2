"""``enlace worker``: run one stream worker (ingest + fusion) until SIGTERM/SIGINT."""

from __future__ import annotations

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command()
    def worker(
        loglevel: str = typer.Option("info", help="Faust/mode log level (logs go to stderr)."),
    ) -> None:
        """Run a stream worker: agency events -> dead letters | deduplicated, fused entities."""
        from deploy.settings import Settings
        from streams.app import run_worker

        run_worker(Settings(), loglevel=loglevel)
