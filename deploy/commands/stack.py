"""``enlace stack up|down|status``: the Docker-free local Kafka and Elasticsearch."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from collections.abc import Callable

    from deploy.stack import StackStatus

stack_app = typer.Typer(help="The local Kafka + Elasticsearch stack (Maven Central jars, no Docker).",
                        no_args_is_help=True)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(stack_app, name="stack")


JSON_OPTION = typer.Option(False, "--json", help="Print one JSON line instead of a table.")


@stack_app.command("up")
def up_command(json_output: bool = JSON_OPTION) -> None:
    """Fetch jars once, start what is not running, wait until Kafka and Elasticsearch answer."""
    from rich.console import Console

    from deploy import stack
    from deploy.settings import Settings

    with Console(stderr=True).status("starting Kafka and Elasticsearch (first run downloads jars)..."):
        result = _run(lambda: stack.up(Settings()))
    _show(result, json_output)


@stack_app.command("down")
def down_command(json_output: bool = JSON_OPTION) -> None:
    """Stop the services that "enlace stack up" started (SIGTERM, then SIGKILL after a deadline)."""
    from deploy import stack
    from deploy.settings import Settings

    _show(_run(lambda: stack.down(Settings())), json_output)


@stack_app.command("status")
def status_command(json_output: bool = JSON_OPTION) -> None:
    """Pid, port and whether each service answers; exit code 1 unless all answer."""
    from deploy import stack
    from deploy.settings import Settings

    result = stack.status(Settings())
    _show(result, json_output)
    if not result.running:
        raise typer.Exit(1)


def _run(action: Callable[[], StackStatus]) -> StackStatus:
    from deploy.stack import StackError

    try:
        return action()
    except StackError as exc:
        typer.echo(f"enlace stack: {exc}", err=True)
        raise typer.Exit(1) from exc


def _show(result: StackStatus, json_output: bool) -> None:
    if json_output:
        sys.stdout.write(json.dumps(result.to_dict()) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"enlace stack ({result.home})")
    for column in ("service", "pid", "port", "answering", "version", "log"):
        table.add_column(column)
    for service in result.services:
        answering = "[green]yes[/]" if service.answering else "[red]no[/]"
        pid = str(service.pid) if service.pid else ("external" if service.external else "-")
        table.add_row(service.name, pid, str(service.port), answering, service.version or "", str(service.log))
    Console().print(table)
