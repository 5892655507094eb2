"""Comparison levels from raw agency text, end to end: record -> features (normalizers) -> level per attribute.

Table-driven, both directions. Carried over from the per-attribute comparator tests when the
engine's own comparison layer (``levels``) became the only one.
"""

from __future__ import annotations

from typing import Any

import pytest

from streams.resolve.features import FirearmFeatures, PersonFeatures, VehicleFeatures, features_of
from streams.resolve.levels import ATTRIBUTES, firearm_levels, person_levels, vehicle_levels
from streams.resolve.records import parse_record


def _levels(kind: str, a: dict[str, Any], b: dict[str, Any]) -> dict[str, str]:
    fa = features_of(parse_record({"record_id": "a", "source": "s", "kind": kind, **a}))
    fb = features_of(parse_record({"record_id": "b", "source": "s", "kind": kind, **b}))
    if isinstance(fa, PersonFeatures) and isinstance(fb, PersonFeatures):
        levels = person_levels(fa, fb)
    elif isinstance(fa, VehicleFeatures) and isinstance(fb, VehicleFeatures):
        levels = vehicle_levels(fa, fb)
    else:
        assert isinstance(fa, FirearmFeatures) and isinstance(fb, FirearmFeatures)
        levels = firearm_levels(fa, fb)
    return dict(zip(ATTRIBUTES[kind], levels))


def names(given: str | None, family: str | None) -> dict[str, Any]:
    return {"given_name": given, "family_name": family}


PERSON: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("accents", names("José", "Choc"), names("Jose", "Choc"), "given", "exact"),
    ("mojibake", names("José", "Choc"), names("JosÃ©", "Choc"), "given", "exact"),
    ("nickname Pepe", names("Pepe", "Choc"), names("José", "Choc"), "given", "nickname"),
    ("nickname Bill", names("Bill", "Smith"), names("William", "Smith"), "given", "nickname"),
    ("nickname Lupe", names("Lupe", "Cal"), names("Guadalupe", "Cal"), "given", "nickname"),
    ("Yesica/Jessica", names("Yesica", "Cal"), names("Jessica", "Cal"), "given", "nickname"),
    ("Elena/Helena", names("Elena", "Cal"), names("Helena", "Cal"), "given", "nickname"),
    ("Wendi/Wendy", names("Wendi", "Cal"), names("Wendy", "Cal"), "given", "phonetic"),
    ("Bernabe/Vernabe", names("Bernabe", "Cal"), names("Vernabe", "Cal"), "given", "phonetic"),
    ("Francisca/Fransisca", names("Francisca", "Cal"), names("Fransisca", "Cal"), "given", "phonetic"),
    ("Marisela/Marisella", names("Marisela", "Cal"), names("Marisella", "Cal"), "given", "phonetic"),
    ("Marvin/Mavrin", names("Marvin", "Cal"), names("Mavrin", "Cal"), "given", "fuzzy"),
    ("Ángel/Ámgel", names("Ángel", "Cal"), names("Ámgel", "Cal"), "given", "fuzzy"),
    ("Dwight/Dwigth", names("Dwight", "Cal"), names("Dwigth", "Cal"), "given", "phonetic"),
    ("initial", names("J.", "Choc"), names("Jose", "Choc"), "given", "initial"),
    ("middle name alone", names("Jose Luis", "Choc"), names("Luis", "Choc"), "given", "exact"),
    ("Juan/Jose", names("Juan", "Choc"), names("Jose", "Choc"), "given", "different"),
    ("other initial", names("K.", "Choc"), names("Jose", "Choc"), "given", "different"),
    ("given missing", names(None, "Choc"), names("Jose", "Choc"), "given", "missing"),
    ("surname accents", names("Maria", "López García"), names("María", "Lopez Garcia"), "surname", "exact"),
    ("surnames reordered", names("Maria", "Lopez Garcia"), names("Maria", "Garcia Lopez"), "surname", "partial"),
    ("Mc Donald", names("Ana", "Mc Donald"), names("Ana", "McDonald"), "surname", "fuzzy"),  # two tokens vs one
    ("married name, family-first", names("", "López de García, María"), names("Maria Lopez", None), "surname", "subset"),
    ("one of two surnames", names("Maria", "Lopez Garcia"), names("Maria", "Garcia"), "surname", "subset"),
    ("one of two, other side", names("Ana", "Vasquez"), names("Ana", "Vasquez Bacab"), "surname", "subset"),
    ("Vasquez/Basquez", names("Ana", "Vasquez"), names("Ana", "Basquez"), "surname", "phonetic"),
    ("Montalvo/Montavlo", names("Ana", "Montalvo"), names("Ana", "Montavlo"), "surname", "fuzzy"),
    ("shared first surname", names("Ana", "Lopez Garcia"), names("Ana", "Lopez Martinez"), "surname", "partial"),
    ("Choc/Pop", names("Ana", "Choc"), names("Ana", "Pop"), "surname", "different"),
    ("surname missing", names("Ana", None), names("Ana", "Pop"), "surname", "missing"),
    ("dob formats", {"date_of_birth": "1985-03-07"}, {"date_of_birth": "07/03/1985"}, "dob", "exact"),
    ("dob day/month swap", {"date_of_birth": "1985-03-07"}, {"date_of_birth": "1985-07-03"}, "dob", "day_month_swap"),
    ("dob one digit", {"date_of_birth": "1985-03-07"}, {"date_of_birth": "1985-03-17"}, "dob", "one_digit"),
    ("dob year typo", {"date_of_birth": "1985-03-07"}, {"date_of_birth": "1986-03-07"}, "dob", "one_digit"),
    ("dob year only", {"date_of_birth": "1985"}, {"date_of_birth": "1985-03-07"}, "dob", "year_only"),
    ("dob a year apart, rough", {"date_of_birth": "1985"}, {"date_of_birth": "1986-03-07"}, "dob", "within_1y"),
    ("dob different", {"date_of_birth": "1985-03-07"}, {"date_of_birth": "1990-11-21"}, "dob", "different"),
    ("dob missing", {}, {"date_of_birth": "1985-03-07"}, "dob", "missing"),
    ("sex words", {"sex": "Male"}, {"sex": "M"}, "sex", "same"),
    ("sex hombre", {"sex": "Hombre"}, {"sex": "M"}, "sex", "same"),
    ("sex differs", {"sex": "F"}, {"sex": "M"}, "sex", "different"),
    ("passport spacing", {"id_numbers": ["BZ:P8072881"]}, {"id_numbers": ["P 807 2881"]}, "document", "same_doc"),
    ("document no documents", {}, {"id_numbers": ["P 807 2881"]}, "document", "none"),
    ("phone formats", {"phone": "+501 610-1234"}, {"phone": "6101234"}, "phone", "same"),
    ("phone differs", {"phone": "610-1234"}, {"phone": "622-9876"}, "phone", "different"),
    ("address same", {"address": "3 Main St, Ladyville"}, {"address": "3 MAIN ST LADYVILLE"}, "address", "same"),
    ("address typo", {"address": "3 Main Street, Ladyville"}, {"address": "3 Main Streat, Ladyville"}, "address", "same"),
    ("address other house", {"address": "3 Main St, Ladyville"}, {"address": "5 Main St, Ladyville"}, "address", "similar"),
    ("address different", {"address": "3 Main St, Ladyville"}, {"address": "12 Cemetery Road, Orange Walk"}, "address", "different"),
    ("address missing", {}, {"address": "3 Main St"}, "address", "missing"),
]

VEHICLE: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("plate district", {"plate": "BZ C-12345"}, {"plate": "C12345"}, "plate", "exact"),
    ("plate look-alike", {"plate": "C12345"}, {"plate": "CI2345"}, "plate", "skeleton"),
    ("plate district + look-alike", {"plate": "BZ C-12345"}, {"plate": "CI2345"}, "plate", "skeleton"),
    ("plate different", {"plate": "C12345"}, {"plate": "D98765"}, "plate", "different"),
    ("VIN with O for 0", {"vin": "1M8GDM9AXKP042788"}, {"vin": "1M8GDM9AXKP0427O8"}, "vin", "one_off"),  # O is no VIN letter
    ("VIN one off", {"vin": "JTDBR32E530012345"}, {"vin": "JTDBR32E530012346"}, "vin", "one_off"),
    ("VIN missing", {}, {"vin": "JTDBR32E530012345"}, "vin", "missing"),
    ("make Chevy", {"make": "Chevy"}, {"make": "Chevrolet"}, "make", "same"),
    ("make VW", {"make": "VW"}, {"make": "Volkswagen"}, "make", "same"),
    ("make differs", {"make": "Toyota"}, {"make": "Nissan"}, "make", "different"),
    ("model fuzzy", {"model": "Hilux"}, {"model": "Hilux SR5"}, "model", "fuzzy"),
    ("colour in Spanish", {"color": "Blanco"}, {"color": "White"}, "color", "same"),
    ("colour shade", {"color": "dark blue"}, {"color": "Azul"}, "color", "same"),
    ("year one off", {"year": 2012}, {"year": "2013"}, "year", "one_off"),
]

FIREARM: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("S&W", {"make": "S&W"}, {"make": "Smith & Wesson"}, "make", "same"),
    ("makes differ", {"make": "Glock"}, {"make": "Taurus"}, "make", "different"),
    ("9mm", {"caliber": "9mm"}, {"caliber": "9x19"}, "caliber", "same"),
    ("serial exact", {"serial_number": "AB123456"}, {"serial_number": "ab-123456"}, "serial", "exact"),
    ("serial wildcard", {"serial_number": "AB12?45X"}, {"serial_number": "AB12345X"}, "serial", "wildcard_match"),
    ("serial wildcard mismatch", {"serial_number": "AB12?45X"}, {"serial_number": "AB12346X"}, "serial", "different"),
    ("serial look-alikes", {"serial_number": "AB1O3456"}, {"serial_number": "AB103456"}, "serial", "fuzzy"),
    ("serials differ", {"serial_number": "AB123456"}, {"serial_number": "XY987654"}, "serial", "different"),
    ("serial missing", {}, {"serial_number": "AB123456"}, "serial", "missing"),
]

CASES = [("person", *c) for c in PERSON] + [("vehicle", *c) for c in VEHICLE] + [("firearm", *c) for c in FIREARM]


@pytest.mark.parametrize(("kind", "name", "a", "b", "attribute", "level"), CASES, ids=[c[1] for c in CASES])
def test_level(kind: str, name: str, a: dict[str, Any], b: dict[str, Any], attribute: str, level: str) -> None:
    assert _levels(kind, a, b)[attribute] == level
    assert _levels(kind, b, a)[attribute] == level


def test_every_expected_level_is_one_the_model_knows() -> None:
    from streams.resolve.levels import LEVELS

    for kind, _name, _a, _b, attribute, level in CASES:
        assert level in LEVELS[kind][attribute]
