"""``enlace audit``: who searched, viewed, exported or judged what, and when (newest first)."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    user: Optional[str] = typer.Option(None, "--user", "-u", help="Only this user's calls."),
    since: Optional[str] = typer.Option(None, help="Only calls at or after this time (ISO, or e.g. now-1h)."),
    action: Optional[str] = typer.Option(None, help="search, profile, export or judgement."),
    size: int = typer.Option(50, "--size", "-n", min=1, max=10_000, help="How many entries."),
    json_output: bool = typer.Option(False, "--json", help="One JSON line per entry."),
) -> None:
    """Query the audit index."""
    from rich.console import Console
    from rich.table import Table

    from consumers.audit import ACTIONS, audit_entries
    from deploy.settings import Settings

    if action is not None and action not in ACTIONS:
        raise typer.BadParameter(f"action must be one of {', '.join(ACTIONS)}")
    entries = audit_entries(Settings(), user=user, since=since, action=action, size=size)
    if json_output:
        for item in entries:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        return
    table = Table("at", "user", "agency", "action", "query", "results", title="enlace audit")
    for item in entries:
        ids = item.get("result_ids") or []
        shown = ", ".join(ids[:3]) + (f" (+{len(ids) - 3})" if len(ids) > 3 else "")
        table.add_row(item["at"], item["user"], item["agency"], item["action"], item.get("query_text") or "",
                      f"{item.get('result_count', len(ids))}: {shown}" if ids else str(item.get("result_count", 0)))
    Console().print(table)
    if not entries:
        Console(stderr=True).print("no audit entries")
