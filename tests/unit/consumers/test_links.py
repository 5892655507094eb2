"""Links resolved at read time: documents link records; hits say whose records they are."""

from __future__ import annotations

from typing import Any

from consumers.links import holders_query, link_targets, linked_entities, linkers_query, links, record_keys


def doc(entity_id: str, kind: str, name: str, records: list[str],
        asserted: tuple[tuple[str, str, str], ...] = ()) -> dict[str, Any]:
    """An entity document with its records and ``(rel, record, via)`` links."""
    return {"entity_id": entity_id, "kind": kind, "display_name": name,
            "records": [{"record_key": key, "agency": key.split("/")[0]} for key in records],
            "links": [{"rel": rel, "record": record, "via": via} for rel, record, via in asserted]}


# Marisol (two records) owns a Hilux and a Glock; her brother's record names her as a relative.
MARISOL = doc("per-1", "person", "Marisol Tzib", ["police/P-1", "immigration/I-7"], (
    ("owns", "police/V-1", "police/P-1"),
    ("owns", "licensing/L-3", "immigration/I-7"),   # the same Hilux, reported by another agency
    ("carries", "forensics/F-2", "police/P-1"),
    ("owns", "customs/C-9", "police/P-1"),          # a record no indexed entity holds (yet)
    ("same_household", "immigration/I-7", "police/P-1"),  # between her own records: not a linked entity
))
HILUX = doc("veh-1", "vehicle", "CAY-4521 Toyota Hilux", ["police/V-1", "licensing/L-3"])
GLOCK = doc("gun-1", "firearm", "Glock 19", ["forensics/F-2"])
BROTHER = doc("per-2", "person", "Ramon Tzib", ["police/P-5"], (("relative_of", "police/P-1", "police/P-5"),
                                                                ("owns", "police/V-1", "police/P-5")))


def test_what_the_two_searches_ask_for() -> None:
    assert link_targets(MARISOL) == ["customs/C-9", "forensics/F-2", "immigration/I-7", "licensing/L-3", "police/V-1"]
    assert record_keys(MARISOL) == ["immigration/I-7", "police/P-1"]
    assert holders_query(["police/V-1"]) == {"terms": {"records.record_key": ["police/V-1"]}}
    assert linkers_query(["police/P-1"]) == {"terms": {"links.record": ["police/P-1"]}}


def test_out_and_in_links_one_entry_per_entity_and_rel() -> None:
    view = linked_entities(MARISOL, holders=[HILUX, GLOCK, MARISOL], linkers=[BROTHER, MARISOL])
    assert view == [
        {"rel": "relative_of", "direction": "in", "entity_id": "per-2", "kind": "person", "display_name": "Ramon Tzib",
         "records": ["police/P-1"], "asserted_by": ["police/P-5"]},
        {"rel": "carries", "direction": "out", "entity_id": "gun-1", "kind": "firearm", "display_name": "Glock 19",
         "records": ["forensics/F-2"], "asserted_by": ["police/P-1"]},
        {"rel": "owns", "direction": "out", "entity_id": None, "kind": None, "display_name": None,
         "records": ["customs/C-9"], "asserted_by": ["police/P-1"]},
        {"rel": "owns", "direction": "out", "entity_id": "veh-1", "kind": "vehicle",
         "display_name": "CAY-4521 Toyota Hilux", "records": ["licensing/L-3", "police/V-1"],
         "asserted_by": ["immigration/I-7", "police/P-1"]},
    ]


def test_the_linked_entity_sees_the_link_coming_in() -> None:
    view = linked_entities(HILUX, holders=[], linkers=[MARISOL, BROTHER])
    assert [(e["direction"], e["rel"], e["entity_id"], e["records"], e["asserted_by"]) for e in view] == [
        ("in", "owns", "per-1", ["licensing/L-3", "police/V-1"], ["immigration/I-7", "police/P-1"]),
        ("in", "owns", "per-2", ["police/V-1"], ["police/P-5"]),
    ]


def test_a_linker_pointing_elsewhere_only_is_ignored() -> None:
    assert linked_entities(GLOCK, holders=[], linkers=[BROTHER]) == []


def test_malformed_links_and_records_are_skipped() -> None:
    odd = {"entity_id": "per-9", "records": [{"agency": "police"}, {"record_key": "police/P-9"}],
           "links": [{"rel": "owns", "record": "police/V-1"}, "junk", {"rel": "owns", "record": "police/V-1", "via": "police/P-9"}]}
    assert links(odd) == [{"rel": "owns", "record": "police/V-1", "via": "police/P-9"}]
    assert record_keys(odd) == ["police/P-9"]
    assert [e["entity_id"] for e in linked_entities(odd, [HILUX], [])] == ["veh-1"]


def test_no_links_no_entries() -> None:
    assert linked_entities({"entity_id": "per-0", "records": [], "links": []}, [], []) == []
