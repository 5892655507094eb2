"""Licence plates: country and prefix detection, compact text, and a skeleton that forgives look-alikes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from streams.resolve.normalize.text import fold

BELIZE_DISTRICTS: frozenset[str] = frozenset({"BZ", "CY", "OW", "CZ", "SC", "TO", "BMP"})
"""District prefixes on Belizean plates (Belize, Cayo, Orange Walk, Corozal, Stann Creek, Toledo, Belmopan)."""

PLATE_COUNTRIES: dict[str, str] = {
    "BZ": "BZ", "BELIZE": "BZ", "BLZ": "BZ", "GT": "GT", "GUA": "GT", "GUATEMALA": "GT", "MX": "MX", "MEX": "MX",
    "MEXICO": "MX", "HN": "HN", "HONDURAS": "HN", "SV": "SV", "US": "US", "USA": "US",
}
"""Country words that may lead a written plate (ISO-2, IOC/ISO-3 codes, names)."""

CONFUSABLE_CLASSES: dict[str, str] = {
    "O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "7": "1", "B": "8", "S": "5", "Z": "2", "G": "6",
}
"""Characters read for one another on worn or hand-copied plates, mapped to one representative
(7 joins 1: a continental hand-written 1 reads as 7)."""

_SKELETON = str.maketrans(CONFUSABLE_CLASSES)
_BELIZE = re.compile(r"^(BZ|CY|OW|CZ|SC|TO|BMP)?([A-Z])(\d{1,5})$")
_GUATEMALA = re.compile(r"^([PMCAUOTED])(\d{3}[A-Z]{3})$")
_NOISE = frozenset({"PLATE", "PLACA", "PLACAS", "NO", "NUM", "LIC", "REG", "TAG"})


@dataclass(frozen=True, slots=True)
class Plate:
    """A normalized plate.

    ``prefix`` is a Belizean district code or Guatemalan usage letter (None when absent);
    ``core`` the rest; ``text`` prefix + core; ``skeleton`` the core with confusables unified.
    """

    country: str | None
    text: str
    skeleton: str
    prefix: str | None = None
    core: str = ""


def skeleton(text: str) -> str:
    """Map look-alike characters to one class each (0/O/D/Q, 1/I/L/7, 8/B, 5/S, 2/Z, 6/G)."""
    return text.translate(_SKELETON)


def _country_code(country: str | None) -> str | None:
    if not country:
        return None
    key = fold(country).replace(" ", "")
    return PLATE_COUNTRIES.get(key, key[:2] if len(key) == 2 else None)


@lru_cache(maxsize=32768)
def normalize_plate(plate: str | None, country: str | None = None) -> Plate | None:
    """Normalize a plate as written ("BZ C-12345", "cz c 01234", "P-123BCD", "ABC-12-34").

    A leading country word sets the country unless ``country`` is given; a Belizean district
    code or Guatemalan usage letter becomes ``prefix``. None for empty or placeholder plates.
    """
    words = [w for w in fold(plate).split() if w not in _NOISE]
    if not words:
        return None
    code = _country_code(country)
    lead = words[0]
    if len(words) > 1 and lead in PLATE_COUNTRIES:
        second = words[1]
        is_district = lead in BELIZE_DISTRICTS and second not in BELIZE_DISTRICTS
        if not is_district:
            code = code or PLATE_COUNTRIES[lead]
            words = words[1:]
    text = "".join(words)
    if len(text) < 2 or text in ("NA", "NONE", "UNKNOWN", "NOPLATE", "SINPLACA", "NIL"):
        return None
    prefix: str | None = None
    core = text
    m = _BELIZE.match(text) if code in (None, "BZ") else None
    if m and (m.group(1) or code == "BZ"):
        prefix, core, code = m.group(1), m.group(2) + m.group(3), "BZ"
    else:
        m = _GUATEMALA.match(text) if code in (None, "GT") else None
        if m:
            prefix, core, code = m.group(1), m.group(2), "GT"
    return Plate(code, text, skeleton(core), prefix, core)
