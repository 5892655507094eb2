"""Per-kind comparable features, computed once per record from the domain normalizers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from streams.resolve.normalize import firearms as guns
from streams.resolve.normalize.dates import PartialDate, parse_date
from streams.resolve.normalize.documents import IdDocument, parse_document
from streams.resolve.normalize.names import canonical_given, parse_person_name, phonetic
from streams.resolve.normalize.phones import phone_key
from streams.resolve.normalize.plates import normalize_plate
from streams.resolve.normalize.sex import normalize_sex
from streams.resolve.normalize.text import fold, tokens
from streams.resolve.normalize.vins import check_digit_ok, is_valid_vin, normalize_vin
from streams.resolve.records import Record

_SERIAL_SKELETON = str.maketrans("ODQIL7BSZG", "0001118526")


@dataclass(slots=True)
class PersonFeatures:
    """What a person record says, normalized: names as tokens, canonical and phonetic forms."""

    given: tuple[str, ...]
    given_canon: tuple[str, ...]  # sorted, distinct (tuples: a third of a frozenset's memory)
    given_phon: tuple[str, ...]
    surnames: tuple[str, ...]
    surname_phon: tuple[str, ...]
    suffix: str | None
    dob: PartialDate | None
    sex: str | None
    docs: tuple[IdDocument, ...]
    phone: str | None
    address: tuple[str, ...]  # sorted distinct words, house numbers apart
    house: tuple[str, ...]
    address_key: str  # the whole address, for its term frequency (a village is shared by many)


@dataclass(slots=True)
class VehicleFeatures:
    """A vehicle record normalized: VIN (and whether it checks), plate text and confusable skeleton."""

    vin: str | None
    vin_valid: bool
    vin_checked: bool | None
    plate: str | None
    plate_skeleton: str | None
    plate_prefix: str | None
    plate_country: str | None
    make: str | None
    model: str | None
    color: str | None
    year: int | None


@dataclass(slots=True)
class FirearmFeatures:
    """A firearm record normalized: serial with ``?`` wildcards, its skeleton, canonical make/caliber/type."""

    serial: str | None
    serial_skeleton: str | None
    readable: int
    make: str | None
    model: str | None
    caliber: str | None
    firearm_type: str | None


Features = PersonFeatures | VehicleFeatures | FirearmFeatures

_COLORS: dict[str, str] = {
    "ROJO": "RED", "AZUL": "BLUE", "BLANCO": "WHITE", "NEGRO": "BLACK", "GRIS": "GREY", "GRAY": "GREY",
    "PLATA": "SILVER", "PLATEADO": "SILVER", "VERDE": "GREEN", "AMARILLO": "YELLOW", "CAFE": "BROWN",
    "MARRON": "BROWN", "DORADO": "GOLD", "CHAMPAGNE": "GOLD", "VINO": "MAROON", "BURGUNDY": "MAROON",
    "NAVY": "BLUE", "CELESTE": "BLUE", "NARANJA": "ORANGE", "MORADO": "PURPLE", "WHT": "WHITE", "BLK": "BLACK",
}
_COLOR_NOISE = frozenset({"DARK", "LIGHT", "METALLIC", "OSCURO", "CLARO", "MET", "PEARL"})


_SHARED: dict[Any, Any] = {}
_T = TypeVar("_T")


def _share(value: _T) -> _T:
    """One object per distinct value: names, dates, documents, phones and makes repeat across a
    person's or a car's records, so the records share them (memory; bounded by ``features_of``)."""
    return _SHARED.setdefault(value, value)  # type: ignore[no-any-return]


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    folded = fold(str(value))
    return folded or None


def _color(value: Any) -> str | None:
    words = [w for w in tokens(str(value)) if w not in _COLOR_NOISE] if value else []
    if not words:
        return None
    return _COLORS.get(words[0], words[0])


def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def _docs(values: Any) -> tuple[IdDocument, ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return ()
    found = {}
    for value in values:
        doc = parse_document(str(value)) if value else None
        if doc is not None:
            found[doc.number] = doc
    return tuple(found[k] for k in sorted(found))


NameParts = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str | None]


@lru_cache(maxsize=65536)
def _name_parts(given: Any, family: Any) -> NameParts:
    """Given names, their canonical and phonetic forms, surnames, their phonetic forms, suffix."""
    name = parse_person_name(given, family)
    canon = {canonical_given(t) for t in name.given if len(t) > 1}
    return (_share(name.given), _share(tuple(sorted(canon))), _share(tuple(sorted({phonetic(t) for t in canon}))),
            _share(name.surnames), _share(tuple(phonetic(t) for t in name.surnames)), name.suffix)


@lru_cache(maxsize=65536)
def _address_parts(address: Any) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Street words (sorted, distinct), house numbers, and the whole address as one key."""
    words = tokens(address)
    street = tuple(sorted({t for t in words if not t.isdigit()}))
    house = tuple(sorted({t for t in words if t.isdigit()}))
    return _share(street), _share(house), " ".join(house + street)


def person_features(record: Record) -> PersonFeatures:
    """Normalize a person record once; everything the comparators and block keys need."""
    get = record.fields.get
    given, canon, phon, surnames, surname_phon, suffix = _name_parts(get("given_name"), get("family_name"))
    address, house, address_key = _address_parts(get("address"))
    dob = get("date_of_birth")
    sex, phone = get("sex"), get("phone")
    return PersonFeatures(
        given=given, given_canon=canon, given_phon=phon, surnames=surnames, surname_phon=surname_phon, suffix=suffix,
        dob=parse_date(dob) if dob else None,
        sex=normalize_sex(str(sex)) if sex else None,
        docs=_docs(get("id_numbers")),
        phone=phone_key(str(phone)) if phone else None,
        address=address, house=house, address_key=address_key,
    )


def serial_skeleton(serial: str) -> str:
    """A serial with look-alikes mapped to one class (O/D/Q->0, I/L/7->1, B->8, S->5, Z->2, G->6)."""
    return serial.translate(_SERIAL_SKELETON)


def vehicle_features(record: Record) -> VehicleFeatures:
    """Normalize a vehicle record once."""
    vin = normalize_vin(record.get("vin"))
    plate = normalize_plate(record.get("plate"), record.get("plate_country")) if record.get("plate") else None
    return VehicleFeatures(
        vin=vin,
        vin_valid=is_valid_vin(vin),
        vin_checked=check_digit_ok(vin),
        plate=plate.core if plate and plate.core else None,
        plate_skeleton=plate.skeleton if plate and plate.skeleton else None,
        plate_prefix=_share(plate.prefix) if plate else None,
        plate_country=_share((plate.country if plate else None) or _text_or_none(record.get("plate_country"))),
        make=_share(vehicle_make(record.get("make"))),
        model=_share(_text_or_none(record.get("model"))),
        color=_share(_color(record.get("color"))),
        year=_year(record.get("year")),
    )


def vehicle_make(value: Any) -> str | None:
    """A vehicle make folded to its first word ("TOYOTA MOTOR" -> "TOYOTA"; "Chevy" -> "CHEVROLET")."""
    words = tokens(str(value)) if value else ()
    if not words:
        return None
    return _VEHICLE_MAKES.get(words[0], words[0])


_VEHICLE_MAKES: dict[str, str] = {
    "CHEVY": "CHEVROLET", "CHEV": "CHEVROLET", "VW": "VOLKSWAGEN", "MERCEDES": "MERCEDESBENZ", "BENZ": "MERCEDESBENZ",
    "DATSUN": "NISSAN", "MITSU": "MITSUBISHI", "LANDROVER": "LAND", "ROVER": "LAND",
}
"""Abbreviations and former names of vehicle makes; misspellings are left to the fuzzy comparison."""


def firearm_features(record: Record) -> FirearmFeatures:
    """Normalize a firearm record once."""
    serial = guns.normalize_serial(record.get("serial_number")) if record.get("serial_number") else None
    text = serial.text if serial and serial.text else None
    return FirearmFeatures(
        serial=text,
        serial_skeleton=serial_skeleton(text) if text else None,
        readable=serial.readable if serial else 0,
        make=_share(guns.canonical_make(record.get("make"))) if record.get("make") else None,
        model=_share(_text_or_none(record.get("model"))),
        caliber=_share(guns.canonical_caliber(record.get("caliber"))) if record.get("caliber") else None,
        firearm_type=_share(guns.canonical_type(record.get("firearm_type"))) if record.get("firearm_type") else None,
    )


def features_of(record: Record) -> Features:
    """The features of any record, by its kind."""
    if len(_SHARED) > 2_000_000:
        _SHARED.clear()
    if record.kind == "person":
        return person_features(record)
    if record.kind == "vehicle":
        return vehicle_features(record)
    return firearm_features(record)
