"""Vehicles and firearms come out the same whatever order their records arrive in."""

from __future__ import annotations

from itertools import permutations
from typing import Any

from streams.resolve.engine import Resolver


def partition(records: list[dict[str, Any]]) -> set[frozenset[str]]:
    """The entities of ``records`` resolved in this order, as sets of record keys."""
    r = Resolver()
    for record in records:
        r.add(record)
    return {frozenset(keys) for keys in r.entities().values()}


def truck(rid: str, vin: str | None, plate: str | None = "BZ C-24132") -> dict[str, Any]:
    return {"record_id": rid, "source": "police", "kind": "vehicle", "vin": vin, "plate": plate,
            "plate_country": "BZ", "make": "Ford", "model": "F-150", "color": "Maroon", "year": 2004}


# one truck: its VIN, two records each with a different slip of it (two characters apart from each other, both
# well-formed VINs: the pair rule says two vehicles), and a record giving only the plate
VIN = "1FTSN6DP644036940"
TRUCK = [truck("v1", VIN), truck("v2", VIN, plate=None), truck("a", "1FTSN6DY644036940"),
         truck("b", "1FTSN6DP64J036940"), truck("p", None)]


def test_two_slips_of_one_vin_end_in_one_vehicle_in_every_order() -> None:
    # before: the second slip to come was kept out of the entity holding the first (the two clash, and the first
    # was among the members scored), and the true VIN could not bridge them: all 120 orders split the truck
    wrong = [order for order in permutations(range(5)) if len(partition([TRUCK[i] for i in order])) != 1]
    assert wrong == []


def test_a_slip_clashing_with_one_member_joins_the_entity_carrying_its_vin() -> None:
    r = Resolver()
    for record in (TRUCK[2], TRUCK[0], TRUCK[3]):  # a, then the true VIN (joins a), then b: b clashes with a only
        r.add(record)
    assert r.entity_of("police/b") == r.entity_of("police/a") == r.entity_of("police/v1")


def sks(rid: str, serial: str, source: str = "licensing") -> dict[str, Any]:
    return {"record_id": rid, "source": source, "kind": "firearm", "make": "Norinco", "model": None,
            "serial_number": serial, "caliber": "7.62x39", "firearm_type": "rifle"}


# one rifle seen three times, another seen once, and a ground-off serial showing three characters both fit
RIFLE = [sks("e1", "05191098"), sks("e2", "05191098"), sks("e3", "05191098")]
OTHER = sks("n", "09237048", source="police")
GROUND = sks("w", "0???10??", source="forensics")


def test_a_ground_off_serial_two_guns_fit_goes_the_same_way_in_every_order() -> None:
    # before: it joined whichever gun it met first, or stayed apart when both were there (54, 12 and 54 of the
    # 120 orders); now a later rival re-resolves the gun it joined, best read serials first, and it stays apart
    records = [*RIFLE, OTHER, GROUND]
    outcomes = {frozenset(partition([records[i] for i in order])) for order in permutations(range(5))}
    assert outcomes == {frozenset({frozenset({"licensing/e1", "licensing/e2", "licensing/e3"}),
                                   frozenset({"police/n"}), frozenset({"forensics/w"})})}
