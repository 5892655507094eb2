"""Vehicle makes, models, colours and model years as agencies write them."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from streams.resolve.normalize.text import fold

VEHICLE_MAKES: dict[str, tuple[str, ...]] = {
    "TOYOTA": ("TOYOTA", "TOYOTAMOTOR", "TOYOTAMOTORS"), "NISSAN": ("NISSAN", "DATSUN", "DATSUNNISSAN", "NISSANDATSUN"),
    "HONDA": ("HONDA",), "FORD": ("FORD", "FORDMOTOR", "FORDMOTORCO"), "CHEVROLET": ("CHEVROLET", "CHEVY", "CHEV", "CHEVI"),
    "ISUZU": ("ISUZU",), "MITSUBISHI": ("MITSUBISHI", "MITSU", "MITSUBISHIMOTORS"), "HYUNDAI": ("HYUNDAI",),
    "KIA": ("KIA", "KIAMOTORS"), "SUZUKI": ("SUZUKI",), "VOLKSWAGEN": ("VOLKSWAGEN", "VW", "VOLKS"),
    "MAZDA": ("MAZDA",), "JEEP": ("JEEP",), "DODGE": ("DODGE",), "RAM": ("RAM",), "GMC": ("GMC",),
    "LEXUS": ("LEXUS",), "SUBARU": ("SUBARU",), "MERCEDES_BENZ": ("MERCEDESBENZ", "MERCEDES", "BENZ", "MB"),
    "BMW": ("BMW",), "AUDI": ("AUDI",), "LAND_ROVER": ("LANDROVER", "ROVER", "RANGEROVER"), "JAC": ("JAC",),
    "GREAT_WALL": ("GREATWALL",), "CHERY": ("CHERY",), "BYD": ("BYD",), "GEELY": ("GEELY",), "HINO": ("HINO",),
    "FREIGHTLINER": ("FREIGHTLINER",), "INTERNATIONAL": ("INTERNATIONAL", "NAVISTAR"), "MACK": ("MACK",),
    "KENWORTH": ("KENWORTH",), "YAMAHA": ("YAMAHA",), "KAWASAKI": ("KAWASAKI",), "BAJAJ": ("BAJAJ",),
    "ITALIKA": ("ITALIKA",), "DAIHATSU": ("DAIHATSU",), "PEUGEOT": ("PEUGEOT",), "RENAULT": ("RENAULT",),
    "CHRYSLER": ("CHRYSLER",), "BUICK": ("BUICK",), "CADILLAC": ("CADILLAC",), "LINCOLN": ("LINCOLN",),
    "INFINITI": ("INFINITI",), "ACURA": ("ACURA",), "PONTIAC": ("PONTIAC",),
}
"""Canonical vehicle make -> compact spellings and former names."""

COLORS: dict[str, tuple[str, ...]] = {
    "WHITE": ("WHITE", "BLANCO", "BLANCA", "WHT", "WH", "PEARL"),
    "SILVER": ("SILVER", "PLATA", "PLATEADO", "PLATEADA", "SIL", "SLV"),
    "GREY": ("GREY", "GRAY", "GRIS", "GRY", "GRA", "CHARCOAL", "GUNMETAL"),
    "BLACK": ("BLACK", "NEGRO", "NEGRA", "BLK", "BK"),
    "RED": ("RED", "ROJO", "ROJA", "RD"),
    "MAROON": ("MAROON", "VINO", "BURGUNDY", "GUINDA", "GUINDO", "WINE", "MAR", "BORDEAUX"),
    "BLUE": ("BLUE", "AZUL", "BLU", "BL", "NAVY", "CELESTE", "TEAL"),
    "GREEN": ("GREEN", "VERDE", "GRN", "GR"),
    "GOLD": ("GOLD", "DORADO", "DORADA", "CHAMPAGNE", "CHAMPAN", "GLD"),
    "BEIGE": ("BEIGE", "TAN", "CREMA", "CREAM", "HUESO", "SAND", "ARENA"),
    "BROWN": ("BROWN", "CAFE", "MARRON", "BRN", "BRONZE"),
    "YELLOW": ("YELLOW", "AMARILLO", "AMARILLA", "YEL"),
    "ORANGE": ("ORANGE", "NARANJA", "ORG"),
    "PURPLE": ("PURPLE", "MORADO", "MORADA", "VIOLET", "LILA"),
}
"""Canonical colour -> English and Spanish names, abbreviations and shades."""

COLOR_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"SILVER", "GREY"}), frozenset({"RED", "MAROON"}), frozenset({"GOLD", "BEIGE", "BROWN", "YELLOW"}),
    frozenset({"WHITE", "SILVER", "BEIGE"}), frozenset({"BLACK", "GREY"}), frozenset({"BLUE", "PURPLE"}),
)
"""Colours witnesses and clerks confuse for one another."""

_COLOR_NOISE = frozenset({"DARK", "LIGHT", "METALLIC", "MET", "OSCURO", "OSCURA", "CLARO", "CLARA", "METALICO", "BRIGHT", "PALE", "DK", "LT", "COLOR", "COLOUR"})
_MAKE_INDEX: dict[str, str] = {form: make for make, forms in VEHICLE_MAKES.items() for form in forms}
_MAKE_NAMES: tuple[str, ...] = tuple(_MAKE_INDEX)
_COLOR_INDEX: dict[str, str] = {form: color for color, forms in COLORS.items() for form in forms}


@lru_cache(maxsize=8192)
def canonical_vehicle_make(s: str | None) -> str | None:
    """Canonical make ("Chevy" -> "CHEVROLET", "Toyota Motor" -> "TOYOTA", "Hyundia" -> "HYUNDAI").

    Spellings within Jaro-Winkler 0.9 of a known make count as that make; unknown makes come
    back folded with "_" between words; None when empty.
    """
    words = fold(s).split()
    if not words:
        return None
    for size in range(len(words), 0, -1):
        found = _MAKE_INDEX.get("".join(words[:size]))
        if found:
            return found
    for word in words:
        found = _MAKE_INDEX.get(word)
        if found:
            return found
    if len(words[0]) >= 4:
        best = process.extractOne(words[0], _MAKE_NAMES, scorer=JaroWinkler.similarity, score_cutoff=0.9)
        if best is not None:
            return _MAKE_INDEX[best[0]]
    return "_".join(words)


@lru_cache(maxsize=4096)
def canonical_colors(s: str | None) -> frozenset[str]:
    """The canonical colours named ("silver/grey" -> {SILVER, GREY}; "dark blue" -> {BLUE}; "Blanco" -> {WHITE})."""
    found = set()
    for word in fold(s).split():
        if word in _COLOR_NOISE:
            continue
        found.add(_COLOR_INDEX.get(word, word))
    return frozenset(found)


def colors_related(a: str, b: str) -> bool:
    """True when two distinct canonical colours are often taken for one another."""
    return any(a in family and b in family for family in COLOR_FAMILIES)


@lru_cache(maxsize=4096)
def normalize_model(s: str | None) -> str | None:
    """Model folded and compacted ("CR-V" -> "CRV", "Land Cruiser Prado" -> "LANDCRUISERPRADO")."""
    text = fold(s).replace(" ", "")
    return text or None


def model_year(value: object) -> int | None:
    """A model year from an int or text ("2015", "2015.0", "'15" is refused); None when implausible."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        year = int(value)
    else:
        text = str(value).strip()
        digits = text[:4]
        if not digits.isdigit():
            return None
        year = int(digits)
    return year if 1900 <= year <= 2100 else None
