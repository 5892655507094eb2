"""Canonical records: parse a JSON dict into a typed record with its global key."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas import layout
from schemas.errors import InvalidEvent

KINDS: tuple[str, ...] = tuple(layout.KINDS)
"""The kinds of canonical record, as the schemas declare them."""
PREFIX: dict[str, str] = {"person": "per", "vehicle": "veh", "firearm": "gun"}
RELS: dict[str, tuple[str, str]] = layout.RELS
"""Link relation -> (kind of the asserting record, kind of the target record), as the schemas declare them."""


@dataclass(frozen=True, slots=True)
class Link:
    """A typed, directed assertion from one record to another record of the same source."""

    rel: str
    to: str  # record key of the target (``source/record_id``)


@dataclass(frozen=True, slots=True)
class Record:
    """One canonical record: its identity, kind and the fields as received (extras kept)."""

    key: str
    record_id: str
    source: str
    kind: str
    fields: Mapping[str, Any]
    links: tuple[Link, ...] = ()

    def get(self, name: str) -> Any:
        """A field value, or None when missing."""
        return self.fields.get(name)


@dataclass(frozen=True, slots=True)
class LineError:
    """A line of a JSON-lines file that could not be read as a record."""

    line: int
    message: str


def record_key(source: str, record_id: str) -> str:
    """The global key of a record: ``source/record_id``."""
    return f"{source}/{record_id}"


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidEvent(f"missing {name}", errors=[{"loc": [name], "msg": "required"}])
    if not isinstance(value, (str, int)):
        raise InvalidEvent(f"bad {name}", errors=[{"loc": [name], "msg": "must be a string"}])
    return str(value).strip()


def parse_record(data: Any) -> Record:
    """A typed record from a canonical dict; raises ``InvalidEvent`` naming the bad fields."""
    if not isinstance(data, Mapping):
        raise InvalidEvent("record is not an object", errors=[{"loc": [], "msg": "must be an object"}])
    record_id, source, kind = _text(data, "record_id"), _text(data, "source"), _text(data, "kind")
    if kind not in KINDS:
        raise InvalidEvent(f"unknown kind {kind!r}", errors=[{"loc": ["kind"], "msg": f"one of {KINDS}"}])
    raw_links = data.get("links") or []
    if not isinstance(raw_links, list):
        raise InvalidEvent("links must be a list", errors=[{"loc": ["links"], "msg": "must be a list"}])
    links: list[Link] = []
    for i, item in enumerate(raw_links):
        if not isinstance(item, Mapping) or item.get("rel") not in RELS or not item.get("to"):
            raise InvalidEvent("bad link", errors=[{"loc": ["links", i], "msg": f"rel in {sorted(RELS)} and to"}])
        target = str(item["to"])
        links.append(Link(str(item["rel"]), target if "/" in target else record_key(source, target)))
    fields = {k: v for k, v in data.items() if k != "links"}
    return Record(record_key(source, record_id), record_id, source, kind, fields, tuple(links))


def record_json(record: Record) -> str:
    """The record as compact, key-sorted JSON (how the resolver keeps it: a third of a dict's memory)."""
    data = dict(record.fields)
    if record.links:
        data["links"] = [{"rel": link.rel, "to": link.to} for link in record.links]
    return _ENCODE(data)


PACKED_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("given_name", "family_name", "date_of_birth", "sex", "id_numbers", "address", "phone", "links"),
    "vehicle": ("plate", "plate_country", "vin", "make", "model", "color", "year", "links"),
    "firearm": ("serial_number", "make", "model", "caliber", "firearm_type", "links"),
}
"""The canonical fields of each kind, in the order ``pack`` writes their values."""

_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode


def pack(record: Record) -> str:
    """The record as compact JSON without field names: ``[mask, values..., {extras}]``.

    ``mask`` says which of the kind's ``PACKED_FIELDS`` are present; their values follow in that
    order; other fields, and the identity fields when the key does not give them back, follow
    as an object. A resolver keeps one per record: two thirds of ``record_json``'s size.
    """
    data = dict(record.fields)
    if record.links:
        data["links"] = [{"rel": link.rel, "to": link.to} for link in record.links]
    if data.get("record_id") == record.record_id and data.get("source") == record.source and "/" not in record.source:
        del data["record_id"], data["source"]  # ``unpack`` reads them off the key
    if data.get("kind") == record.kind:
        del data["kind"]
    mask, values = 0, []
    for i, name in enumerate(PACKED_FIELDS[record.kind]):
        if name in data:
            mask |= 1 << i
            values.append(data.pop(name))
    return _ENCODE([mask, *values, data] if data else [mask, *values])


def unpack(packed: str, key: str, kind: str) -> dict[str, Any]:
    """The record's fields (with its links) from ``pack``'s form, its key and its kind."""
    items = json.loads(packed)
    source, _, record_id = key.partition("/")
    data: dict[str, Any] = {"record_id": record_id, "source": source, "kind": kind}
    mask, position = items[0], 1
    for i, name in enumerate(PACKED_FIELDS[kind]):
        if mask >> i & 1:
            data[name] = items[position]
            position += 1
    if position < len(items):
        data.update(items[position])
    return data


def unpacked_json(packed: str, key: str, kind: str) -> str:
    """``record_json`` of the record ``pack`` packed (same text, byte for byte)."""
    return _ENCODE(unpack(packed, key, kind))


def read_jsonl(path: str | Path) -> Iterator[Record | LineError]:
    """Records of a JSON-lines file in order; a bad line yields a ``LineError`` and reading goes on."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield parse_record(json.loads(line))
            except json.JSONDecodeError as exc:
                yield LineError(number, f"not JSON: {exc.msg}")
            except InvalidEvent as exc:
                yield LineError(number, str(exc))
