"""One search document per member record of an entity, with its visibility (pure).

Indexed as the nested ``members`` field: a query matches an entity through the records a viewer
may see only (``consumers.access.visible_members``), so a hidden record's name, identifier,
agency or date never makes an entity match, counts in a total or adds to a facet. A record's
values come from the fused ``attributes`` (each value lists the records asserting it); the raw
form is used for the record that wrote it (the first source), the normalized value for the rest.
Query-side normalization (``consumers.name_query``, ``consumers.identifier_query``) uses the same
normalizers from ``streams.resolve.normalize``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import orjson

from consumers.access import level
from consumers.places import address_district, country_code, plate_district
from streams.resolve.normalize.dates import parse_date
from streams.resolve.normalize.documents import parse_document
from streams.resolve.normalize.firearms import normalize_serial
from streams.resolve.normalize.names import canonical_given, parse_person_name, phonetic
from streams.resolve.normalize.phones import phone_key
from streams.resolve.normalize.plates import normalize_plate, skeleton
from streams.resolve.normalize.text import compact, fold
from streams.resolve.normalize.vins import normalize_vin

def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, stripped, first occurrence kept, order preserved."""
    seen: dict[str, None] = {}
    for value in values:
        text = value.strip()
        if text and text not in seen:
            seen[text] = None
    return list(seen)


DESCRIPTIVE = ("make", "model", "color", "year", "caliber", "firearm_type", "plate_country", "sex", "address")


def record_values(entity: dict[str, Any], key: str) -> dict[str, list[str]]:
    """Every attribute value record ``key`` asserts: its raw form if it wrote it first, else the normalized value."""
    return all_record_values(entity).get(key, {})


def all_record_values(entity: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """``record_values`` of every record asserting a value, in one pass over the attributes (by record key)."""
    out: dict[str, dict[str, list[str]]] = {}
    for field, slots in (entity.get("attributes") or {}).items():
        for slot in slots or []:
            sources = slot.get("sources") or []
            if not sources:
                continue
            raw = slot.get("raw")
            value_text = str(slot.get("value") or "")
            first_text = str(raw) if raw not in (None, "") else value_text
            first = sources[0]
            for source in dict.fromkeys(sources):  # a record listed twice asserts the value once
                text = first_text if source == first else value_text
                if text:
                    out.setdefault(source, {}).setdefault(field, []).append(text)
    return out


def _person(values: dict[str, list[str]]) -> dict[str, Any]:
    givens, families = values.get("given_name") or [""], values.get("family_name") or [""]
    given_tokens: list[str] = []
    surname_tokens: list[str] = []
    names: list[str] = []
    for g in givens:
        for f in families:
            name = parse_person_name(g, f)
            given_tokens += name.given
            surname_tokens += name.surnames
            if name.given and name.surnames:
                names += [" ".join(name.given + name.surnames), " ".join(name.surnames + name.given)]
            elif not name.empty:
                names.append(name.full)
    dobs = [d for d in (parse_date(v) for v in values.get("date_of_birth") or []) if d is not None]
    documents = [d for d in (parse_document(v) for v in values.get("id_numbers") or []) if d is not None]
    return {
        "given": unique(given_tokens),
        "family": unique(surname_tokens),
        "names": unique(names),
        "given_canonical": unique(canonical_given(t) for t in given_tokens),
        "given_sounds": unique(phonetic(t) for t in given_tokens),
        "family_sounds": unique(phonetic(t) for t in surname_tokens),
        "dob": unique(d.iso() for d in dobs if d.precise),
        "dob_date": unique(d.iso() for d in dobs),
        "dob_year": sorted({d.year for d in dobs}),
        "documents": unique([d.number for d in documents] + [compact(v) for v in values.get("id_numbers") or []]),
        "countries": unique(d.country or "" for d in documents),
        "phones": unique(p for p in (phone_key(v) for v in values.get("phone") or []) if p),
        "districts": unique(d for d in (address_district(a) for a in values.get("address") or []) if d),
    }


def _vehicle(values: dict[str, list[str]]) -> dict[str, Any]:
    plates = [p for p in (normalize_plate(v) for v in values.get("plate") or []) if p is not None]
    countries = [p.country for p in plates if p.country]
    countries += [c for c in (country_code(v) for v in values.get("plate_country") or []) if c]
    return {
        "plates": unique([p.text for p in plates] + [p.core for p in plates]),
        "plate_skeletons": unique([skeleton(p.text) for p in plates] + [p.skeleton for p in plates]),
        "vins": unique(v for v in (normalize_vin(x) for x in values.get("vin") or []) if v),
        "countries": unique(countries),
        "districts": unique(d for d in (plate_district(p.prefix) for p in plates) if d),
    }


def _firearm(values: dict[str, list[str]]) -> dict[str, Any]:
    serials = [s for s in (normalize_serial(v) for v in values.get("serial_number") or []) if s is not None]
    return {"serials": unique(s.text for s in serials)}


_BY_KIND = {"person": _person, "vehicle": _vehicle, "firearm": _firearm}


class MemberCache:
    """Member documents by everything they depend on, least recently used evicted (bounded).

    An entity is re-indexed whole on every new version, but most of its member records have not
    changed: their documents come from here. Cached documents are shared: treat them as read-only.
    """

    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self.documents: OrderedDict[bytes, dict[str, Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> dict[str, Any] | None:
        document = self.documents.get(key)
        if document is not None:
            self.documents.move_to_end(key)
            self.hits += 1
        return document

    def put(self, key: bytes, document: dict[str, Any]) -> None:
        self.misses += 1
        self.documents[key] = document
        while len(self.documents) > self.size:
            self.documents.popitem(last=False)


# Anything orjson would turn into JSON lossily (datetimes, dataclasses, subclasses of str/int/...) is refused, so
# two inputs share a cache key only when they are the same JSON values.
_KEY_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def _cache_key(kind: str, record: dict[str, Any], values: dict[str, list[str]]) -> bytes | None:
    fields = [record.get(name) for name in ("record_key", "agency", "releasable_to", "handling", "event_type", "occurred_at")]
    try:
        return orjson.dumps([kind, fields, values], option=_KEY_OPTIONS)
    except TypeError:  # not JSON values (a caller's own objects): computed every time
        return None


def _member_document(kind: str, record: dict[str, Any], values: dict[str, list[str]]) -> dict[str, Any]:
    extract = _BY_KIND.get(kind)
    document: dict[str, Any] = {
        "record_key": str(record.get("record_key") or ""),
        "agency": record.get("agency"),
        "releasable_to": list(record.get("releasable_to") or []),
        "level": level(record.get("handling")),
        "event_type": record.get("event_type"),
        "occurred_at": record.get("occurred_at"),
        "text": unique(fold(v) for f in DESCRIPTIVE for v in values.get(f) or []),
    }
    if extract is not None:
        document.update({name: value for name, value in extract(values).items() if value})
    return document


def member_document(entity: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The nested search document of one member record: who may see it, when, and what it says."""
    return _member_document(str(entity.get("kind")), record, record_values(entity, str(record.get("record_key") or "")))


def member_documents(entity: dict[str, Any], cache: MemberCache | None = None) -> list[dict[str, Any]]:
    """The ``members`` field of an indexed entity: one search document per member record.

    With a ``cache``, a member whose record summary and values are unchanged since an earlier
    version of its entity costs a lookup.
    """
    kind = str(entity.get("kind"))
    by_key = all_record_values(entity)
    documents = []
    for record in entity.get("records") or []:
        if not record.get("record_key"):
            continue
        values = by_key.get(str(record.get("record_key")), {})
        key = None if cache is None else _cache_key(kind, record, values)
        document = None if key is None or cache is None else cache.get(key)
        if document is None:
            document = _member_document(kind, record, values)
            if key is not None and cache is not None:
                cache.put(key, document)
        documents.append(document)
    return documents
