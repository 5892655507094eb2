"""``enlace lag``: per stage, agency feed and partition, how far behind the pipeline is, and a monitoring check."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

import typer

from deploy.lagreport import CHECK_FAILED, age_text, breach, report, verdict

if TYPE_CHECKING:
    from rich.console import RenderableType

    from deploy.settings import Settings

__all__ = ["register", "read", "report", "table", "verdict"]


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command("lag")
    def lag(
        json_output: bool = typer.Option(False, "--json", help="One JSON line per reading instead of tables."),
        watch: float = typer.Option(0.0, "--watch", min=0.0, metavar="SECONDS",
                                    help="Read again every SECONDS until Ctrl-C (0: once)."),
        partitions: bool = typer.Option(False, "--partitions", "-p",
                                        help="Also show every partition: committed offset, end offset, lag, age."),
        max_lag: Optional[int] = typer.Option(None, "--max-lag", min=0, metavar="N",
                                              help="Check: fail (exit 2) when the pipeline lag exceeds N messages."),
        max_seconds: Optional[float] = typer.Option(
            None, "--max-seconds", min=0.0, metavar="S",
            help="Check: fail (exit 2) when the oldest unprocessed message is older than S seconds."),
    ) -> None:
        """Lag per stage, agency feed and partition: messages behind and age of the oldest unprocessed message.

        Read from Kafka alone (each group's committed offsets against end offsets, and the timestamp of the
        message at the committed offset), so it is right with any number of workers and after rebalances.
        "pipeline lag: 0" means all caught up.

        Exit codes: 0 OK; 1 Kafka cannot report offsets yet (e.g. a group coordinator still loading);
        2 a --max-lag / --max-seconds threshold is exceeded, or the lag is unknown because the stream's
        topics do not exist yet (the reason is one line on stderr). With --watch the check is printed on
        every reading instead.
        """
        from deploy.settings import Settings

        settings = Settings()
        if watch:
            _watch(settings, watch, json_output, partitions, max_lag, max_seconds)
            return
        try:
            reading = read(settings)
        except Unavailable as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from exc
        reason = breach(reading, max_lag, max_seconds)
        _show(_with_check(reading, reason, max_lag, max_seconds), json_output, partitions)
        if reason is not None:
            typer.echo(f"lag check failed: {reason}", err=True)
            raise typer.Exit(CHECK_FAILED)


class Unavailable(Exception):
    """Why no reading could be taken (printed as one line)."""


def read(settings: Settings) -> dict[str, Any]:
    """One reading of every stage's lag, as ``deploy.lagreport.report`` builds it; ``Unavailable`` if Kafka can't tell."""
    from confluent_kafka import KafkaException

    from deploy import lag
    from deploy.settings import AGENCIES

    feeds = {settings.kafka.agency_topic(a): a for a in AGENCIES}
    try:
        stages = lag.stage_lags(settings, ages=True)
        latest = lag.latest_timestamps(settings, list(feeds))
    except lag.LagUnavailable as exc:
        raise Unavailable(f"lag unavailable: {exc} (Kafka is still starting; ask again)") from exc
    except KafkaException as exc:
        raise Unavailable(f"lag unavailable: Kafka at {settings.kafka.bootstrap_servers} did not answer ({exc})") from exc
    return report(stages, feeds=feeds, latest=latest)


def _with_check(reading: dict[str, Any], reason: str | None, max_lag: int | None,
                max_seconds: float | None) -> dict[str, Any]:
    if max_lag is None and max_seconds is None:
        return reading
    return {**reading, "check": {"ok": reason is None, "reason": reason, "max_lag": max_lag, "max_seconds": max_seconds}}


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def table(reading: Mapping[str, Any], partitions: bool = False) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table(title="enlace lag")
    grid.add_column("stage", no_wrap=True)
    grid.add_column("group", overflow="fold")
    grid.add_column("topic", overflow="fold")
    grid.add_column("committed", justify="right", no_wrap=True)
    grid.add_column("lag", justify="right", no_wrap=True)
    grid.add_column("oldest", justify="right", no_wrap=True)
    for stage in reading["stages"]:
        if not stage["topics"]:
            grid.add_row(stage["stage"], stage["group"] or "", "[dim]no topic yet[/]", "", "", "")
        for i, topic in enumerate(stage["topics"]):
            grid.add_row(stage["stage"] if i == 0 else "", stage["group"] if i == 0 else "", topic["topic"],
                         f"{topic['committed']}/{topic['partitions']}", f"{topic['lag']:,}",
                         age_text(topic["seconds"]) if topic["lag"] else "")
        if len(stage["topics"]) > 1:
            grid.add_row("", "", "[b]total[/]", "", f"[b]{stage['lag']:,}[/]",
                         age_text(stage["seconds"]) if stage["lag"] else "")
        grid.add_section()
    parts: list[RenderableType] = [grid]
    if reading.get("feeds"):
        feeds = Table(title="agency feeds (ingest)")
        for name, justify in (("agency", "left"), ("lag", "right"), ("oldest unprocessed", "right"),
                              ("newest message", "right")):
            feeds.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for feed in reading["feeds"]:
            last = feed["last_message_seconds"]
            feeds.add_row(feed["agency"], _n(feed["lag"]), age_text(feed["seconds"]) if feed["lag"] else "",
                          "[dim]empty[/]" if last is None else f"{age_text(last)} ago")
        parts.append(feeds)
    if partitions:
        rows = Table(title="partitions")
        for name in ("stage", "group", "topic", "partition", "committed", "end", "lag", "oldest"):
            rows.add_column(name, justify="left" if name in ("stage", "group", "topic") else "right",
                            overflow="fold")
        for row in reading["partitions"]:
            committed = "[dim]none[/]" if row["committed"] is None else f"{row['committed']:,}"
            rows.add_row(row["stage"], row["group"], row["topic"], str(row["partition"]), committed,
                         f"{row['end']:,}", f"{row['lag']:,}", age_text(row["seconds"]) if row["lag"] else "")
        parts.append(rows)
    check = reading.get("check")
    if check and not check["ok"]:
        parts.append(Text(f"check failed: {check['reason']}", style="bold red"))
    style = "green" if reading["caught_up"] else "yellow"
    parts.append(Text(verdict(reading), style=f"bold {style}"))
    return Group(*parts)


def _show(reading: Mapping[str, Any], json_output: bool, partitions: bool = False) -> None:
    from rich.console import Console

    if json_output:
        sys.stdout.write(json.dumps(reading) + "\n")
        sys.stdout.flush()
    else:
        Console().print(table(reading, partitions))


def _watch(settings: Settings, every: float, json_output: bool, partitions: bool,
           max_lag: int | None, max_seconds: float | None) -> None:
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
                reason = breach(reading, max_lag, max_seconds)
                reading = _with_check(reading, reason, max_lag, max_seconds)
                if live is not None:
                    live.update(table(reading, partitions), refresh=True)
                else:
                    _show(reading, json_output=True)
                    if reason is not None:
                        sys.stderr.write(f"lag check failed: {reason}\n")
            time.sleep(every)  # the watch interval the user asked for
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.stop()
            if not live.console.is_terminal:
                live.console.line()  # Live leaves its last frame without a newline outside a terminal
