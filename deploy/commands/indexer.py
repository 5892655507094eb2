"""``enlace indexer``: index the entities topic into Elasticsearch until SIGINT/SIGTERM."""

from __future__ import annotations

import json
import sys

import typer

from deploy.logs import LogFormat


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("indexer")(indexer)


def indexer(
    batch_size: int = typer.Option(2000, "--batch-size", min=1,
                                   help="Most messages per poll and bulk round (one action per entity per batch)."),
    item_retries: int = typer.Option(3, "--item-retries", min=0, help="Retries of refused items before dead-lettering."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON line per batch on stdout."),
    loglevel: str = typer.Option("info", help="Log level (logs go to stderr)."),
    log_format: LogFormat = typer.Option(LogFormat.TEXT, "--log-format", envvar="ENLACE_LOG_FORMAT",
                                         help="text (for people) or json (one object per line, for log pipelines)."),
) -> None:
    """Run the indexer: <prefix>entities -> alias <index_prefix>-entities, offsets committed after indexing.

    Serves /metrics, /health/live and /health/ready on ENLACE_INDEXER__METRICS_PORT (default 6067).
    """
    import logging
    import logging.config
    import signal
    import threading
    import time

    from rich.console import Console
    from rich.logging import RichHandler

    from consumers.indexer import BatchReport, IndexerOptions, run_indexer
    from deploy import health, metrics
    from deploy.logs import logging_config, secrets_of
    from deploy.runtime import tune_collector
    from deploy.settings import Settings

    tune_collector()

    err = Console(stderr=True)
    settings = Settings()
    config = logging_config(log_format, loglevel, secrets_of(settings), component="indexer")
    if config is None:
        logging.basicConfig(level=loglevel.upper(), handlers=[RichHandler(console=err, show_path=False)],
                            format="%(message)s")
    else:
        logging.config.dictConfig(config)
    for noisy in ("elasticsearch", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    totals = {"batches": 0, "messages": 0, "done": 0, "stale": 0, "superseded": 0, "dead_letters": 0}

    def on_batch(report: BatchReport) -> None:
        line = {"messages": report.messages, "done": report.done, "stale": report.stale,
                "superseded": report.superseded, "dead_letters": len(report.dead_letters),
                "committed": {f"{t}[{p}]": o for (t, p), o in sorted(report.committed.items())}}
        if report.trigger_produced_at_ms:  # agency event produced -> indexed (searchable within the refresh interval)
            line["max_latency_ms"] = int(time.time() * 1000) - min(report.trigger_produced_at_ms)
        totals["batches"] += 1
        for key in ("messages", "done", "stale", "superseded", "dead_letters"):
            totals[key] += int(line[key])  # type: ignore[call-overload]
        if json_output:
            sys.stdout.write(json.dumps(line) + "\n")
            sys.stdout.flush()

    from streams.topology import topology

    from consumers.mappings import index_name
    from deploy.status import redacted_url

    if config is None:
        err.print(f"indexing [bold]{topology(settings).entities}[/] into [bold]{index_name(settings)}[/]"
                  f" (search reads [bold]{settings.elastic.entities_alias}[/])"
                  f" at {redacted_url(settings.elastic.url)} (Ctrl-C to stop)")
    ready = health.indexer_health(settings)
    threading.Thread(target=metrics.export_lag, args=(settings, settings.indexer.lag_interval, stop),
                     name="lag-metrics", daemon=True).start()
    with health.serving(ready, settings.indexer.metrics_bind, settings.indexer.metrics_port):
        run_indexer(settings, stop, IndexerOptions(batch_size=batch_size, item_retries=item_retries), on_batch,
                    on_assign=lambda _partitions: ready.flags.update(assigned=True))
    summary = "stopped: " + ", ".join(f"{k}={v}" for k, v in totals.items())
    if config is None:
        err.print(summary)
    else:
        logging.getLogger("enlace.indexer").info("%s", summary)
