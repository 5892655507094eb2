"""Exact identifier keys for the simple linker: two records sharing a key are the same entity.

Deliberately strict (no fuzzy matching): the resolution engine in ``streams.resolve``
replaces this linker. Keys carry their type (``doc:``, ``name:``, ``vin:``, ``plate:``,
``serial:``) so a passport number can never collide with a VIN.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Mapping
from typing import Any

import ftfy
from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_COUNTRY_PREFIX = re.compile(r"^\s*[A-Za-z]{2,3}\s*:\s*")
_DOC_LABELS = frozenset({"DPI", "CURP", "PASSPORT", "PASAPORTE", "PASS", "PP", "ID", "NO", "NUM", "SSN", "CUI"})
_MAKE_ALIASES = {
    "SW": "SMITHWESSON",
    "SMITHANDWESSON": "SMITHWESSON",
    "COLTS": "COLT",
    "COLTSMFG": "COLT",
    "RUGERCO": "RUGER",
    "STURMRUGER": "RUGER",
    "HK": "HECKLERKOCH",
    "HECKLERANDKOCH": "HECKLERKOCH",
}
MIN_DOCUMENT = 5
MIN_SERIAL = 3


def fold(value: Any) -> str:
    """Upper-case ASCII words: mojibake repaired, accents dropped, punctuation to single spaces."""
    return "" if value is None else _fold(str(value))


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    if not text.isascii():
        text = unidecode(ftfy.fix_text(text))
    return " ".join(_NON_ALNUM.split(text.upper())).strip()


def compact(value: Any) -> str:
    """``fold`` without any spaces: ``"P 807-2881"`` -> ``"P8072881"``."""
    return fold(value).replace(" ", "")


def document_number(raw: Any) -> str | None:
    """An identity document number without country prefix or type label (``"BZ:P8072881"`` -> ``"P8072881"``)."""
    if not raw:
        return None
    words = fold(_COUNTRY_PREFIX.sub("", str(raw))).split()
    while words and words[0] in _DOC_LABELS:
        words = words[1:]
    number = "".join(words)
    return number if len(number) >= MIN_DOCUMENT else None


def canonical_make(raw: Any) -> str | None:
    """A firearm make without punctuation or ``AND``: ``"S&W"``, ``"Smith and Wesson"`` -> ``"SMITHWESSON"``."""
    words = [w for w in fold(str(raw or "").replace("&", " ")).split() if w != "AND"]
    make = "".join(words)
    return _MAKE_ALIASES.get(make, make) or None


def _person(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    numbers = record.get("id_numbers") or []
    for raw in [numbers] if isinstance(numbers, str) else numbers:
        number = document_number(raw)
        if number:
            yield f"doc:{number}", number
    given, family, dob = fold(record.get("given_name")), fold(record.get("family_name")), record.get("date_of_birth")
    if given and family and isinstance(dob, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob):
        yield f"name:{given} {family}|{dob}", ""


def _vehicle(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    vin = compact(record.get("vin"))
    if len(vin) == 17:
        yield f"vin:{vin}", vin
    plate, country = compact(record.get("plate")), compact(record.get("plate_country"))
    if plate and country:
        yield f"plate:{country}:{plate}", plate


def _firearm(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    raw_serial = str(record.get("serial_number") or "")
    serial, make = compact(raw_serial), canonical_make(record.get("make"))
    if make and len(serial) >= MIN_SERIAL and "?" not in raw_serial:
        yield f"serial:{make}:{serial}", serial


_BY_KIND = {"person": _person, "vehicle": _vehicle, "firearm": _firearm}


def identifier_keys(record: Mapping[str, Any]) -> dict[str, str]:
    """Every linking key of ``record`` mapped to its searchable value (``""`` for composite keys)."""
    extract = _BY_KIND.get(str(record.get("kind")))
    return dict(extract(record)) if extract else {}
