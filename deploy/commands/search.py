"""``enlace search QUERY``: find fused persons, vehicles and firearms (misspellings and fragments forgiven).

``enlace search --entity ID`` shows one entity, its records and the entities it is linked to.
"""

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


def _show_entity(view: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    note = f" (merged from {view['redirected_from']})" if view.get("redirected_from") else ""
    console.print(f"[bold]{view.get('display_name')}[/] {view['entity_id']} ({view.get('kind')}, version "
                  f"{view.get('version')}){note}; agencies: {', '.join(view.get('agencies') or [])}")
    records = Table("record", "agency", "event type", "role", title="Records")
    for record in view.get("records") or []:
        records.add_row(str(record.get("record_key")), str(record.get("agency") or ""),
                        str(record.get("event_type") or ""), str(record.get("role") or ""))
    console.print(records)
    linked = Table("direction", "link", "entity", "kind", "name", "records", "asserted by", title="Linked entities")
    for entry in view.get("linked") or []:
        linked.add_row(entry["direction"], entry["rel"], entry["entity_id"] or "(not indexed)", entry["kind"] or "",
                       entry["display_name"] or "", ", ".join(entry["records"]), ", ".join(entry["asserted_by"]))
    console.print(linked)


def search(
    query: Optional[str] = typer.Argument(None, help="Name, identifier, plate, VIN or serial (or a fragment of one)."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="person, vehicle or firearm."),
    size: int = typer.Option(10, "--size", "-n", min=1, max=1000, help="How many hits."),
    entity: Optional[str] = typer.Option(None, "--entity", "-e", help="Show this entity (merged-away ids followed) and its links."),
    json_output: bool = typer.Option(False, "--json", help="One JSON line per hit (the entity document + _score)."),
) -> None:
    """Search the entities index; best matches first. With --entity, show one entity and its linked entities."""
    from rich.console import Console
    from rich.table import Table

    from consumers.search import entity_view, search_entities
    from deploy.settings import Settings

    settings = Settings()
    if (query is None) == (entity is None):
        raise typer.BadParameter("give a QUERY or --entity ID (not both)")
    if entity is not None:
        view = entity_view(settings, entity)
        if view is None:
            Console(stderr=True).print(f"no entity {entity}")
            raise typer.Exit(1)
        if json_output:
            sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
        else:
            _show_entity(view)
        return
    assert query is not None
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
