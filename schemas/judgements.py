"""Analyst judgements: the ``Judgement`` record (not an agency event), its wire format and its validation.

A judgement dict (what ``encode_judgement`` takes and ``decode_judgement`` gives back)::

    {"judgement_id": "5f0c...-uuid", "kind": "person",          # person | vehicle | firearm
     "left": "police/INC-1#p0", "right": "per-0123456789ab",     # record keys or entity ids
     "verdict": "not_same",                                      # same | not_same | unsure
     "who": "a.analyst", "why": "different fathers' names", "at": datetime(UTC)}

Wire format: Avro single-object encoding, like the events (``C3 01`` + the Judgement schema's
CRC-64-AVRO fingerprint + body); decoding accepts the current and every released Judgement schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ValidationError, field_validator, model_validator

from schemas import catalog
from schemas.catalog import EventSchema
from schemas.codec import Readers, header, read_single_object, write_datum
from schemas.errors import InvalidEvent
from schemas.records import Id, Model
from schemas.times import to_utc

NAME = f"{catalog.NAMESPACE}.Judgement"
LABEL = "judgement"
KINDS: tuple[str, ...] = ("person", "vehicle", "firearm")
VERDICTS: tuple[str, ...] = ("same", "not_same", "unsure")
_ENTITY_ID = re.compile(r"^[a-z]+-[0-9a-f]+$")


def check_ref(value: str) -> str:
    """A record key ``source/record_id`` or an entity id ``<prefix>-<hex>`` (e.g. ``per-0123456789ab``)."""
    source, slash, record_id = value.partition("/")
    if slash:
        if not source.strip() or not record_id.strip():
            raise ValueError("a record key is source/record_id, both non-blank")
    elif not _ENTITY_ID.match(value):
        raise ValueError("must be a record key (source/record_id) or an entity id (per-0123456789ab)")
    return value


Ref = Annotated[Id, AfterValidator(check_ref)]


class Judgement(Model):
    judgement_id: Id
    kind: Literal["person", "vehicle", "firearm"]
    left: Ref
    right: Ref
    verdict: Literal["same", "not_same", "unsure"]
    who: Id
    why: str
    at: datetime

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    @model_validator(mode="after")
    def _two_sides(self) -> Judgement:
        if self.left == self.right:
            raise ValueError("left and right are the same thing: a judgement needs two")
        return self


def validate_judgement(judgement: Mapping[str, Any]) -> Judgement:
    """The judgement's model; ``InvalidEvent`` (with ``errors``: loc, msg, type) when anything is wrong."""
    if not isinstance(judgement, Mapping):
        raise InvalidEvent("a judgement must be a mapping", errors=[{"loc": [], "msg": "must be a mapping", "type": "type"}])
    try:
        return Judgement.model_validate(dict(judgement))
    except ValidationError as exc:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        first = errors[0]
        raise InvalidEvent(f"invalid judgement: {len(errors)} error(s), first at "
                           f"{'.'.join(map(str, first['loc'])) or '(judgement)'}: {first['msg']}", errors=errors) from exc


@cache
def current_schema() -> EventSchema:
    """The Judgement schema this code writes and reads into."""
    return catalog.compile_schema(LABEL, NAME, catalog.named_types())


def reader_table(current: EventSchema, older: Iterable[EventSchema] = ()) -> Readers:
    """What ``read_single_object`` needs to read judgements written with ``current`` or ``older`` schemas into ``current``."""
    readers: dict[bytes, tuple[str, Any, Any]] = {header(current)[2:]: (LABEL, current.parsed, None)}
    for old in older:
        readers.setdefault(header(old)[2:], (LABEL, old.parsed, current.parsed))
    return readers


@cache
def _readers() -> Readers:
    released = (catalog.load_named(directory) for directory in catalog.release_dirs())
    return reader_table(current_schema(), [catalog.compile_schema(LABEL, NAME, named) for named in released if NAME in named])


def encode_judgement(judgement: Mapping[str, Any]) -> bytes:
    """Single-object bytes of a judgement dict (``at``: datetime, ISO string or epoch ms); ``InvalidEvent`` if it does not fit."""
    if not isinstance(judgement, Mapping):
        raise InvalidEvent("a judgement must be a mapping", errors=[{"loc": [], "msg": "must be a mapping"}])
    datum = dict(judgement)
    try:
        datum["at"] = to_utc(datum.get("at"))
    except (TypeError, ValueError) as exc:
        raise InvalidEvent(f"bad timestamp: {exc}", errors=[{"loc": ["at"], "msg": str(exc)}]) from exc
    schema = current_schema()
    return header(schema) + write_datum(schema, datum, what="judgement")


def decode_judgement(data: bytes) -> dict[str, Any]:
    """The judgement dict of single-object bytes (``at`` an aware UTC datetime); ``DecodeError`` if undecodable."""
    return read_single_object(data, _readers())[1]


def read_judgement(data: bytes) -> dict[str, Any]:
    """A judgement message as the stream takes it: decoded, validated, JSON-ready (``DecodeError``/``InvalidEvent``)."""
    return validate_judgement(decode_judgement(data)).model_dump(mode="json")
