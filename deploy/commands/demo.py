"""``enlace demo``: the main job end to end on the local stack."""

from __future__ import annotations

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    events: int = typer.Option(3000, "--events", "-n", min=10, help="Simulated agency events to publish."),
    seed: int = typer.Option(7, "--seed", help="Simulator seed: the same seed replays the same events."),
    timeout: float = typer.Option(600.0, "--timeout", help="Seconds to wait for the pipeline to catch up."),
) -> None:
    """Start the stack, simulate several agencies, fuse, index, then search for a fused person."""
    import json

    from rich.console import Console
    from rich.table import Table

    from deploy.demo import run_demo
    from deploy.settings import Settings

    console = Console()
    result = run_demo(Settings(), events=events, seed=seed, timeout=timeout, say=console.print)
    entity = result.entity
    console.print(f"\n[bold]{result.entities}[/] fused entities indexed from {result.events} events.")
    console.print(f"Analyst searches [bold]{result.search_query!r}[/] (misspelt) and finds:")
    hits = Table("entity", "kind", "name", "agencies", "score")
    for hit in result.hits:
        hits.add_row(hit["entity_id"], hit["kind"], hit["display_name"], ", ".join(hit["agencies"]), f"{hit['_score']:.1f}")
    console.print(hits)
    records = Table("agency", "event type", "record", "role", title=f"{entity['display_name']} ({entity['entity_id']}): one person, {len(entity['agencies'])} agencies")
    shown = 15
    for record in entity["records"][:shown]:
        records.add_row(record["agency"], record["event_type"], record["record_id"], record.get("role") or "")
    if len(entity["records"]) > shown:
        records.add_row("…", f"and {len(entity['records']) - shown} more records", "", "")
    console.print(records)
    console.print(result.truth.sentence(len(entity["records"])))
    links = Table("link", "entity", "name", "asserted by", title="Linked entities (looked up when read)")
    for link in result.linked[:12]:
        arrow = f"{link['rel']} →" if link["direction"] == "out" else f"← {link['rel']}"
        links.add_row(arrow, str(link.get("entity_id") or "(not indexed yet)"), str(link.get("display_name") or ""),
                      ", ".join(link.get("asserted_by") or []))
    console.print(links)
    console.print_json(json.dumps({k: entity[k] for k in ("entity_id", "display_name", "agencies", "identifiers", "version")}))
    console.print("The stack keeps running for `enlace search QUERY`; stop it with `enlace stack down`.")
