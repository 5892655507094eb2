"""``enlace dlq list|show|replay``: the messages the stream refused, why, and re-publishing them once."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

if TYPE_CHECKING:
    from deploy.deadletters import ReplayReport

dlq_app = typer.Typer(help="Dead letters: messages the stream refused, with why; inspect them and re-publish them.",
                      no_args_is_help=True)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(dlq_app, name="dlq")


JSON_LINES = typer.Option(False, "--json", help="JSON lines instead of a table.")
INDEX = typer.Option(False, "--index", help="The indexer's dead letters (entity documents Elasticsearch refused) "
                                            "instead of the stream's.")
REASON = typer.Option(None, "--reason", "-r", metavar="ERROR_CLASS",
                      help="Only dead letters refused with this error class (repeatable), e.g. DecodeError.")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"enlace dlq: {message}", err=True)  # one line, never wrapped: scripts grep it
    return typer.Exit(1)


@dlq_app.command("list")
def list_command(json_output: bool = JSON_LINES, index: bool = INDEX) -> None:
    """Dead letters counted by reason (error class) and source topic, with first/last offset and time.

    The "replayed" column counts those `enlace dlq replay` has already re-published."""
    from collections import Counter

    from rich.console import Console
    from rich.table import Table

    from deploy.deadletter_kafka import dead_letters_topic, read_ledger, read_topic
    from deploy.deadletters import DeadLetterError, summarize
    from deploy.settings import Settings

    settings = Settings()
    topic = dead_letters_topic(settings, index)
    try:
        letters = list(read_topic(settings, topic, missing_ok=True))
        ledger = read_ledger(settings, topic)
    except DeadLetterError as exc:
        raise _fail(str(exc)) from exc
    replayed = Counter((letter.reason, letter.source_topic) for letter in letters if letter.id in ledger)
    groups = [{**g, "replayed": replayed[(g["reason"], g["source_topic"])]} for g in summarize(letters)]
    if json_output:
        for group in groups:
            sys.stdout.write(json.dumps({"topic": topic, **group}) + "\n")
        return
    table = Table(title=f"dead letters in {topic}")
    for name in ("reason", "source topic", "count", "replayed", "first offset", "first at", "last offset", "last at"):
        table.add_column(name, justify="right" if name in ("count", "replayed", "first offset", "last offset") else "left",
                         overflow="fold")
    for g in groups:
        table.add_row(g["reason"], g["source_topic"] or "?", f"{g['count']:,}", f"{g['replayed']:,}",
                      str(g["first_offset"]), g["first_at"] or "", str(g["last_offset"]), g["last_at"] or "")
    console = Console()
    console.print(table)
    console.print(f"{len(letters):,} dead letters" + ("" if letters else " (none)"), highlight=False)


@dlq_app.command("show")
def show_command(
    reason: Optional[list[str]] = REASON,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most N dead letters."),
    offset: Optional[int] = typer.Option(None, "--offset", min=0, metavar="O",
                                         help="Start at this dead-letter offset (default: the oldest kept)."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per line: the shape "
                                                           "`enlace dlq replay --file` reads back."),
    index: bool = INDEX,
) -> None:
    """The dead letters with where they came from, why, and their payload (decoded when it decodes, else hex).

    Each shows its source topic, partition and offset, the error class and message, and the payload.
    JSON lines carry the decoded event (or null) and the exact bytes in base64."""
    from rich.console import Console

    from deploy.deadletter_kafka import dead_letters_topic, decoder, read_topic
    from deploy.deadletters import DeadLetterError, describe, select
    from deploy.settings import Settings

    settings = Settings()
    topic = dead_letters_topic(settings, index)
    decode = decoder(settings)
    console = Console()
    try:
        letters = read_topic(settings, topic, start=offset, missing_ok=True)
        chosen = (letter for letter in letters if select([letter], reason or ()))
        shown = [describe(letter, decode) for letter in itertools.islice(chosen, limit)]
    except DeadLetterError as exc:
        raise _fail(str(exc)) from exc
    for item in shown:
        if json_output:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            continue
        source = item["source"]
        console.rule(f"[b]{item['partition']}:{item['offset']}[/]  {item['reason']}  from "
                     f"{source['topic']}[{source['partition']}]@{source['offset']}  {item['failed_at'] or ''}",
                     align="left")
        console.print(f"[dim]why:[/] {item['message']}", highlight=False)
        console.print(f"[dim]key:[/] {item['key']}  [dim]size:[/] {item['size']} bytes", highlight=False)
        if item["event"] is not None:
            console.print_json(data=item["event"])
        elif item["value_preview"] is not None:
            more = "" if item["size"] <= 64 else " ..."
            console.print(f"[dim]payload (hex):[/] {item['value_preview']}{more}", highlight=False)
    if not json_output and not shown:
        console.print(f"no dead letters in {topic}" + (" matching" if reason or offset is not None else ""))


@dlq_app.command("replay")
def replay_command(
    reason: Optional[list[str]] = REASON,
    offsets: Optional[list[str]] = typer.Option(
        None, "--offset", "-o", metavar="O", help="Only the dead letter at this offset (repeatable; P:O for a "
                                                  "partition other than 0)."),
    fixes: Optional[Path] = typer.Option(
        None, "--file", "-f", exists=True, dir_okay=False, metavar="FIXED.jsonl",
        help="Fixed payloads: JSON lines as `enlace dlq show --json` prints them, with \"event\" corrected "
             "(or \"value_base64\" replaced). Only the dead letters in the file are replayed."),
    everything: bool = typer.Option(False, "--all", help="Replay every dead letter not replayed yet."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be replayed; send nothing."),
    json_output: bool = typer.Option(False, "--json", help="Print the report as one JSON line."),
) -> None:
    """Re-publish dead letters to the topic and partition they came from, keyed as before, each at most once.

    Without --file the original bytes go back as they were (for a failure the code no longer makes). With
    --file each listed dead letter goes back with its fixed payload: run `enlace dlq show --reason X --json >
    fix.jsonl`, correct the "event" of each line (for bytes that never decoded, write the whole event), then
    `enlace dlq replay --file fix.jsonl`. Agency events are encoded with the event codec; judgements and
    records-log commands as JSON.

    Idempotent: every replayed dead letter is recorded, keyed by its position, in the compacted topic
    `<dead-letters topic>.replayed`, and a recorded one is never sent again (it is reported as already
    replayed). The re-published message carries the header enlace.replay.of = the dead letter's position.
    Exit code 1 when a send failed (those dead letters stay replayable) or the fix file is unreadable.
    """
    from rich.console import Console

    from deploy.deadletter_kafka import replay
    from deploy.deadletters import DeadLetterError, parse_position
    from deploy.settings import Settings

    if not (reason or offsets or fixes or everything):
        raise _fail("say which dead letters to replay: --reason, --offset, --file, or --all")
    try:
        positions = [parse_position(text) for text in offsets or ()]
        lines = fixes.read_text(encoding="utf-8").splitlines() if fixes else None
        plan, report = replay(Settings(), reason or (), positions, lines, dry_run)
    except DeadLetterError as exc:
        raise _fail(str(exc)) from exc
    if json_output:
        sys.stdout.write(json.dumps({"dry_run": dry_run, **report.as_dict()}) + "\n")
    else:
        _print_report(Console(), plan.sends, report, dry_run)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(console: Any, sends: list[Any], report: ReplayReport, dry_run: bool) -> None:
    if dry_run:
        for send in sends:
            console.print(f"would replay {send.letter.id} ({send.letter.reason}) -> {send.topic}[{send.partition}]"
                          f"{' fixed' if send.fixed else ''}", highlight=False)
    for entry in report.replayed:
        console.print(f"replayed {entry['dead_letter']} ({entry['reason']}) -> {entry['topic']}[{entry['partition']}]"
                      f"@{entry['offset']}{' fixed' if entry['fixed'] else ''}", highlight=False)
    for entry in report.already:
        console.print(f"[dim]already replayed {entry['dead_letter']} ({entry['reason']}) at {entry['replayed_at']} -> "
                      f"{entry['topic']}[{entry['partition']}]@{entry['offset']}: not sent again[/]", highlight=False)
    for entry in report.refused:
        console.print(f"[yellow]not replayed {entry['dead_letter']} ({entry['reason']}): {entry['why']}[/]",
                      highlight=False)
    for position in report.missing:
        console.print(f"[yellow]no dead letter at {position}[/]", highlight=False)
    for error in report.errors:
        console.print(f"[red]failed: {error}[/]", highlight=False)
    done = len(sends) if dry_run else len(report.replayed)
    console.print(f"{'would replay' if dry_run else 'replayed'} {done}, already replayed {len(report.already)}, "
                  f"refused {len(report.refused)}, missing {len(report.missing)}, failed {len(report.errors)}",
                  highlight=False)
