"""``enlace search QUERY``: find fused persons, vehicles and firearms (misspellings and fragments forgiven)."""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("search")(search)


def _identifiers(hit: dict[str, Any], limit: int = 3) -> str:
    values = list(hit.get("identifiers") or [])
    return ", ".join(values[:limit]) + (f" (+{len(values) - limit})" if len(values) > limit else "")


def search(
    query: str = typer.Argument(..., help="Name, identifier, plate, VIN or serial (or a fragment of one)."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="person, vehicle or firearm."),
    size: int = typer.Option(10, "--size", "-n", min=1, max=1000, help="How many hits."),
    json_output: bool = typer.Option(False, "--json", help="One JSON line per hit (the entity document + _score)."),
) -> None:
    """Search the entities index; best matches first."""
    from rich.console import Console
    from rich.table import Table

    from consumers.search import search_entities
    from deploy.settings import Settings

    settings = Settings()
    try:
        hits = search_entities(settings, query, kind=kind, size=size)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    if json_output:
        for hit in hits:
            sys.stdout.write(json.dumps(hit, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"enlace search {query!r}" + (f" ({kind})" if kind else ""))
    for column in ("entity id", "kind", "display name", "agencies", "identifiers", "score"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for hit in hits:
        table.add_row(str(hit.get("entity_id")), str(hit.get("kind")), str(hit.get("display_name") or ""),
                      ", ".join(hit.get("agencies") or []), _identifiers(hit), f"{hit.get('_score') or 0:.2f}")
    Console().print(table)
    if not hits:
        Console(stderr=True).print("no matches")
