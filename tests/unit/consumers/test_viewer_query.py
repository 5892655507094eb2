"""The viewer's search request: name and identifier clauses, visibility and filters on every clause (pure)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from consumers.access import Viewer, visible_members
from consumers.criteria import criteria, encode_cursor
from consumers.identifier_query import exact_values, identifier_clauses, pattern
from consumers.name_query import name_clauses, name_words, required
from consumers.reasons import matched, reason
from streams.resolve.normalize.names import phonetic
from consumers.matching import close, explain
from consumers.viewer_query import eligible, search_request

ANA = Viewer("ana", "police", "CONFIDENTIAL")


def names_in(clause: Any) -> set[str]:
    """Every ``_name`` in a query tree."""
    found: set[str] = set()
    if isinstance(clause, dict):
        for key, value in clause.items():
            if key == "_name":
                found.add(value)
            else:
                found |= names_in(value)
    elif isinstance(clause, list):
        for item in clause:
            found |= names_in(item)
    return found


@pytest.mark.parametrize(("text", "words"), [
    ("José  López", ["JOSE", "LOPEZ"]),
    ("López de la Cruz, José", ["LOPEZ", "CRUZ", "JOSE"]),   # particles dropped, as surnames index them
    ("Sr. Pérez Pérez", ["PEREZ"]),                          # titles dropped, repeats once
    ("J Lopez", ["LOPEZ"]),                                   # initials dropped beside longer words
    ("CAY 4521", []),                                         # a digit: an identifier, not a name
    ("--", []),
])
def test_name_words(text: str, words: list[str]) -> None:
    assert name_words(text) == words


@pytest.mark.parametrize(("n", "k"), [(1, 1), (2, 2), (3, 2), (4, 2), (5, 3), (6, 3)])
def test_required_words(n: int, k: int) -> None:
    assert required(n) == k


def test_name_clauses_forgive_typos_order_nicknames_and_sounds() -> None:
    clauses = name_clauses("Pepe Basques", "members")
    words = clauses[0]["bool"]
    assert words["minimum_should_match"] == 2 and len(words["should"]) == 2
    pepe = json.dumps(words["should"][0])
    assert '"fuzziness": "AUTO"' in pepe and '"members.given_canonical": {"value": "JOSE"' in pepe
    assert '"members.family_sounds"' in json.dumps(words["should"][1])  # "BASQUES" sounds like "VASQUEZ"
    assert names_in(clauses) == {"given", "surname", "nickname", "given_sounds", "surname_sounds", "full_name"}
    assert clauses[1]["match"]["members.names"]["operator"] == "and"
    short = json.dumps(name_clauses("Lee", "members"))
    assert "sounds" not in short  # short words: spelling and nicknames only


@pytest.mark.parametrize(("text", "values"), [
    ("BZ:P8072881", ["BZP8072881", "P8072881"]),
    ("passport p807-2881", ["PASSPORTP8072881", "P8072881"]),
    ("CY C-12345", ["CYC12345", "C12345"]),
    ("x", []),
])
def test_exact_identifier_forms(text: str, values: list[str]) -> None:
    found = exact_values(text)
    assert set(values) <= set(found) and (found == [] if not values else True)


@pytest.mark.parametrize(("text", "expected"), [
    ("bhx-?77*", "BHX?77*"), ("AB**12?", "AB*12?"), ("??1", None), ("ABC123", None), ("*", None),
])
def test_patterns(text: str, expected: str | None) -> None:
    assert pattern(text) == expected


def test_identifier_clauses_fragments_lookalikes_and_patterns() -> None:
    names = names_in(identifier_clauses("CAY 452I", "members"))
    assert {"plate", "plate_lookalike", "plate_fragment", "plate_lookalike_fragment", "vin_fragment",
            "serial_fragment", "document"} <= names
    assert names_in(identifier_clauses("45", "members")) == {"document", "plate", "vin", "serial", "phone",
                                                              "plate_lookalike"}  # too short for fragments
    assert identifier_clauses("Jose Lopez", "members") == []  # words without a digit: a name, not an identifier
    assert "wildcard" not in json.dumps(identifier_clauses("Gonzalezlopezgarcia", "members"))
    long_vin = identifier_clauses("JTEBU5JR0K501", "members")
    assert {"query": "JTEBU5JR0K501", "boost": 4.0, "_name": "vin_fragment"} in [
        c["match_phrase"].get("members.vins.fragments") for c in long_vin if "match_phrase" in c]
    assert "wildcard" not in json.dumps(long_vin)  # any length is the phrase of its trigrams
    wild = identifier_clauses("BHX?77*", "members")
    assert names_in(wild) == {"document_pattern", "plate_pattern", "vin_pattern", "serial_pattern", "phone_pattern"}
    assert {"value": "BHX?77*", "boost": 8.0, "_name": "serial_pattern"} in [
        c["wildcard"].get("members.serials") for c in wild]


def test_every_clause_sits_behind_the_viewers_visibility_and_filters() -> None:
    c = criteria(q="Jose Lopez", kind="person", dob="1985-03-12", agencies=["police"], since="2025-01-01",
                 district="Cayo", country="BZ", size=5, cursor=encode_cursor([3.5, "per-a"]))
    body = search_request(c, ANA)
    query = body["query"]["bool"]
    assert query["filter"] == [{"term": {"kind": "person"}}]
    (match,) = query["must"]
    (dob,) = query["should"]                       # with a name, the DOB ranks but does not exclude
    for nested in (match["nested"], dob["nested"]):
        filters = nested["query"]["bool"]["filter"]
        assert filters[0] == visible_members(ANA)
        assert {"terms": {"members.agency": ["police"]}} in filters
        assert {"range": {"members.occurred_at": {"gte": "2025-01-01"}}} in filters
        assert {"term": {"members.districts": "Cayo"}} in filters and {"term": {"members.countries": "BZ"}} in filters
        assert nested["path"] == "members" and "inner_hits" not in nested  # reasons are worked out in Python
    assert names_in(dob) == {"dob", "dob_year"}
    assert body["search_after"] == [3.5, "per-a"] and body["size"] == 5 and body["track_total_hits"] is True
    assert body["sort"][1] == {"entity_id": {"order": "asc"}}
    assert "members" in body["aggs"] and body["_source"]["includes"]


def test_dob_alone_must_match_and_browsing_needs_a_visible_record() -> None:
    body = search_request(criteria(dob="1980..1990", facets=False), ANA)
    (dob,) = body["query"]["bool"]["must"]
    assert names_in(dob) == {"dob_range"} and "aggs" not in body
    browse = search_request(criteria(kind="vehicle"), ANA)["query"]["bool"]["must"][0]["nested"]
    assert browse["query"] == {"bool": {"filter": [visible_members(ANA)]}} and browse["score_mode"] == "none"


PERSON = {"record_key": "police/1", "agency": "police", "releasable_to": [], "level": 1,
          "occurred_at": "2025-06-01T10:00:00.000Z", "given": ["JOSE", "LUIS"], "family": ["LOPEZ", "GARCIA"],
          "given_canonical": ["JOSE", "LUIS"], "given_sounds": ["JS", "LS"], "family_sounds": ["LPS", "KRS"],
          "dob": ["1985-03-12"], "dob_date": ["1985-03-12"], "dob_year": [1985], "documents": ["P8072881"],
          "districts": ["Cayo"], "countries": ["BZ"], "text": ["12 REGENT STREET BELIZE CITY"]}
VEHICLE = {"record_key": "licensing/2", "agency": "licensing", "releasable_to": ["police"], "level": 0,
           "plates": ["CYC12345", "C12345"], "plate_skeletons": ["CYC12345", "C12345"],
           "vins": ["JTEBU5JR0K5012345"], "text": ["TOYOTA", "HILUX"]}
GUN = {"record_key": "forensics/3", "agency": "forensics", "level": 0, "releasable_to": ["police"],
       "serials": ["BHXR772"], "text": ["GLOCK"]}


@pytest.mark.parametrize(("kwargs", "member", "names"), [
    ({"q": "Jose Lopez"}, PERSON, ["full_name"]),
    ({"q": "Lopes Jsoe"}, PERSON, ["full_name"]),                          # typo, transposition, swapped
    ({"q": "Pepe Lopez"}, PERSON, ["surname", "nickname"]),
    ({"q": "Hose Lopez"}, PERSON, []),                                     # first letter differs: one word of two
    ({"q": "Basques", "dob": "1985-03-12"}, {**PERSON, "family_sounds": [phonetic("VASQUEZ")]},
     ["surname_sounds", "dob"]),
    ({"q": "Lopez", "dob": "1984..1986"}, PERSON, ["surname", "dob_range"]),
    ({"q": "Maria Gonzalez"}, PERSON, []),
    ({"q": "bz p807-2881"}, PERSON, ["document"]),
    ({"q": "CYC 1234S"}, VEHICLE, ["plate_lookalike"]),
    ({"q": "2345"}, VEHICLE, ["plate_fragment", "vin_fragment"]),
    ({"q": "toyta hilux"}, VEHICLE, ["description"]),
    ({"q": "BHX?77*"}, GUN, ["serial_pattern"]),
    ({"q": "HXR7"}, GUN, ["serial_fragment"]),
])
def test_matches_are_explained_from_member_documents(kwargs: dict[str, str], member: dict[str, object],
                                                     names: list[str]) -> None:
    found, records = explain(criteria(**kwargs), [member])  # type: ignore[arg-type]
    assert matched(found) == names and records == ([member["record_key"]] if names else [])


def test_best_record_first_and_fuzziness_like_lucene() -> None:
    weaker = {**PERSON, "record_key": "police/0", "given": ["JUAN"], "given_canonical": ["JUAN"], "given_sounds": []}
    found, records = explain(criteria(q="Jose Lopez"), [weaker, PERSON])
    assert records == ["police/1"] and matched(found) == ["full_name"]  # JUAN LOPEZ matches one word of two
    assert close("LOPES", "LOPEZ") and close("GONZALES", "GONZALEZ") and close("GNOZALEZ", "GONZALEZ")
    assert not close("LOEPS", "LOPEZ") and not close("AB", "AC") and not close("XLOPEZ", "LOPEZ")


def test_only_visible_filtered_records_explain_a_hit() -> None:
    ana = Viewer("ana", "police", "CONFIDENTIAL")
    assert eligible(criteria(), ana, PERSON) and eligible(criteria(), ana, VEHICLE)
    assert not eligible(criteria(), Viewer("dan", "customs", "SECRET"), VEHICLE)
    assert not eligible(criteria(), Viewer("x", "police", "UNCLASSIFIED"), PERSON)
    assert not eligible(criteria(agencies=["customs"]), ana, PERSON)
    assert eligible(criteria(since="2025-06-01", until="2025-06-01", district="cayo", country="bz"), ana, PERSON)
    assert not eligible(criteria(since="2025-06-02"), ana, PERSON)
    assert not eligible(criteria(district="Toledo"), ana, PERSON)


@pytest.mark.parametrize(("names", "text"), [
    ({"surname", "dob", "dob_year"}, "matched on surname + DOB"),
    ({"given", "surname", "full_name", "given_sounds"}, "matched on full name"),
    ({"nickname", "surname"}, "matched on surname + nickname"),
    ({"plate_lookalike", "plate_lookalike_fragment"}, "matched on plate (look-alike characters)"),
    ({"serial_pattern"}, "matched on serial pattern"),
    ({"vin_fragment", "description"}, "matched on part of a VIN + description"),
    (set(), "matched on filters"),
])
def test_reasons(names: set[str], text: str) -> None:
    assert reason(names) == text
    assert all(n in names for n in matched(names))
