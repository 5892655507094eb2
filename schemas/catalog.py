"""The event schemas: ``.avsc`` files loaded, shared named types inlined, parsed once, fingerprinted.

Each ``.avsc`` file is named ``<full name>.avsc`` and defines one named type; an
event schema refers to shared types (``Envelope``, ``Person``, ...) by name and
``expand`` inlines each at its first use, giving one self-contained schema.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fastavro import parse_schema
from fastavro.schema import to_parsing_canonical_form

NAMESPACE = "bz.enlace.events"
SCHEMA_DIR = Path(__file__).resolve().parent
RELEASED_DIR = SCHEMA_DIR / "released"

EVENT_TYPES: dict[str, str] = {
    "incident_report": "IncidentReport",
    "firearm_examination": "FirearmExamination",
    "case_filing": "CaseFiling",
    "border_crossing": "BorderCrossing",
    "vehicle_registration": "VehicleRegistration",
    "firearm_licence": "FirearmLicence",
    "entity_report": "EntityReport",
    "record_retraction": "RecordRetraction",
}
"""Event type name -> Avro record name (in ``NAMESPACE``). A release directory may predate some of them."""

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED_KINDS = frozenset({"record", "error", "enum", "fixed"})

_CRC64_EMPTY = 0xC15D213AA4D7A795
_CRC64_TABLE: list[int] = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_CRC64_EMPTY & -(_fp & 1))
    _CRC64_TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    """The Avro spec's 64-bit Rabin fingerprint (CRC-64-AVRO) of ``data``."""
    fp = _CRC64_EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _CRC64_TABLE[(fp ^ byte) & 0xFF]
    return fp


def full_name(name: str, namespace: str | None) -> str:
    """A type name qualified by the enclosing namespace unless it already has one."""
    return name if "." in name or not namespace else f"{namespace}.{name}"


def load_named(directory: Path) -> dict[str, Any]:
    """Every named type defined by a ``*.avsc`` file in ``directory``, by full name."""
    named: dict[str, Any] = {}
    for path in sorted(directory.glob("*.avsc")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        named[full_name(schema["name"], schema.get("namespace"))] = schema
    return named


def expand(schema: Any, named: dict[str, Any], defined: set[str] | None = None, namespace: str | None = None) -> Any:
    """``schema`` with every reference to a not-yet-defined named type replaced by its definition."""
    defined = set() if defined is None else defined
    if isinstance(schema, str):
        if schema in PRIMITIVES:
            return schema
        name = full_name(schema, namespace)
        if name in defined or name not in named:
            return name
        return expand(copy.deepcopy(named[name]), named, defined, namespace)
    if isinstance(schema, list):
        return [expand(branch, named, defined, namespace) for branch in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    out = dict(schema)
    if kind in NAMED_KINDS:
        name = full_name(schema["name"], schema.get("namespace", namespace))
        defined.add(name)
        namespace = name.rpartition(".")[0] or None
    if kind in ("record", "error"):
        out["fields"] = [{**f, "type": expand(f["type"], named, defined, namespace)} for f in schema["fields"]]
    elif kind == "array":
        out["items"] = expand(schema["items"], named, defined, namespace)
    elif kind == "map":
        out["values"] = expand(schema["values"], named, defined, namespace)
    elif kind not in PRIMITIVES and kind not in NAMED_KINDS and kind not in ("array", "map"):
        return expand(kind, named, defined, namespace)  # {"type": <another schema or a name>}
    return out


@dataclass(frozen=True, slots=True)
class EventSchema:
    """One event type's schema in one version: JSON, parsed for fastavro, and its fingerprint.

    Also used for the other top-level records (``Judgement``): ``event_type`` is then their label.
    """

    event_type: str
    name: str
    schema: dict[str, Any]
    parsed: Any
    canonical: str
    fingerprint: int

    @property
    def json(self) -> str:
        return json.dumps(self.schema, separators=(",", ":"))


def compile_schema(label: str, name: str, named: dict[str, Any]) -> EventSchema:
    """The named record ``name`` expanded from ``named`` types, parsed and fingerprinted."""
    schema = expand(name, named)
    parsed = parse_schema(copy.deepcopy(schema))
    canonical = to_parsing_canonical_form(parsed)
    return EventSchema(label, name, schema, parsed, canonical, crc64_avro(canonical.encode("utf-8")))


def event_schema(event_type: str, named: dict[str, Any]) -> EventSchema:
    """The expanded, parsed and fingerprinted schema of ``event_type`` from ``named`` types."""
    return compile_schema(event_type, full_name(EVENT_TYPES[event_type], NAMESPACE), named)


@cache
def schemas_in(directory: Path) -> dict[str, EventSchema]:
    """Every event type's schema defined by the ``.avsc`` files in ``directory`` (a release lacks later types)."""
    named = load_named(directory)
    return {event_type: event_schema(event_type, named) for event_type, name in EVENT_TYPES.items()
            if full_name(name, NAMESPACE) in named}


def current() -> dict[str, EventSchema]:
    """The schemas this code writes and reads into."""
    return schemas_in(SCHEMA_DIR)


def release_dirs() -> list[Path]:
    """The released versions' directories (``released/<version>/``), oldest first."""
    return sorted((p for p in RELEASED_DIR.iterdir() if p.is_dir()), key=lambda p: (len(p.name), p.name))


def released() -> dict[str, dict[str, EventSchema]]:
    """Each released version (``released/<version>/``) and its schemas, oldest first."""
    return {p.name: schemas_in(p) for p in release_dirs()}


def named_types(directory: Path = SCHEMA_DIR) -> dict[str, Any]:
    """The raw (unexpanded) named types of a schema directory, by full name."""
    return load_named(directory)
