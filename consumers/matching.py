"""Which query clauses a hit's visible records satisfy, decided in Python (pure): the hit's reason.

Elasticsearch's named queries would say it too, but only through ``inner_hits``, which re-run the
whole nested query for every hit shown (measured: four times the cost of the search itself at
100,000 entities). The clauses are simple enough to re-check on the ten member documents of a
page, with the normalizers the query uses: words by edit distance (Lucene's AUTO: 0 edits up to
2 letters, 1 up to 5, else 2; transpositions count once; the first letter must agree), nickname
group and sound; identifiers whole, as fragments, as look-alike plates or ``?``/``*`` patterns;
the date of birth. Clause names are those of ``consumers.name_query``, ``consumers.identifier_query``
and ``consumers.viewer_query``, so ``consumers.reasons`` words them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rapidfuzz.distance import OSA

from consumers.criteria import Criteria, Dob
from consumers.identifier_query import FIELDS, exact_values, pattern, wants_identifiers
from consumers.mappings import MIN_FRAGMENT
from consumers.name_query import MIN_SOUNDED, name_words, required
from streams.resolve.normalize.names import canonical_given, phonetic
from streams.resolve.normalize.plates import skeleton
from streams.resolve.normalize.text import compact, fold


def close(word: str, token: str) -> bool:
    """``word`` within AUTO edit distance of ``token`` with the same first letter (the query's fuzziness)."""
    if not word or not token or word[0] != token[0]:
        return False
    allowed = 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2
    return OSA.distance(word, token, score_cutoff=allowed) <= allowed


def _words(values: Iterable[str]) -> list[str]:
    return [w for v in values for w in fold(v).split()]


def name_matches(text: str, member: dict[str, Any]) -> set[str]:
    words = name_words(text)
    if not words:
        return set()
    given, family = _words(member.get("given") or []), _words(member.get("family") or [])
    canonical, given_sounds = set(member.get("given_canonical") or []), set(member.get("given_sounds") or [])
    family_sounds = set(member.get("family_sounds") or [])
    found: set[str] = set()
    word_hits = 0
    spelled = 0
    for word in words:
        hits: set[str] = set()
        if any(close(word, t) for t in given):
            hits.add("given")
        if any(close(word, t) for t in family):
            hits.add("surname")
        if canonical_given(word) in canonical:
            hits.add("nickname")
        sound = phonetic(word) if len(word) >= MIN_SOUNDED else ""
        if len(sound) >= 2:
            if sound in given_sounds:
                hits.add("given_sounds")
            if sound in family_sounds:
                hits.add("surname_sounds")
        word_hits += bool(hits)
        spelled += bool(hits & {"given", "surname"})
        found |= hits
    if word_hits < required(len(words)):
        return set()
    if len(words) > 1 and spelled == len(words):
        found.add("full_name")
    return found


def _pattern_regex(wild: str) -> re.Pattern[str]:
    return re.compile("".join("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in wild))


def identifier_matches(text: str, member: dict[str, Any]) -> set[str]:
    if not wants_identifiers(text):
        return set()
    found: set[str] = set()
    values = {field: [compact(v) for v in member.get(field) or []] for field in FIELDS}
    wild = pattern(text)
    if wild is not None:
        whole, inside = _pattern_regex(wild), _pattern_regex(f"*{wild.strip('*')}*")
        return {f"{word}_pattern" for field, word in FIELDS.items()
                if any(whole.fullmatch(v) or inside.fullmatch(v) for v in values[field])}
    exact = set(exact_values(text))
    for field, word in FIELDS.items():
        if exact & set(values[field]):
            found.add(word)
    skeletons = {skeleton(v) for v in exact}
    plate_skeletons = [compact(v) for v in member.get("plate_skeletons") or []]
    if skeletons & set(plate_skeletons):
        found.add("plate_lookalike")
    fragment = compact(text)
    if len(fragment) >= MIN_FRAGMENT:
        for field, word in FIELDS.items():
            if any(fragment in v for v in values[field]):
                found.add(f"{word}_fragment")
        if any(skeleton(fragment) in v for v in plate_skeletons):
            found.add("plate_lookalike_fragment")
    return found


def description_matches(text: str, member: dict[str, Any]) -> set[str]:
    words = fold(text).split()
    tokens = _words(member.get("text") or [])
    hits = sum(any(close(w, t) for t in tokens) for w in words)
    return {"description"} if words and hits >= required(len(words)) else set()


def dob_matches(dob: Dob, member: dict[str, Any]) -> set[str]:
    if dob.exact:
        if dob.exact in (member.get("dob") or []):
            return {"dob", "dob_year"}
        return {"dob_year"} if int(dob.exact[:4]) in (member.get("dob_year") or []) else set()
    if dob.year:
        return {"dob_year"} if dob.year in (member.get("dob_year") or []) else set()
    for value in member.get("dob_date") or []:
        day = value if len(value) == 10 else f"{value[:4]}-01-01"
        if (dob.start is None or day >= dob.start) and (dob.end is None or day <= dob.end):
            return {"dob_range"}
    return set()


def explain(criteria: Criteria, members: Iterable[dict[str, Any]]) -> tuple[set[str], list[str]]:
    """The clause names the best-matching record satisfies (plus any record's DOB match), and the matching records."""
    scored: list[tuple[int, str, set[str]]] = []
    dob_names: set[str] = set()
    for member in members:
        names: set[str] = set()
        if criteria.q:
            names = (name_matches(criteria.q, member) | identifier_matches(criteria.q, member)
                     | description_matches(criteria.q, member))
        dob = dob_matches(criteria.dob, member) if criteria.dob else set()
        dob_names |= dob
        if names or dob:
            scored.append((-len(names), str(member.get("record_key")), names | dob))
    scored.sort(key=lambda s: (s[0], s[1]))
    best = scored[0][2] if scored else set()
    return best | dob_names, [key for _, key, _ in scored]
