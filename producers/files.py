"""Reading canonical records (JSONL or CSV) or full event dicts (JSONL) from a file, line by line.

Each line becomes a ``Line``: its number, its byte size (for progress), and
either the parsed dict or the reason it was rejected. Bad lines never stop the read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("person", "vehicle", "firearm")
_LIST_FIELDS = ("id_numbers",)
_INT_FIELDS = ("year",)


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: a record or event dict, or why it was rejected."""

    number: int
    size: int
    item: dict[str, Any] | None = None
    error: str | None = None

    @property
    def is_event(self) -> bool:
        return self.item is not None and "event_type" in self.item


def check_record(item: Any) -> str | None:
    """Why ``item`` is not a canonical record (``None`` if it is one)."""
    if not isinstance(item, dict):
        return f"expected a JSON object, got {type(item).__name__}"
    if "event_type" in item:
        return None if isinstance(item.get("envelope"), dict) else "event without an envelope object"
    if not isinstance(item.get("record_id"), (str, int)) or str(item["record_id"]).strip() == "":
        return "missing record_id"
    if item.get("kind") not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}, got {item.get('kind')!r}"
    links = item.get("links")
    if links is not None and not (isinstance(links, list) and all(isinstance(x, dict) and "to" in x and "rel" in x for x in links)):
        return "links must be a list of {rel, to} objects"
    return None


def read_jsonl(path: str | Path) -> Iterator[Line]:
    with open(path, "rb") as raw:
        for number, data in enumerate(raw, start=1):
            text = data.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                item = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Line(number, len(data), error=f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            error = check_record(item)
            yield Line(number, len(data), None if error else item, error)


def _from_csv_row(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            continue
        value = (value or "").strip()
        if key in _LIST_FIELDS:
            record[key] = [v.strip() for v in value.replace("|", ";").split(";") if v.strip()]
        elif key == "links":
            record[key] = json.loads(value) if value else None
        elif key in _INT_FIELDS and value.isdigit():
            record[key] = int(value)
        else:
            record[key] = value or None
    return record


def read_csv(path: str | Path) -> Iterator[Line]:
    """CSV with a header of canonical field names; ``id_numbers`` separated by ``;`` or ``|``; ``links`` as JSON."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        fields = [f.strip() for f in next(reader, [])]
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Line(reader.line_num, 1, error=f"invalid CSV row: {exc}")
                continue
            size = sum(len(v) + 1 for v in values)
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(fields):
                yield Line(reader.line_num, size, error=f"{len(values)} columns, header has {len(fields)}")
                continue
            try:
                item = _from_csv_row(dict(zip(fields, values)))
            except json.JSONDecodeError as exc:
                yield Line(reader.line_num, size, error=f"invalid links JSON: {exc.msg}")
                continue
            error = check_record(item)
            yield Line(reader.line_num, size, None if error else item, error)


def read_lines(path: str | Path, fmt: str | None = None) -> Iterator[Line]:
    """Lines of ``path`` as JSONL (default) or CSV (``fmt="csv"`` or a ``.csv`` suffix)."""
    fmt = fmt or ("csv" if str(path).lower().endswith(".csv") else "jsonl")
    if fmt == "csv":
        return read_csv(path)
    if fmt == "jsonl":
        return read_jsonl(path)
    raise ValueError(f"unknown format {fmt!r} (jsonl or csv)")
