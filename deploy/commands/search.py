"""``enlace search QUERY``: the API's search from the command line, as a user, audited like the API.

``enlace search --entity ID`` shows one entity as the user may see it: records, links, timeline.
Both need an identity: ``--as USER`` (a user of the users file) or ``--api-key KEY``.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("search")(search)
    bench.command("search")(bench_search)


def bench_search(
    entities: int = typer.Option(100_000, help="Fused entities the bench index must hold (built once, then reused)."),
    samples: int = typer.Option(300, help="Timed searches of each kind."),
    seed: int = typer.Option(0, help="Simulator and sampling seed."),
    rebuild: bool = typer.Option(False, help="Rebuild the bench index even if it is big enough."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line instead of a table."),
) -> None:
    """Name and identifier-fragment search p50/p95/p99 through the API over HTTP, on >= 100,000 entities."""
    from dataclasses import asdict

    from rich.console import Console
    from rich.table import Table

    from consumers.search_bench import run_search_bench
    from deploy.settings import Settings

    err = Console(stderr=True)
    figures = run_search_bench(Settings(), entities=entities, samples=samples, seed=seed, rebuild=rebuild,
                               progress=lambda text: err.print(f"[dim]{text}[/dim]"))
    if as_json:
        typer.echo(json.dumps(asdict(figures)))
        return
    table = Table(title=f"Search through the API: {figures.entities:,} entities, {figures.samples} queries each")
    table.add_column("search")
    for column in ("p50", "p95", "p99", "max"):
        table.add_column(f"{column} ms", justify="right")
    for label, ms in (("name (misspelt, reordered)", figures.name_ms), ("identifier fragment", figures.identifier_ms)):
        table.add_row(label, *(f"{ms[c]:,.1f}" for c in ("p50", "p95", "p99", "max")))
    Console().print(table)
    paging = figures.deep_paging
    err.print(f"deep paging: {paging['hits']:,} hits in {paging['pages']} pages ({paging['seconds']} s), "
              f"no repeats; index {'built in ' + str(figures.built_s) + ' s' if figures.built_s else 'reused'}")


def _identifiers(hit: dict[str, Any], limit: int = 3) -> str:
    values = list(hit.get("identifiers") or [])
    return ", ".join(values[:limit]) + (f" (+{len(values) - limit})" if len(values) > limit else "")


def _show_entity(view: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    note = f" (merged from {view['redirected_from']})" if view.get("redirected_from") else ""
    console.print(f"[bold]{view.get('display_name')}[/] {view['entity_id']} ({view.get('kind')}){note}; "
                  f"agencies: {', '.join(view.get('agencies') or [])}")
    if view.get("notice"):
        console.print(f"[yellow]{view['notice']['message']}[/]")
    records = Table("record", "agency", "event type", "occurred", "role", "handling", title="Records")
    for record in view.get("records") or []:
        records.add_row(*(str(record.get(k) or "") for k in ("record_key", "agency", "event_type", "occurred_at",
                                                               "role", "handling")))
    console.print(records)
    linked = Table("direction", "link", "entity", "kind", "name", "asserted by", title="Linked entities")
    for entry in view.get("linked") or []:
        linked.add_row(entry["direction"], entry["rel"], entry["entity_id"], entry["kind"] or "",
                       entry["display_name"] or "", ", ".join(entry["asserted_by"]))
    console.print(linked)
    events = Table("occurred", "event type", "agency", "roles", "records", title="Timeline")
    for event in view.get("timeline") or []:
        events.add_row(str(event["occurred_at"] or ""), str(event["event_type"] or ""), str(event["agency"] or ""),
                       ", ".join(event["roles"]), ", ".join(event["records"]))
    console.print(events)


def _show_hits(page: dict[str, Any], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in ("entity id", "kind", "display name", "why", "records", "agencies", "identifiers", "score"):
        table.add_column(column, justify="right" if column in ("score", "records") else "left")
    for hit in page["hits"]:
        table.add_row(str(hit["entity_id"]), str(hit["kind"]), str(hit["display_name"] or ""), hit["reason"],
                      str(hit["records"]) + (" +" if hit.get("notice") else ""), ", ".join(hit["agencies"]),
                      _identifiers(hit), f"{hit['score'] or 0:.2f}")
    Console().print(table)
    err = Console(stderr=True)
    err.print(f"{page['total']:,} matching entities" + (f"; next page: --cursor {page['next_cursor']}"
                                                       if page.get("next_cursor") else ""))


def search(
    query: Optional[str] = typer.Argument(None, help="Name, identifier, plate, VIN or serial (or part of one; ?/* in serials)."),
    as_user: Optional[str] = typer.Option(None, "--as", help="Search as this user of the users file."),
    api_key: Optional[str] = typer.Option(None, "--api-key", envvar="ENLACE_API_KEY", help="Search as this key's user."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="person, vehicle or firearm."),
    dob: Optional[str] = typer.Option(None, "--dob", help="Date of birth: YYYY-MM-DD, YYYY or A..B."),
    agency: list[str] = typer.Option([], "--agency", help="Only entities with a visible record of this agency (repeatable)."),
    since: Optional[str] = typer.Option(None, help="Records of events on or after this day."),
    until: Optional[str] = typer.Option(None, help="Records of events on or before this day."),
    district: Optional[str] = typer.Option(None, help="District named by an address or plate."),
    country: Optional[str] = typer.Option(None, help="ISO-2 country of a document or plate."),
    size: int = typer.Option(10, "--size", "-n", min=1, max=100, help="Hits per page."),
    cursor: Optional[str] = typer.Option(None, help="Next page: the cursor the previous page printed."),
    entity: Optional[str] = typer.Option(None, "--entity", "-e", help="Show this entity (absorbed ids followed)."),
    hops: int = typer.Option(1, min=1, max=3, help="With --entity: links this many hops out."),
    json_output: bool = typer.Option(False, "--json", help="One JSON line per hit (or the entity as one line)."),
) -> None:
    """Search fused entities as a user; best matches first, each with the reason it matched."""
    from rich.console import Console

    from consumers.criteria import criteria
    from consumers.service import AnalystService, NotVisible
    from consumers.users import UsersFileError, load_users
    from deploy.settings import Settings

    settings = Settings()
    if (as_user is None) == (api_key is None):
        raise typer.BadParameter("say who is searching: --as USER or --api-key KEY (one of them)")
    try:
        users = load_users(settings.api.users_file)
    except UsersFileError as exc:
        raise typer.BadParameter(str(exc)) from exc
    viewer = users.named(as_user) if as_user is not None else users.authenticate(api_key)
    if viewer is None:
        Console(stderr=True).print("unknown user or key")
        raise typer.Exit(2)
    if entity is None and not any((query, dob, agency, since, until, district, country, kind)):
        raise typer.BadParameter("give a QUERY, a filter, or --entity ID")
    service = AnalystService(settings)
    try:
        if entity is not None:
            try:
                view = service.profile(viewer, entity, hops)
            except NotVisible:
                Console(stderr=True).print(f"no entity {entity}")
                raise typer.Exit(1) from None
            if json_output:
                sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
            else:
                _show_entity(view)
            return
        try:
            found = criteria(q=query, kind=kind, dob=dob, agencies=agency, since=since, until=until,
                             district=district, country=country, size=size, cursor=cursor, facets=False)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        page = service.search(viewer, found)
    finally:
        service.close()
    if json_output:
        for hit in page["hits"]:
            sys.stdout.write(json.dumps(hit, ensure_ascii=False) + "\n")
        if page.get("next_cursor"):
            Console(stderr=True).print(f"next page: --cursor {page['next_cursor']}")
        return
    _show_hits(page, f"enlace search {query or ''!r} as {viewer.user} ({viewer.agency}, {viewer.clearance})")
    if not page["hits"]:
        Console(stderr=True).print("no matches")
