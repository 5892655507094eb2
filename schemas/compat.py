"""Avro schema-resolution rules, pure: can a reader schema read data written with a writer schema?

``problems(reader, writer)`` lists every reason it cannot (empty = compatible).
Backward compatibility of a change is ``problems(new, old)``, forward is
``problems(old, new)``. Follows the Avro specification's "Schema Resolution".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemas.catalog import NAMED_KINDS, PRIMITIVES, full_name

PROMOTIONS: dict[str, frozenset[str]] = {
    "int": frozenset({"long", "float", "double"}),
    "long": frozenset({"float", "double"}),
    "float": frozenset({"double"}),
    "string": frozenset({"bytes"}),
    "bytes": frozenset({"string"}),
}
"""Writer type -> reader types it is promoted to."""


def _index(schema: Any, names: dict[str, dict[str, Any]], namespace: str | None = None) -> None:
    """Collect every named type defined anywhere in ``schema`` into ``names`` (by full name)."""
    if isinstance(schema, list):
        for branch in schema:
            _index(branch, names, namespace)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind in NAMED_KINDS:
        name = full_name(schema["name"], schema.get("namespace", namespace))
        names[name] = schema
        namespace = name.rpartition(".")[0] or None
        for field in schema.get("fields", []):
            _index(field["type"], names, namespace)
    elif kind == "array":
        _index(schema["items"], names, namespace)
    elif kind == "map":
        _index(schema["values"], names, namespace)
    elif isinstance(kind, (dict, list)):
        _index(kind, names, namespace)


class _Side:
    """One schema with its named types, resolving references to definitions."""

    def __init__(self, schema: Any) -> None:
        self.names: dict[str, dict[str, Any]] = {}
        _index(schema, self.names)
        self.root = schema

    def resolve(self, schema: Any, namespace: str | None) -> tuple[Any, str | None]:
        """(definition, namespace inside it) for a schema that may be a reference or a wrapped type."""
        while True:
            if isinstance(schema, str) and schema not in PRIMITIVES:
                name = full_name(schema, namespace)
                if name not in self.names:
                    raise KeyError(f"unknown type {name}")
                schema = self.names[name]
            elif isinstance(schema, dict) and isinstance(schema.get("type"), (dict, list)):
                schema = schema["type"]
            else:
                break
        if isinstance(schema, dict) and schema.get("type") in NAMED_KINDS:
            namespace = full_name(schema["name"], schema.get("namespace", namespace)).rpartition(".")[0] or None
        return schema, namespace


def kind_of(schema: Any) -> str:
    """The Avro type of a resolved schema: a primitive name, record, enum, fixed, array, map or union."""
    if isinstance(schema, list):
        return "union"
    if isinstance(schema, str):
        return schema
    kind = schema["type"]
    return "record" if kind == "error" else str(kind)


def _name(schema: dict[str, Any], namespace: str | None) -> str:
    return full_name(schema["name"], schema.get("namespace", namespace))


class _Checker:
    def __init__(self, reader: Any, writer: Any) -> None:
        self.r, self.w = _Side(reader), _Side(writer)
        self.seen: set[tuple[str, str]] = set()

    def check(self, rs: Any, ws: Any, rns: str | None, wns: str | None, path: str) -> Iterator[str]:
        rs, rns = self.r.resolve(rs, rns)
        ws, wns = self.w.resolve(ws, wns)
        rk, wk = kind_of(rs), kind_of(ws)
        if wk == "union":
            for i, branch in enumerate(ws):
                yield from self.check(rs, branch, rns, wns, f"{path}<{i}>")
            return
        if rk == "union":
            for branch in rs:
                seen = set(self.seen)
                if not list(self.check(branch, ws, rns, wns, path)):
                    return
                self.seen = seen  # a failed branch must not mark its records as checked
            yield f"{path}: writer type {wk} matches no branch of the reader union"
            return
        if rk != wk:
            if rk not in PROMOTIONS.get(wk, frozenset()):
                yield f"{path}: writer type {wk} cannot be read as {rk}"
            return
        if rk in ("record", "enum", "fixed"):
            rname, wname = _name(rs, rns), _name(ws, wns)
            aliases = {full_name(a, rns) for a in rs.get("aliases", [])}
            if rname.rpartition(".")[2] != wname.rpartition(".")[2] and wname not in aliases:
                yield f"{path}: writer {rk} {wname} does not match reader {rname}"
                return
            if rk == "record":
                yield from self.record(rs, ws, rns, wns, path, (rname, wname))
            elif rk == "enum":
                missing = [s for s in ws["symbols"] if s not in rs["symbols"]]
                if missing and "default" not in rs:
                    yield f"{path}: enum {rname} lacks writer symbols {missing} and has no default"
            elif rs["size"] != ws["size"]:
                yield f"{path}: fixed {rname} size {ws['size']} cannot be read as {rs['size']}"
        elif rk == "array":
            yield from self.check(rs["items"], ws["items"], rns, wns, f"{path}[]")
        elif rk == "map":
            yield from self.check(rs["values"], ws["values"], rns, wns, f"{path}{{}}")

    def record(self, rs: dict[str, Any], ws: dict[str, Any], rns: str | None, wns: str | None, path: str,
               pair: tuple[str, str]) -> Iterator[str]:
        if pair in self.seen:  # recursive types: already being checked further up
            return
        self.seen.add(pair)
        writer_fields = {f["name"]: f for f in ws["fields"]}
        for field in rs["fields"]:
            names = [field["name"], *field.get("aliases", [])]
            match = next((writer_fields[n] for n in names if n in writer_fields), None)
            where = f"{path}.{field['name']}"
            if match is None:
                if "default" not in field:
                    yield f"{where}: reader field missing from writer and has no default"
                continue
            yield from self.check(field["type"], match["type"], rns, wns, where)


def problems(reader: Any, writer: Any) -> list[str]:
    """Why data written with ``writer`` cannot be read with ``reader`` (empty list: it can)."""
    checker = _Checker(reader, writer)
    return list(checker.check(reader, writer, None, None, "$"))


def compatibility(new: Any, old: Any) -> dict[str, list[str]]:
    """Problems of a schema change in both directions: backward (new reads old) and forward (old reads new)."""
    return {"backward": problems(new, old), "forward": problems(old, new)}


def check_releases() -> list[dict[str, Any]]:
    """One row per (event type, released version): fingerprints and problems in both directions.

    An event type the release lacks is an addition (``in_release`` false): there is no old data to
    read and no old schema to change; code of that release dead-letters it as an unknown schema.
    """
    from schemas import catalog

    current = catalog.current()
    rows: list[dict[str, Any]] = []
    for version, schemas in catalog.released().items():
        for event_type, new in current.items():
            old = schemas.get(event_type)
            result = compatibility(new.schema, old.schema) if old else {"backward": [], "forward": []}
            rows.append({"event_type": event_type, "schema": new.name, "fingerprint": f"{new.fingerprint:016x}",
                         "release": version, "in_release": old is not None,
                         "same_as_release": bool(old and old.fingerprint == new.fingerprint), **result})
    return rows
