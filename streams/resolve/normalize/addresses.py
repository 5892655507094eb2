"""Postal addresses: folded text with common English and Spanish abbreviations expanded."""

from __future__ import annotations

from functools import lru_cache

from streams.resolve.normalize.text import fold

ABBREVIATIONS: dict[str, str] = {
    "ST": "STREET", "STR": "STREET", "AVE": "AVENUE", "AV": "AVENUE", "AVDA": "AVENIDA", "RD": "ROAD",
    "BLVD": "BOULEVARD", "HWY": "HIGHWAY", "DR": "DRIVE", "LN": "LANE", "CL": "CALLE", "C": "CALLE",
    "COL": "COLONIA", "BO": "BARRIO", "APT": "APARTMENT", "APTO": "APARTMENT", "NO": "", "NUM": "", "N": "",
    "MI": "MILE", "KM": "KILOMETRE", "VIL": "VILLAGE", "VLG": "VILLAGE", "CTY": "CITY", "STN": "STATION",
    "BZE": "BELIZE", "ZN": "ZONA", "OW": "ORANGE WALK", "SI": "SAN IGNACIO", "PG": "PUNTA GORDA",
}
"""Abbreviation -> expansion ("" drops a number sign word)."""


@lru_cache(maxsize=16384)
def normalize_address(s: str | None) -> str:
    """Folded address with abbreviations expanded ("#12 Albert St., Belize City" -> "12 ALBERT STREET BELIZE CITY")."""
    words = []
    for word in fold(s).split():
        expanded = ABBREVIATIONS.get(word, word)
        if expanded:
            words.append(expanded)
    return " ".join(words)


def address_tokens(s: str | None) -> frozenset[str]:
    """The set of words of the normalized address."""
    return frozenset(normalize_address(s).split())
