"""``enlace serve``: the analyst search API (OpenAPI at /docs); ``enlace api-key``: a new key for the users file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("api-key")(api_key)


def serve(
    host: Optional[str] = typer.Option(None, help="Address to listen on (default: settings.api.host, 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, help="Port (default: settings.api.port, 8080)."),
    users_file: Optional[Path] = typer.Option(None, "--users", exists=True, dir_okay=False,
                                              help="Users file (default: ENLACE_API__USERS_FILE)."),
) -> None:
    """Serve the search API: /api/search, /api/entities/{id}, /api/judgements, /api/export, /docs, /metrics."""
    import uvicorn

    from consumers.api import create_app
    from consumers.users import UsersFileError, load_users
    from deploy.settings import Settings

    settings = Settings()
    if users_file is not None:
        settings = settings.model_copy(update={"api": settings.api.model_copy(update={"users_file": users_file})})
    try:
        users = load_users(settings.api.users_file)
    except UsersFileError as exc:
        raise typer.BadParameter(str(exc)) from exc
    uvicorn.run(create_app(settings, users), host=host or settings.api.host, port=port or settings.api.port,
                log_level="info")


def api_key(
    user: str = typer.Argument(..., help="The user's name (unique in the users file)."),
    agency: str = typer.Option(..., help="The user's agency."),
    clearance: str = typer.Option(..., help="UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET."),
) -> None:
    """Print a new API key (give it to the user) and the users-file entry that holds only its hash."""
    import yaml
    from pydantic import ValidationError
    from rich.console import Console

    from consumers.users import new_key, user_entry

    key = new_key()
    try:
        entry = user_entry(user, agency, clearance, key)
    except ValidationError as exc:
        raise typer.BadParameter(str(exc)) from exc
    Console(stderr=True).print(f"API key for {user} (shown once, not stored): [bold]{key}[/]")
    typer.echo(yaml.safe_dump([entry], sort_keys=False).rstrip())
