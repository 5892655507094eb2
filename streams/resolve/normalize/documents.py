"""Identity documents written free-form ("BZ:P8072881", "DPI 8634 44262 1708", "CURP GOMJ...")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from streams.resolve.normalize.text import fold

PASSPORT, NATIONAL_ID, DPI, CURP, SSN, DRIVERS_LICENCE, VOTER_ID, TAX_ID = (
    "PASSPORT", "NATIONAL_ID", "DPI", "CURP", "SSN", "DRIVERS_LICENCE", "VOTER_ID", "TAX_ID"
)
UNKNOWN = "UNKNOWN"

TYPE_WORDS: dict[tuple[str, ...], str] = {
    ("PASSPORT",): PASSPORT, ("PASAPORTE",): PASSPORT, ("PP",): PASSPORT, ("PPT",): PASSPORT, ("PASS",): PASSPORT,
    ("DPI",): DPI, ("CUI",): DPI, ("CURP",): CURP, ("SSN",): SSN, ("SS",): SSN, ("SOCIAL", "SECURITY"): SSN,
    ("SOC", "SEC"): SSN, ("SSB",): SSN, ("NATIONAL", "ID"): NATIONAL_ID, ("ID", "CARD"): NATIONAL_ID,
    ("CEDULA",): NATIONAL_ID, ("DNI",): NATIONAL_ID, ("ID",): NATIONAL_ID, ("DUI",): NATIONAL_ID,
    ("DL",): DRIVERS_LICENCE, ("DRIVERS", "LICENCE"): DRIVERS_LICENCE, ("DRIVERS", "LICENSE"): DRIVERS_LICENCE,
    ("DRIVER", "LICENSE"): DRIVERS_LICENCE, ("LICENCIA",): DRIVERS_LICENCE, ("LICENSE",): DRIVERS_LICENCE,
    ("LICENCE",): DRIVERS_LICENCE, ("INE",): VOTER_ID, ("IFE",): VOTER_ID, ("VOTER", "ID"): VOTER_ID,
    ("RFC",): TAX_ID, ("TIN",): TAX_ID, ("NIT",): TAX_ID,
}
"""Words naming a document type, as token sequences (longest are tried first)."""

COUNTRY_WORDS: dict[str, str] = {
    "BZ": "BZ", "BLZ": "BZ", "BELIZE": "BZ", "BELICE": "BZ", "GT": "GT", "GTM": "GT", "GUATEMALA": "GT",
    "MX": "MX", "MEX": "MX", "MEXICO": "MX", "HN": "HN", "HND": "HN", "HONDURAS": "HN", "SV": "SV", "SLV": "SV",
    "SALVADOR": "SV", "US": "US", "USA": "US", "NI": "NI", "NIC": "NI", "NICARAGUA": "NI", "CR": "CR", "CRI": "CR",
    "JM": "JM", "JAM": "JM", "JAMAICA": "JM", "CO": "CO", "COL": "CO", "COLOMBIA": "CO", "CN": "CN", "CHN": "CN",
}
"""Country names and ISO-2/ISO-3 codes seen before a document number."""

_ISSUERS: dict[str, str] = {DPI: "GT", CURP: "MX"}
"""Document types only one country issues."""

_FORMATS: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(r"^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d$"), CURP, "MX"),
    (re.compile(r"^\d{13}$"), DPI, "GT"),
    (re.compile(r"^P\d{7}$"), PASSPORT, None),
    (re.compile(r"^[A-Z]\d{8}$"), PASSPORT, None),
)
"""Number shapes that reveal the document when nothing else does (regional formats)."""

_GLUED = re.compile(r"^(CURP|DPI|CUI|SSN|PP|SS|DL|RFC)(?=[A-Z]*\d)")
_MAX_WORDS = max(len(k) for k in TYPE_WORDS)


@dataclass(frozen=True, slots=True)
class IdDocument:
    """A normalized identity document: issuing country (ISO-2 or None), type, compact number."""

    country: str | None
    doc_type: str
    number: str


def _take_type(words: list[str], i: int) -> tuple[str, int] | None:
    for size in range(_MAX_WORDS, 0, -1):
        key = tuple(words[i : i + size])
        if len(key) == size and key in TYPE_WORDS:
            return TYPE_WORDS[key], size
    return None


@lru_cache(maxsize=32768)
def parse_document(s: str | None) -> IdDocument | None:
    """Parse one free-form document string; ``None`` when it holds no usable number.

    Country and type come from words ("BZ", "Passport", "DPI", "SSN", "CURP"...), from prefixes
    glued to the number ("GT:DPI2581..."), or from the number's shape (13 digits: a Guatemalan
    DPI; an 18-character CURP). The number keeps letters and loses spaces and punctuation.
    """
    words = fold(s).split()
    if not words:
        return None
    country: str | None = None
    doc_type: str | None = None
    number: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        found = _take_type(words, i) if not number or doc_type is None else None
        if found is not None and (i + found[1] < len(words)):
            doc_type = doc_type or found[0]
            i += found[1]
            continue
        if w in COUNTRY_WORDS and country is None and not number and i + 1 < len(words):
            country = COUNTRY_WORDS[w]
        elif w in ("NO", "NUM", "NUMBER", "NRO", "N", "NUMERO", "DE", "OF", "EL") and not number:
            pass
        else:
            number.append(w)
        i += 1
    text = "".join(number)
    glued = _GLUED.match(text)
    if glued and doc_type is None and not any(f[0].match(text) for f in _FORMATS):
        found = _take_type([glued.group(1)], 0)
        doc_type = found[0] if found else None
        text = text[glued.end() :]
    if len(text) < 4 or not any(c.isdigit() for c in text):
        return None
    if doc_type is None or country is None:
        for pattern, shape_type, shape_country in _FORMATS:
            if pattern.match(text) and doc_type in (None, shape_type):
                doc_type = shape_type
                country = country or shape_country
                break
    doc_type = doc_type or UNKNOWN
    country = country or _ISSUERS.get(doc_type)
    return IdDocument(country, doc_type, text)


def document_key(doc: IdDocument) -> str:
    """The key that identifies a document across agencies: its compact number.

    Country and type are left out because many agencies omit them; ``compare.documents``
    uses them to tell a conflict (same country and type, other number) from a second document.
    """
    return doc.number


def documents_compatible(a: IdDocument, b: IdDocument) -> bool:
    """True when ``a`` and ``b`` could be the same document (same number, no clash of country/type)."""
    if a.number != b.number:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    return a.doc_type == b.doc_type or UNKNOWN in (a.doc_type, b.doc_type)


def same_slot(a: IdDocument, b: IdDocument) -> bool:
    """True when both documents fill one slot a person holds once (same known country and type)."""
    return bool(a.country and a.country == b.country and a.doc_type == b.doc_type and a.doc_type != UNKNOWN)
