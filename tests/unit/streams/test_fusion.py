import pytest

from streams.fusion import FusionState, Linker, entity_id_for, record_key
from streams.state import Overlay

from stream_records import person, record


def linker() -> Linker:
    return Linker(FusionState.empty())


def test_record_key_and_deterministic_ids():
    assert record_key({"source": "police", "record_id": "r1"}) == "police/r1"
    assert entity_id_for("person", "police/r1") == entity_id_for("person", "police/r1")
    assert entity_id_for("vehicle", "police/r1").startswith("veh-")
    assert entity_id_for("firearm", "police/r1").startswith("gun-")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (person("police", "p1", ids=["BZ:P8072881"]), person("immigration", "i1", given="Pepe", ids=["P 807 2881"]), True),
        (person("police", "p1"), person("prosecutions", "c1", given="JOSÉ", family="choc"), True),
        (person("police", "p1"), person("prosecutions", "c1", dob="1990-03-02"), False),
        (person("police", "p1", dob=None), person("prosecutions", "c1", dob=None), False),
        (record("police", "v1", "vehicle", vin="1HGCM82633A004352"),
         record("customs", "v2", "vehicle", vin="1hgcm82633a004352", plate="X"), True),
        (record("police", "v1", "vehicle", plate="C 12345", plate_country="BZ"),
         record("licensing", "v2", "vehicle", plate="C-12345", plate_country="BZ"), True),
        (record("police", "v1", "vehicle", plate="C 12345", plate_country="BZ"),
         record("licensing", "v2", "vehicle", plate="C-12345", plate_country="GT"), False),
        (record("police", "g1", "firearm", make="S&W", serial_number="AB123"),
         record("forensics", "g2", "firearm", make="Smith and Wesson", serial_number="ab-123"), True),
        (record("police", "g1", "firearm", make="Glock", serial_number="AB123"),
         record("forensics", "g2", "firearm", make="Taurus", serial_number="AB123"), False),
        # a person and a vehicle never fuse, whatever they share
        (person("police", "p1", ids=["12345678"]), record("police", "v1", "vehicle", plate="12345678"), False),
    ],
)
def test_linking_cases(a, b, same):
    fusion = linker()
    fusion.add([a])
    fusion.add([b])
    assert (fusion.entity_of(record_key(a)) == fusion.entity_of(record_key(b))) is same


def test_new_record_founds_entity_with_version_one():
    fusion = linker()
    changes = fusion.add([person("police", "p1")])
    eid = entity_id_for("person", "police/p1")
    assert changes.updated == [eid] and not changes.absorbed
    assert fusion.state.entities[eid]["version"] == 1


def test_merge_absorbs_smaller_entity_and_redirects():
    fusion = linker()
    fusion.add([person("police", "p1", ids=["P8072881"])])
    fusion.add([person("police", "p2", ids=["P8072881"], dob="1991-01-01")])  # joins p1 by document
    fusion.add([person("customs", "c1", given="Chepe", ids=["GT123456"])])
    bridge = person("immigration", "i1", given="Chepe", ids=["P8072881", "GT123456"])
    changes = fusion.add([bridge])
    survivor, gone = entity_id_for("person", "police/p1"), entity_id_for("person", "customs/c1")
    assert changes.absorbed == {gone: survivor}
    assert survivor in changes.updated and gone not in changes.updated
    assert fusion.entity_of("customs/c1") == survivor
    assert fusion.state.index["doc:GT123456"] == survivor
    assert sorted(fusion.state.entities[survivor]["members"]) == ["customs/c1", "immigration/i1", "police/p1", "police/p2"]
    assert fusion.state.entities[survivor]["merged_from"] == [gone]
    assert fusion.state.entities[gone]["merged_into"] == survivor
    assert fusion.state.entities[gone]["version"] == 2  # founded at 1, tombstoned at 2


def test_same_record_version_changes_and_emits_nothing():
    fusion = linker()
    rec = person("police", "p1", ids=["P8072881"])
    assert fusion.add([rec])
    before = {name: dict(getattr(fusion.state, name)) for name in ("records", "index", "entities", "inbound")}
    assert not fusion.add([rec])
    assert not fusion.add([person("police", "p1", given="Other")])  # same version, different content: ignored
    assert {name: dict(getattr(fusion.state, name)) for name in before} == before


def test_newer_version_replaces_record_and_bumps_version():
    fusion = linker()
    fusion.add([person("police", "p1")])
    changes = fusion.add([person("police", "p1", version=2, ids=["P8072881"])])
    eid = entity_id_for("person", "police/p1")
    assert changes.updated == [eid]
    assert fusion.state.entities[eid]["version"] == 2
    assert fusion.state.records["police/p1"]["record"]["id_numbers"] == ["P8072881"]
    assert fusion.state.entities[eid]["members"] == ["police/p1"]


def test_links_between_entities_both_directions():
    fusion = linker()
    owner = person("licensing", "L1#p0", links=[("owns", "L1#v0")])
    car = record("licensing", "L1#v0", "vehicle", plate="C 12345", plate_country="BZ")
    changes = fusion.add([owner, car])
    pid, vid = fusion.entity_of("licensing/L1#p0"), fusion.entity_of("licensing/L1#v0")
    assert sorted(changes.updated) == sorted([pid, vid])
    assert fusion.links(pid) == [{"rel": "owns", "entity_id": vid, "direction": "out", "records": ["licensing/L1#p0"]}]
    assert fusion.links(vid) == [{"rel": "owns", "entity_id": pid, "direction": "in", "records": ["licensing/L1#p0"]}]
    # another agency sees the same car: only the car's document changes (the owner's link is the same)
    changes = fusion.add([record("police", "P9#v0", "vehicle", plate="C-12345", plate_country="BZ")])
    assert changes.updated == [vid]


def test_merge_re_emits_entities_linked_to_the_absorbed_one():
    fusion = linker()
    fusion.add([record("customs", "X#v0", "vehicle", vin="1HGCM82633A004352"),
                record("customs", "X#v1", "vehicle", vin="1HGCM82633A004353")])  # the bigger entity-to-be
    fusion.add([person("licensing", "L1#p0", links=[("owns", "L1#v0")]),
                record("licensing", "L1#v0", "vehicle", plate="C 12345", plate_country="BZ")])
    pid, small = fusion.entity_of("licensing/L1#p0"), fusion.entity_of("licensing/L1#v0")
    big = fusion.entity_of("customs/X#v0")
    fusion.add([record("customs", "X#v2", "vehicle", vin="1HGCM82633A004352")])  # grow the big one to 2 records
    changes = fusion.add([record("police", "B#v0", "vehicle", vin="1HGCM82633A004352", plate="C12345", plate_country="BZ")])
    assert changes.absorbed == {small: big}
    assert pid in changes.updated and big in changes.updated
    assert fusion.links(pid)[0]["entity_id"] == big


def test_dropping_a_link_in_a_new_version_updates_the_old_target():
    fusion = linker()
    fusion.add([person("police", "E#p0", links=[("drives", "E#v0")]),
                record("police", "E#v0", "vehicle", plate="C 1", plate_country="BZ")])
    vid = fusion.entity_of("police/E#v0")
    changes = fusion.add([person("police", "E#p0", version=2)])
    assert vid in changes.updated
    assert fusion.links(vid) == []


def test_order_of_arrival_gives_same_partition_of_records():
    recs = [person("police", "p1", ids=["A11111"]), person("customs", "c1", ids=["B22222"]),
            person("immigration", "i1", ids=["A11111", "B22222"]), person("courts", "x1", given="Ana", ids=["C3333"])]

    def partition(order):
        fusion = linker()
        for rec in order:
            fusion.add([rec])
        groups = {}
        for rec in recs:
            groups.setdefault(fusion.entity_of(record_key(rec)), set()).add(record_key(rec))
        return sorted(sorted(g) for g in groups.values())

    assert partition(recs) == partition(list(reversed(recs))) == partition(recs[2:] + recs[:2])


def test_linker_over_overlay_never_writes_through_until_commit():
    base: dict = {}
    from streams.journal import fusion_state

    overlay = Overlay(base)
    Linker(fusion_state(overlay)).add([person("police", "p1", ids=["P8072881"])])
    assert base == {}
    overlay.commit()
    assert Linker(fusion_state(base)).entity_of("police/p1") == entity_id_for("person", "police/p1")
