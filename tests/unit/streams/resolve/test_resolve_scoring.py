"""Table-driven match cases: pairs of records the model must link or keep apart, and why."""

from __future__ import annotations

from typing import Any

import pytest

from streams.resolve.features import features_of
from streams.resolve.model import load_model
from streams.resolve.records import parse_record
from streams.resolve.scoring import score_pair
from streams.resolve.tf import TermFrequencies

MODEL = load_model()
TF = TermFrequencies()


def person(**fields: Any) -> dict[str, Any]:
    return {"record_id": "x", "source": "police", "kind": "person", **fields}


def vehicle(**fields: Any) -> dict[str, Any]:
    return {"record_id": "x", "source": "licensing", "kind": "vehicle", **fields}


def gun(**fields: Any) -> dict[str, Any]:
    return {"record_id": "x", "source": "forensics", "kind": "firearm", **fields}


CASES = [
    ("accents and mojibake", person(given_name="José", family_name="Choc Pop", date_of_birth="1985-03-07", sex="M"),
     person(given_name="JosÃ©", family_name="CHOC POP", date_of_birth="1985-03-07"), True, None),
    ("nickname + one surname", person(given_name="Pepe", family_name="López García", date_of_birth="1985-03-07"),
     person(given_name="José", family_name="Lopez", date_of_birth="1985-03-07", sex="M"), True, None),
    ("swapped names, day/month swap", person(given_name="Choc", family_name="Jose", date_of_birth="1985-07-03"),
     person(given_name="José", family_name="Choc", date_of_birth="1985-03-07", id_numbers=[]), True, None),
    ("same passport, written differently", person(given_name="Ana", family_name="Young", id_numbers=["BZ:P8072881"]),
     person(given_name="ANA", family_name="YOUNG", id_numbers=["P 807 2881"]), True, None),
    ("twins", person(given_name="Kevin", family_name="Flowers", date_of_birth="1990-05-05", address="3 Main St, Ladyville"),
     person(given_name="Marcia", family_name="Flowers", date_of_birth="1990-05-05", address="3 Main St, Ladyville"),
     False, "twins"),
    ("twins with their own phones", person(given_name="Kevin", family_name="Flowers", date_of_birth="1990-05-05",
                                           address="3 Main St, Ladyville", phone="610-1234"),
     person(given_name="Marcia", family_name="Flowers", date_of_birth="1990-05-05", address="3 Main St, Ladyville",
            phone="622-9876"), False, "twins"),
    ("given name replaced, same phone and home", person(given_name="Kevin", family_name="Flowers", date_of_birth="1990-05-05",
                                                        address="3 Main St, Ladyville", phone="610-1234"),
     person(given_name="Marcia", family_name="Flowers", date_of_birth="1990-05-05", address="3 Main St, Ladyville",
            phone="+501 610 1234"), True, None),
    ("given name replaced, document one slip away", person(given_name="Kevin", family_name="Flowers",
                                                            date_of_birth="1990-05-05", id_numbers=["SSN 123456789"]),
     person(given_name="Marcia", family_name="Flowers", date_of_birth="1990-05-05", id_numbers=["SSN 123456798"]),
     True, None),
    ("twins with their own passports", person(given_name="Kevin", family_name="Flowers", date_of_birth="1990-05-05",
                                              id_numbers=["BZ:P1234567"], address="3 Main St, Ladyville"),
     person(given_name="Marcia", family_name="Flowers", date_of_birth="1990-05-05", id_numbers=["BZ:P7654321"],
            address="3 Main St, Ladyville"), False, "twins"),
    ("father and son", person(given_name="Juan", family_name="Perez Jr.", date_of_birth="1985-01-02"),
     person(given_name="Juan", family_name="Perez Sr.", date_of_birth="1960-06-07"), False, "suffix"),
    ("namesakes with other birth dates", person(given_name="José", family_name="Choc", date_of_birth="1971-02-11"),
     person(given_name="Jose", family_name="Choc", date_of_birth="1988-09-30"), False, None),
    ("plate with confusable, same car", vehicle(plate="BZ C-12345", make="Toyota", model="Hilux", color="White", year=2012),
     vehicle(plate="CI2345", make="TOYOTA", model="HILUX", color="Blanco", year=2012), True, None),
    ("VIN one-off typo", vehicle(vin="JTDBR32E530012345", make="Toyota", model="Corolla"),
     vehicle(vin="JTDBR32E530012346", make="Toyota", model="Corolla"), True, None),
    ("two valid VINs", vehicle(vin="1FTFW1ET5DFC10312", plate="C-12345"),
     vehicle(vin="1GCHWKAY7FS747965", plate="C-12345"), False, "VIN"),
    ("serial with wildcards, same make", gun(serial_number="AB12?45X", make="S&W", caliber="9mm"),
     gun(serial_number="AB12345X", make="Smith & Wesson", caliber="9x19"), True, None),
    ("same serial, other make", gun(serial_number="AB123456", make="Glock"),
     gun(serial_number="AB123456", make="Taurus"), False, "make"),
    ("different serials", gun(serial_number="AB123456", make="Glock"),
     gun(serial_number="XY987654", make="Glock"), False, "serial"),
]


@pytest.mark.parametrize("name, a, b, linked, veto", CASES, ids=[c[0] for c in CASES])
def test_match_cases(name: str, a: dict[str, Any], b: dict[str, Any], linked: bool, veto: str | None) -> None:
    fa, fb = features_of(parse_record(a)), features_of(parse_record(b))
    km = MODEL[a["kind"]]
    score = score_pair(km, TF, fa, fb)
    assert score.linked is linked, (score.total, score.levels, score.veto)
    if veto == "twins":  # weighed as "one person or twins?", not vetoed: see KindModel.twin_odds
        assert score.twins and score.veto is None
    elif veto:
        assert score.veto is not None and veto.lower() in score.veto.lower()
    assert score_pair(km, TF, fb, fa).linked is linked  # symmetric decisions


def test_twins_weighing_ignores_what_twins_share_and_counts_what_they_do_not() -> None:
    kevin = person(given_name="Kevin", family_name="Flowers", date_of_birth="1990-05-05", address="3 Main St, Ladyville")
    marcia = {**kevin, "given_name": "Marcia"}
    km = MODEL["person"]
    bare = score_pair(km, TF, features_of(parse_record(kevin)), features_of(parse_record(marcia)))
    assert bare.twins and bare.total == pytest.approx(km.twin_odds)  # prior, surname, birth date, home: no say
    phones = score_pair(km, TF, features_of(parse_record({**kevin, "phone": "610-1234"})),
                        features_of(parse_record({**marcia, "phone": "622-9876"})))
    assert phones.total == pytest.approx(km.twin_odds + km.weight("phone", "different"))
    far = score_pair(km, TF, features_of(parse_record(kevin)),
                     features_of(parse_record({**marcia, "family_name": "Young", "address": "9 Bay Rd, Dangriga"})))
    assert far.total < bare.total  # never more than the plain sum of weights


def test_common_name_counts_for_less_than_rare_one() -> None:
    tf = TermFrequencies(min_records=10)
    for i in range(1000):
        tf.observe("surname", ["CHOC"] if i % 4 == 0 else [f"RARE{i}"])
    u = MODEL["person"].levels["surname"]["exact"].u
    assert tf.adjustment("surname", ["CHOC"], u) < 0 < tf.adjustment("surname", ["RARE1"], u)
