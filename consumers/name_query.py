"""The name part of a search, against one member record (pure).

Each query word must match a given name or surname of the record: within AUTO edit distance
(typos, missing or wrong accents: the index folds both sides), through its nickname group
("Pepe" finds José), or by sound (``streams.resolve.normalize.names.phonetic``: "Basques" finds
"Vásquez"). Words are matched in any order, so swapped given/family names match; with two or
more words, about half of them must match (at least two), so "Juan Pérez Gómez" finds a record
with one surname and "Juan Pérez" one with two. A record matching all words in one name ranks
higher (``full_name``). Clause names feed the hit's reason (``consumers.reasons``).
"""

from __future__ import annotations

import math
import re
from typing import Any

from streams.resolve.normalize.names import PARTICLES, TITLES, canonical_given, phonetic
from streams.resolve.normalize.text import fold

BOOSTS = {"token": 1.0, "nickname": 0.8, "sounds": 0.5, "full_name": 2.0}
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 30}
_DIGIT = re.compile(r"\d")
MIN_SOUNDED = 4
"""Shorter words are matched by spelling and nickname only: their sound keys are shared by too many names."""


def name_words(text: str) -> list[str]:
    """The words of a query that can be name words: folded, no particles or titles, no repeats.

    None when the query holds a digit: names have none, identifiers nearly always do.
    """
    if _DIGIT.search(text):
        return []
    words = fold(text).split()
    kept = [w for w in words if w not in PARTICLES and (w not in TITLES or len(words) == 1)]
    return list(dict.fromkeys(w for w in kept if len(w) > 1 or len(kept) == 1))


def required(n_words: int) -> int:
    """How many of ``n_words`` query words a record must match: 1 of 1, 2 of 2 or 3, then about half."""
    return 1 if n_words <= 1 else max(2, math.ceil(n_words / 2))


def word_clause(word: str, path: str) -> dict[str, Any]:
    """One query word against the record's given names and surnames, by spelling, nickname or sound."""
    sound = phonetic(word) if len(word) >= MIN_SOUNDED else ""
    sound = sound if len(sound) >= 2 else ""  # one-consonant keys ("LEE" -> "L") match too much
    queries: list[dict[str, Any]] = [
        {"match": {f"{path}.given": {"query": word, **FUZZY, "boost": BOOSTS["token"], "_name": "given"}}},
        {"match": {f"{path}.family": {"query": word, **FUZZY, "boost": BOOSTS["token"], "_name": "surname"}}},
        {"term": {f"{path}.given_canonical": {"value": canonical_given(word), "boost": BOOSTS["nickname"],
                                               "_name": "nickname"}}},
    ]
    if sound:
        queries += [
            {"term": {f"{path}.given_sounds": {"value": sound, "boost": BOOSTS["sounds"], "_name": "given_sounds"}}},
            {"term": {f"{path}.family_sounds": {"value": sound, "boost": BOOSTS["sounds"], "_name": "surname_sounds"}}},
        ]
    return {"dis_max": {"queries": queries}}


def name_clauses(text: str, path: str) -> list[dict[str, Any]]:
    """Should-clauses for a member query: the words (enough of them must match) and the whole-name bonus."""
    words = name_words(text)
    if not words:
        return []
    clauses: list[dict[str, Any]] = [{"bool": {"should": [word_clause(w, path) for w in words],
                                               "minimum_should_match": required(len(words))}}]
    if len(words) > 1:
        clauses.append({"match": {f"{path}.names": {"query": " ".join(words), "operator": "and", **FUZZY,
                                                    "boost": BOOSTS["full_name"], "_name": "full_name"}}})
    return clauses
