"""``enlace lag``: per pipeline stage, its consumer group's lag (end offsets minus committed offsets)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType

    from deploy.lag import PartitionLag
    from deploy.settings import Settings

ALWAYS_PRESENT = ("ingest", "resolve", "index")
"""Stages whose input topics exist once the stream has been set up; until then the lag is unknown."""


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command("lag")
    def lag(
        json_output: bool = typer.Option(False, "--json", help="One JSON line per reading instead of a table."),
        watch: float = typer.Option(0.0, "--watch", min=0.0, metavar="SECONDS",
                                    help="Read again every SECONDS until Ctrl-C (0: once)."),
    ) -> None:
        """Lag per stage (ingest, judgements, resolve, index) and topic; "pipeline lag: 0" means all caught up.

        Exit code 1 when Kafka cannot report offsets yet (e.g. a group coordinator still loading).
        """
        from deploy.settings import Settings

        settings = Settings()
        if not watch:
            try:
                reading = read(settings)
            except Unavailable as exc:
                typer.echo(str(exc), err=True)
                raise typer.Exit(1) from exc
            _show(reading, json_output)
            return
        _watch(settings, watch, json_output)


class Unavailable(Exception):
    """Why no reading could be taken (printed as one line)."""


def read(settings: Settings) -> dict[str, Any]:
    """One reading of every stage's lag, as the report ``_show`` prints; ``Unavailable`` if Kafka can't tell."""
    from confluent_kafka import KafkaException

    from deploy.lag import LagUnavailable, stage_lags

    try:
        return report(stage_lags(settings))
    except LagUnavailable as exc:
        raise Unavailable(f"lag unavailable: {exc} (Kafka is still starting; ask again)") from exc
    except KafkaException as exc:
        raise Unavailable(f"lag unavailable: Kafka at {settings.kafka.bootstrap_servers} did not answer ({exc})") from exc


def report(stages: Mapping[str, list[PartitionLag]]) -> dict[str, Any]:
    """Per stage its group, total lag and per-topic breakdown; ``pipeline_lag`` is None while topics are missing."""
    out: list[dict[str, Any]] = []
    for stage, rows in stages.items():
        topics: dict[str, dict[str, Any]] = {}
        for row in rows:
            topic = topics.setdefault(row.topic, {"topic": row.topic, "lag": 0, "partitions": 0, "committed": 0})
            topic["lag"] += row.lag
            topic["partitions"] += 1
            topic["committed"] += row.committed is not None
        out.append({"stage": stage, "group": rows[0].group if rows else None, "lag": sum(r.lag for r in rows),
                    "topics": list(topics.values())})
    known = all(stages.get(stage) for stage in ALWAYS_PRESENT)
    total = sum(stage["lag"] for stage in out) if known else None
    return {"pipeline_lag": total, "caught_up": total == 0, "stages": out}


def verdict(reading: Mapping[str, Any]) -> str:
    total = reading["pipeline_lag"]
    if total is None:
        return "pipeline lag: unknown (the stream's topics do not exist yet)"
    return "pipeline lag: 0 (all caught up)" if total == 0 else f"pipeline lag: {total:,}"


def table(reading: Mapping[str, Any]) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table(title="enlace lag")
    grid.add_column("stage", no_wrap=True)
    grid.add_column("group", overflow="fold")
    grid.add_column("topic", overflow="fold")
    grid.add_column("committed", justify="right", no_wrap=True)
    grid.add_column("lag", justify="right", no_wrap=True)
    for stage in reading["stages"]:
        if not stage["topics"]:
            grid.add_row(stage["stage"], stage["group"] or "", "[dim]no topic yet[/]", "", "")
        for i, topic in enumerate(stage["topics"]):
            grid.add_row(stage["stage"] if i == 0 else "", stage["group"] if i == 0 else "", topic["topic"],
                         f"{topic['committed']}/{topic['partitions']}", f"{topic['lag']:,}")
        if len(stage["topics"]) > 1:
            grid.add_row("", "", "[b]total[/]", "", f"[b]{stage['lag']:,}[/]")
        grid.add_section()
    style = "green" if reading["caught_up"] else "yellow"
    return Group(grid, Text(verdict(reading), style=f"bold {style}"))


def _show(reading: Mapping[str, Any], json_output: bool) -> None:
    from rich.console import Console

    if json_output:
        sys.stdout.write(json.dumps(reading) + "\n")
        sys.stdout.flush()
    else:
        Console().print(table(reading))


def _watch(settings: Settings, every: float, json_output: bool) -> None:
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    live = None if json_output else Live(Text("reading lag..."), console=Console(), auto_refresh=False)
    try:
        if live is not None:
            live.start()
        while True:
            try:
                reading = read(settings)
            except Unavailable as exc:
                if live is not None:
                    live.update(Text(str(exc), style="yellow"), refresh=True)
                else:
                    sys.stderr.write(f"{exc}\n")
            else:
                if live is not None:
                    live.update(table(reading), refresh=True)
                else:
                    _show(reading, json_output=True)
            time.sleep(every)  # the watch interval the user asked for
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.stop()
            if not live.console.is_terminal:
                live.console.line()  # Live leaves its last frame without a newline outside a terminal
