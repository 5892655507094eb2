"""``enlace worker``: run one stream worker (ingest + fusion) until SIGTERM/SIGINT."""

from __future__ import annotations

import typer

from deploy.logs import LogFormat


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command()
    def worker(
        loglevel: str = typer.Option("info", help="Faust/mode log level (logs go to stderr)."),
        log_format: LogFormat = typer.Option(LogFormat.TEXT, "--log-format", envvar="ENLACE_LOG_FORMAT",
                                              help="text (for people) or json (one object per line, for log pipelines)."),
    ) -> None:
        """Run a stream worker: agency events -> dead letters | deduplicated, fused entities.

        Serves /metrics, /health/live and /health/ready on ENLACE_STREAM__WEB_PORT (default 6066).
        """
        from deploy.runtime import tune_collector
        from deploy.settings import Settings
        from streams.app import run_worker

        tune_collector()
        run_worker(Settings(), loglevel=loglevel, log_format=log_format.value)
