"""Where a record points: country codes and Belizean districts read from addresses and plates (pure).

Records carry no event location yet, so the district/country filters use what a record itself
says: the country of a document or plate, the district of a plate's prefix or of the town in an
address.
"""

from __future__ import annotations

import re

from streams.resolve.normalize.plates import PLATE_COUNTRIES
from streams.resolve.normalize.text import fold

DISTRICT_PREFIXES: dict[str, str] = {
    "BZ": "Belize", "CY": "Cayo", "OW": "Orange Walk", "CZ": "Corozal", "SC": "Stann Creek", "TO": "Toledo",
    "BMP": "Cayo",
}
"""Belizean plate prefixes -> district (Belmopan lies in Cayo)."""

TOWNS: dict[str, str] = {
    "BELIZE CITY": "Belize", "LADYVILLE": "Belize", "SAN PEDRO": "Belize", "CAYE CAULKER": "Belize",
    "BELMOPAN": "Cayo", "SAN IGNACIO": "Cayo", "SANTA ELENA": "Cayo", "BENQUE VIEJO": "Cayo",
    "SPANISH LOOKOUT": "Cayo", "ORANGE WALK": "Orange Walk", "SHIPYARD": "Orange Walk", "BLUE CREEK": "Orange Walk",
    "COROZAL": "Corozal", "DANGRIGA": "Stann Creek", "HOPKINS": "Stann Creek", "PLACENCIA": "Stann Creek",
    "PUNTA GORDA": "Toledo", "SAN ANTONIO": "Toledo",
    "MELCHOR DE MENCOS": "Petén", "FLORES": "Petén", "CIUDAD DE GUATEMALA": "Guatemala",
    "CHETUMAL": "Quintana Roo", "BACALAR": "Quintana Roo",
}
"""Towns of Belize and its borderlands -> district (or department/state across the border)."""

_TOWN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, TOWNS), key=len, reverse=True)) + r")\b")
DISTRICTS: tuple[str, ...] = tuple(sorted(set(TOWNS.values()) | set(DISTRICT_PREFIXES.values())))


def country_code(text: object) -> str | None:
    """``"Belize"``, ``"BLZ"``, ``"bz"`` -> ``"BZ"``; None when not a known country word or two-letter code."""
    key = fold(str(text or "")).replace(" ", "")
    return PLATE_COUNTRIES.get(key, key if len(key) == 2 and key.isalpha() else None)


def address_district(address: object) -> str | None:
    """The district of the first known town named in an address, or None."""
    match = _TOWN.search(fold(str(address or "")))
    return TOWNS[match.group(1)] if match else None


def plate_district(prefix: str | None) -> str | None:
    """The district a Belizean plate prefix names (``"CY"`` -> Cayo), or None."""
    return DISTRICT_PREFIXES.get(prefix or "")
