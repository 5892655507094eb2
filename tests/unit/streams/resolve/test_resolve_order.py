"""Namesakes come out the same whatever order their records arrive in (name-only links are revisited)."""

from __future__ import annotations

from itertools import permutations
from typing import Any

from streams.resolve.engine import Resolver


def peter(rid: str, dob: str | None = None, source: str = "police", **extra: Any) -> dict[str, Any]:
    return {"record_id": rid, "source": source, "kind": "person", "given_name": "Peter", "family_name": "Penner",
            "date_of_birth": dob, "sex": "M", **extra}


def partition(records: list[dict[str, Any]]) -> set[frozenset[str]]:
    """The entities of ``records`` resolved in this order, as sets of record keys."""
    r = Resolver()
    for record in records:
        r.add(record)
    return {frozenset(keys) for keys in r.entities().values()}


# two namesakes: one born 1995 with a social security number and a phone, one born 1996 with a passport
X1 = peter("x1", "1995-12-12", id_numbers=["BZ:SSN258640294"], phone="501-6534401")
X2 = peter("x2", "1995-12-12", source="licensing", id_numbers=["SSN 258640294"],
           address="Shipyard Village, Orange Walk")
Y1 = peter("y1", "1996-02-08", source="customs", id_numbers=["BZ:P7578144"], address="Blue Creek Village, Orange Walk")
Y2 = peter("y2", "1996-02-08", source="immigration", id_numbers=["P7578144"])
PHONE_ONLY = peter("w", phone="653-4401")  # X's phone, no birth date: tied to X by the phone alone
DOC_ONLY = peter("v", source="forensics", id_numbers=["258 640 294"])  # X's number, no birth date

TRUTH = {frozenset({"police/x1", "licensing/x2", "police/w", "forensics/v"}),
         frozenset({"customs/y1", "immigration/y2"})}


def test_a_name_only_link_made_before_the_namesake_arrived_is_revisited() -> None:
    # the phone-only record arrives when only Y is known and joins it on the name; X's record then ties to it
    # by the phone but is kept out of Y by its birth date: the phone-only record moves to X
    late = partition([X1, Y1, PHONE_ONLY])
    early = partition([Y1, PHONE_ONLY, X1])
    assert early == late == {frozenset({"police/x1", "police/w"}), frozenset({"customs/y1"})}


def test_an_entity_that_came_to_hold_two_people_is_settled_by_birth_date() -> None:
    # the number-only record links Y to X's documented records, which skip the birth-date check: once both
    # birth dates are given twice the entity is resolved again, birth dates first, and splits
    assert partition([DOC_ONLY, Y1, X1, Y2, X2, PHONE_ONLY]) == TRUTH


def test_namesakes_resolve_alike_in_every_order() -> None:
    # all 720 orders of the six records (before provisional links were revisited, 240 of them mixed the two up)
    records = [X1, X2, Y1, Y2, PHONE_ONLY, DOC_ONLY]
    wrong = [order for order in permutations(range(6)) if partition([records[i] for i in order]) != TRUTH]
    assert wrong == []


def test_an_id_merged_away_and_revived_by_its_founder_in_a_re_resolution_stays_reported_deleted() -> None:
    """A merge and then a settle in one call: the absorbed id's founder founds it again during the re-resolution,
    and it is renamed to the survivor's id. Its delete must stay among the call's changes, with its redirect: a
    stream that folds a batch first and renders documents after met an entity it could no longer find."""
    from streams.resolve.clustering import Change, entity_id_for
    from streams.resolve.clustering import Touched

    r = Resolver()
    for record in (X1, X2, PHONE_ONLY):
        r.add(record)
    founded = r.entity_of("police/x1")
    assert founded == entity_id_for("person", "police/x1")
    survivor = "per-000000000000"  # as if the entity had been absorbed into this one earlier in the same call
    r.clusters.rename(founded, survivor)
    for key in r.clusters.members[survivor]:
        r.entries[key].entity = survivor
    r.clusters.redirects[founded] = survivor
    touched = Touched()
    touched.entity(survivor)
    touched.entity(founded)

    r.revisits.reresolve(survivor, touched)  # x1 comes first and founds ``founded`` again; it is renamed to the survivor

    assert r.entity_of("police/x1") == survivor
    assert set(r._changes(touched)) == {Change(survivor, "upsert"), Change(founded, "delete", survivor)}
