"""Blocking keys survive the errors they are meant to survive; the index retires huge keys."""

from __future__ import annotations

from typing import Any

from streams.resolve.blocking import BlockIndex, blocking_keys
from streams.resolve.features import features_of
from streams.resolve.records import parse_record


def keys(**fields: Any) -> set[str]:
    return set(blocking_keys(features_of(parse_record({"record_id": "1", "source": "s", **fields}))))


def test_shared_keys_despite_errors() -> None:
    assert keys(kind="person", given_name="José", family_name="Choc", date_of_birth="1985-03-07") & \
        keys(kind="person", given_name="Choc", family_name="Jose", date_of_birth="1985-07-03")
    for slip in ("SSN 2427387", "SSN 2423788", "SSN 2432787", "SSN 242378"):  # swaps, a wrong or a lost digit
        assert keys(kind="person", id_numbers=["SSN 2423787"]) & keys(kind="person", id_numbers=[slip]), slip
    assert keys(kind="vehicle", vin="JTDBR32E530012345") & keys(kind="vehicle", vin="JTDBR32E530012845")
    assert keys(kind="vehicle", plate="OW C-26106") & keys(kind="vehicle", plate="OWC261")
    assert keys(kind="firearm", serial_number="KB168565", make="Taurus") & \
        keys(kind="firearm", serial_number="??16?5??", make="TAURUS")
    assert not keys(kind="firearm", serial_number="KB168565", make="Taurus") & \
        keys(kind="firearm", serial_number="KB168565", make="Glock")


def test_a_record_has_each_key_once() -> None:
    found = blocking_keys(features_of(parse_record({"record_id": "1", "source": "s", "kind": "person",
                                                    "given_name": "Mara", "family_name": "Mara Mara",
                                                    "date_of_birth": "1980-01-02"})))
    assert len(found) == len(set(found)) > 0


def test_block_cap_retires_a_common_key() -> None:
    index = BlockIndex(cap=3)
    for i in range(5):
        index.add(f"r{i}", ["n:JOSE|CHOC", f"b:{i}"])
    assert "n:JOSE|CHOC" in index.stopped
    assert index.candidates(["n:JOSE|CHOC", "b:1"]) == {"r1": 1}
    index.remove("r1", ["b:1"])
    assert index.candidates(["b:1"]) == {}


def test_a_large_entity_keeps_its_key_but_many_entities_retire_it() -> None:
    index = BlockIndex(cap=4)
    for i in range(10):  # ten sightings of one car: the plate key must keep working
        index.add(f"car{i}", ["pl:C12345"], lambda key: "veh-1")
    assert "pl:C12345" not in index.stopped
    found = index.candidates(["pl:C12345"])
    assert "car9" in found and len(found) <= 4
    for i in range(10):  # ten different people under one common name key
        index.add(f"p{i}", ["n:JOSE|CHOC"], lambda key: f"per-{key}")
    assert "n:JOSE|CHOC" in index.stopped
