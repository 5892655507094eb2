"""Sex as recorded: English and Spanish words and codes to "M" / "F"."""

from __future__ import annotations

from functools import lru_cache

from streams.resolve.normalize.text import fold

SEX_WORDS: dict[str, str] = {
    "M": "M", "MALE": "M", "MAN": "M", "H": "M", "HOMBRE": "M", "MASCULINO": "M", "MASC": "M", "VARON": "M", "1": "M",
    "F": "F", "FEMALE": "F", "WOMAN": "F", "MUJER": "F", "FEMENINO": "F", "FEM": "F", "2": "F",
}
"""Recorded values -> "M" or "F" (1/2 as in ISO 5218)."""


@lru_cache(maxsize=256)
def normalize_sex(s: str | None) -> str | None:
    """"M" or "F"; None for unknown, other or empty values."""
    return SEX_WORDS.get(fold(s)) if s else None
