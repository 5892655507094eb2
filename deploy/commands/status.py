"""``enlace status``: stack, workers, lag, dead letters and index freshness on one screen (``--json`` for machines)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command("status")
    def status(
        json_output: bool = typer.Option(False, "--json", help="One JSON object instead of the tables."),
        timeout: float = typer.Option(5.0, "--timeout", min=0.5, help="Seconds to wait for each answer."),
    ) -> None:
        """One screen for the on-call engineer; exit code 1 when something needs action (listed under problems)."""
        from deploy.settings import Settings
        from deploy.status import gather

        reading = gather(Settings(), timeout)
        if json_output:
            sys.stdout.write(json.dumps(reading) + "\n")
        else:
            from rich.console import Console

            Console().print(screen(reading))
        if reading["problems"]:
            raise typer.Exit(1)


def _yes(ok: bool) -> str:
    return "[green]yes[/]" if ok else "[red]no[/]"


def screen(reading: Mapping[str, Any]) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    kafka, elastic = reading["kafka"], reading["elasticsearch"]
    stack = Table(title="stack", show_header=True)
    for column in ("service", "address", "answers", "details"):
        stack.add_column(column, overflow="fold")
    stack.add_row("Kafka", kafka["bootstrap_servers"], _yes(kafka["reachable"]),
                  kafka.get("error") or f"{kafka.get('brokers')} broker(s), cluster {kafka.get('cluster_id')}")
    stack.add_row("Elasticsearch", elastic["url"], _yes(elastic["reachable"]),
                  elastic.get("error") or f"version {elastic.get('version')}, health {elastic.get('health')}")
    parts: list[RenderableType] = [stack]

    groups = reading.get("groups") or {}
    if groups:
        workers = Table(title="workers (consumer group members)")
        for column in ("role", "group", "state", "members"):
            workers.add_column(column, overflow="fold")
        for role, group in groups.items():
            members = ", ".join(f"{m['host']} ({m['partitions']} partitions)" for m in group["members"]) or "[red]none[/]"
            workers.add_row(role, group["group"], group["state"], members)
        parts.append(workers)

    lag = reading.get("lag") or {}
    if lag:
        table = Table(title="lag (messages)")
        table.add_column("stage")
        table.add_column("lag", justify="right")
        if "error" in lag:
            table.add_row("all", f"[yellow]unknown: {lag['error']}[/]")
        for stage, row in lag.items():
            if stage != "error":
                table.add_row(stage, f"{row['lag']:,}" if row["partitions"] else "[dim]no topic yet[/]")
        parts.append(table)

    extra = Table(title="dead letters and index", show_header=False)
    extra.add_column("what")
    extra.add_column("value", overflow="fold")
    for topic, count in (reading.get("dead_letters") or {}).items():
        extra.add_row(f"dead letters in {topic}", "[dim]no topic yet[/]" if count is None else f"{count:,}")
    index = elastic.get("index")
    if index is not None:
        if index["exists"]:
            age = index.get("newest_age_seconds")
            extra.add_row(f"documents under {index['alias']}", f"{index['documents']:,} in {', '.join(index['indices'])}")
            ago = "" if age is None else f" ({age:,.0f} s ago)"
            extra.add_row("newest document", f"{index.get('newest') or '-'}{ago}")
        else:
            extra.add_row(f"alias {index['alias']}", "[red]missing[/]")
    parts.append(extra)

    found = reading["problems"]
    parts.append(Text("problems: " + "; ".join(found), style="bold red") if found else Text("all well", style="bold green"))
    return Group(*parts)
