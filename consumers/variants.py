"""Search variants of names and identifiers, derived purely from values (no Elasticsearch)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_LABEL = re.compile(r"^\s*(?:[A-Za-z]{2,3}\s*:|(?:DPI|CURP|CUI|SSN|PASSPORT|PASAPORTE|PP|ID|NO|NUM)\b\.?)\s*", re.I)
# Characters that OCR, handwriting and radio read-outs confuse on plates, mapped to one representative.
_SKELETON = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6"})


def fold(text: object) -> str:
    """Lower-case ASCII with single spaces: ``"  Josè  LÓPEZ "`` -> ``"jose lopez"``."""
    return " ".join(unidecode(str(text)).lower().split())


def compact(text: object) -> str:
    """Upper-case ASCII letters and digits only: ``"bz-12 o45"`` -> ``"BZ12O45"``."""
    return _NON_ALNUM.sub("", unidecode(str(text)).upper())


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence kept, order preserved."""
    seen: dict[str, None] = {}
    for value in values:
        text = value.strip()
        if text and text not in seen:
            seen[text] = None
    return list(seen)


def identifier_variants(raw: object) -> list[str]:
    """The identifier as written, compacted, and without a country prefix or document label.

    ``"BZ:P8072881"`` -> ``["BZ:P8072881", "BZP8072881", "P8072881"]``.
    """
    text = str(raw).strip()
    variants = [text, compact(text)]
    rest = text
    while (stripped := _LABEL.sub("", rest, count=1)) != rest:
        rest = stripped
        variants.append(compact(rest))
    return unique(variants)


def plate_skeleton(plate: object) -> str:
    """A plate with look-alike characters collapsed: ``"C-O5 1B"`` and ``"c 0S18"`` both give ``"C0518"``."""
    return compact(plate).translate(_SKELETON)


def full_names(givens: Iterable[str], families: Iterable[str]) -> list[str]:
    """Every ``given family`` and ``family given`` combination, as written."""
    givens, families = unique(givens), unique(families)
    pairs = [f"{g} {f}" for g in givens for f in families] + [f"{f} {g}" for f in families for g in givens]
    return unique(pairs or [*givens, *families])
