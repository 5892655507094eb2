"""``enlace judge LEFT RIGHT``: publish an analyst's judgement (same / not same / unsure) on two records or entities."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Any, Optional

import typer


class Verdict(str, Enum):
    same = "same"
    not_same = "not_same"
    unsure = "unsure"


class Kind(str, Enum):
    person = "person"
    vehicle = "vehicle"
    firearm = "firearm"


PARAMS = {"left": "LEFT", "right": "RIGHT", "verdict": "--verdict", "kind": "--kind", "who": "--who", "why": "--why"}
"""Judgement field -> the argument or option that sets it (for error messages)."""


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.command("judge")(judge)


def judge(
    left: str = typer.Argument(..., help="A record key (source/record_id) or an entity id (per-..., veh-..., gun-...)."),
    right: str = typer.Argument(..., help="The other record key or entity id."),
    verdict: Verdict = typer.Option(..., "--verdict", help="same joins them, not_same keeps them apart, unsure is recorded only."),
    kind: Optional[Kind] = typer.Option(None, "--kind", help="Which resolver it goes to (default: from an entity id's prefix)."),
    who: str = typer.Option(..., "--who", help="The analyst making the judgement."),
    why: str = typer.Option(..., "--why", help="The reason, kept with the judgement."),
) -> None:
    """Publish one judgement to the judgements topic, wait for delivery, print it as one JSON line."""
    from rich.console import Console

    from deploy.settings import Settings
    from producers.judgements import build_judgement, publish_judgement
    from schemas.errors import EnlaceError, InvalidEvent

    fields: dict[str, Any] = dict(left=left, right=right, verdict=verdict.value, kind=kind.value if kind else None, who=who, why=why)
    try:
        build_judgement(**fields)  # argument errors before any broker is contacted
    except InvalidEvent as exc:
        hint = "/".join(sorted({PARAMS.get(str(e["loc"][0]), "") for e in exc.errors if e["loc"]} - {""})) or None
        raise typer.BadParameter(str(exc), param_hint=hint) from exc
    try:
        judgement = publish_judgement(Settings(), **fields)
    except EnlaceError as exc:
        Console(stderr=True).print(f"[red]judgement not published: {exc}[/]")
        raise typer.Exit(1) from exc
    at = judgement["at"].isoformat(timespec="milliseconds").replace("+00:00", "Z")
    sys.stdout.write(json.dumps({**judgement, "at": at}, ensure_ascii=False) + "\n")
