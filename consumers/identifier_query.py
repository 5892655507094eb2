"""The identifier part of a search, against one member record (pure).

- whole identifiers, whatever their spacing, punctuation or case, and document numbers with or
  without country and type ("BZ:P8072881", "passport p807-2881");
- plates read with look-alike characters (O/0, I/1/7, B/8, S/5, Z/2, G/6: the plate skeleton);
- fragments of at least three characters of a document number, plate (look-alikes forgiven), VIN,
  serial or phone ("4521" in "CAY-4521", "5012345" in a VIN);
- patterns with ``?`` (one unknown character) and ``*`` (any run), e.g. a serial "BHX?77*".

Clause names feed the hit's reason (``consumers.reasons``).
"""

from __future__ import annotations

import re
from typing import Any

from unidecode import unidecode

from consumers.mappings import MIN_FRAGMENT
from streams.resolve.normalize.documents import parse_document
from streams.resolve.normalize.plates import normalize_plate, skeleton
from streams.resolve.normalize.text import compact, fold

BOOSTS = {"exact": 10.0, "lookalike": 6.0, "pattern": 8.0, "fragment": 4.0, "lookalike_fragment": 3.0,
          "pattern_fragment": 3.0}
FIELDS: dict[str, str] = {"documents": "document", "plates": "plate", "vins": "vin", "serials": "serial",
                          "phones": "phone"}
"""Member identifier fields -> the word reasons use."""
_PATTERN_JUNK = re.compile(r"[^A-Z0-9?*]")
_DIGIT = re.compile(r"\d")
MAX_LETTERS = 12
"""Longest run of letters without a digit still looked up as an identifier fragment."""

MIN_PATTERN = 3
"""Known characters a pattern needs: fewer would match nearly every serial."""


def pattern(text: str) -> str | None:
    """The query as an identifier pattern (``"bhx-?77*"`` -> ``"BHX?77*"``), or None without ``?``/``*``."""
    if "?" not in text and "*" not in text:
        return None
    value = _PATTERN_JUNK.sub("", unidecode(text).upper())
    value = re.sub(r"\*+", "*", value)
    return value if sum(c.isalnum() for c in value) >= MIN_PATTERN else None


def wants_identifiers(text: str) -> bool:
    """Whether ``text`` may be an identifier: it holds a digit, ``?`` or ``*``, or is one word.

    Several words without a digit are a name or a description; looking them up as identifier
    fragments only costs time (a long one would even need a wildcard scan).
    """
    return bool(_DIGIT.search(text)) or "?" in text or "*" in text or len(fold(text).split()) == 1


def exact_values(text: str) -> list[str]:
    """The identifier forms to look up whole: compacted, document number without country/type, plate forms."""
    values = [compact(text)]
    document = parse_document(text)
    if document is not None:
        values.append(document.number)
    plate = normalize_plate(text)
    if plate is not None:
        values += [plate.text, plate.core]
    return list(dict.fromkeys(v for v in values if len(v) >= 2))


def _fragment(path: str, field: str, value: str, boost: float, name: str, digits: bool) -> dict[str, Any] | None:
    if len(value) > MAX_LETTERS and not digits:
        return None  # a long run of letters is a word, not an identifier fragment
    # the phrase of the fragment's trigrams: exactly the identifiers that contain it (``consumers.mappings``)
    return {"match_phrase": {f"{path}.{field}.fragments": {"query": value, "boost": boost, "_name": name}}}


def identifier_clauses(text: str, path: str) -> list[dict[str, Any]]:
    """Should-clauses matching an identifier, a look-alike plate, a fragment or a pattern in a member record."""
    if not wants_identifiers(text):
        return []
    wild = pattern(text)
    if wild is not None:
        clauses: list[dict[str, Any]] = []
        for field, word in FIELDS.items():
            clauses.append({"wildcard": {f"{path}.{field}": {"value": wild, "boost": BOOSTS["pattern"],
                                                             "_name": f"{word}_pattern"}}})
            if not (wild.startswith("*") and wild.endswith("*")):
                clauses.append({"wildcard": {f"{path}.{field}": {"value": f"*{wild.strip('*')}*",
                                                                 "boost": BOOSTS["pattern_fragment"],
                                                                 "_name": f"{word}_pattern"}}})
        return clauses
    values = exact_values(text)
    if not values:
        return []
    clauses = [{"terms": {f"{path}.{field}": values, "boost": BOOSTS["exact"], "_name": word}}
               for field, word in FIELDS.items()]
    skeletons = list(dict.fromkeys(skeleton(v) for v in values))
    clauses.append({"terms": {f"{path}.plate_skeletons": skeletons, "boost": BOOSTS["lookalike"],
                              "_name": "plate_lookalike"}})
    whole = compact(text)
    if len(whole) >= MIN_FRAGMENT:
        digits = bool(_DIGIT.search(whole))
        fragments = [_fragment(path, field, whole, BOOSTS["fragment"], f"{word}_fragment", digits)
                     for field, word in FIELDS.items()]
        fragments.append(_fragment(path, "plate_skeletons", skeleton(whole), BOOSTS["lookalike_fragment"],
                                   "plate_lookalike_fragment", digits))
        clauses += [f for f in fragments if f is not None]
    return clauses
