"""A records-log partition as a fold: documents, versions from offsets, retractions, judgements, errors."""

import json

from streams import commands
from streams.resolving import Partition

from stream_records import person, record


def up(rec, at=None):
    return commands.upsert(rec, at).value


def judge(left, right, verdict="not_same"):
    return commands.judge({"judgement_id": "j1", "kind": "person", "left": left, "right": right, "verdict": verdict,
                           "who": "analyst-7", "why": "different fathers"}, 99).value


TWO_OF_ONE = [person("police", "p1", ids=["BZ:P8072881"]), person("immigration", "i1", ids=["P8072881"])]


def fold(values, part=None):
    part = part or Partition(0)
    emissions = [part.apply(v, offset) for offset, v in enumerate(values, start=part.next_offset)]
    return part, emissions


def test_records_of_one_person_fuse_and_the_version_is_the_offset_plus_one():
    part, (first, second) = fold([up(r, 7) for r in TWO_OF_ONE])
    [(eid, doc)] = second.entities
    assert doc["version"] == 2 and doc["kind"] == "person" and doc["trigger_produced_at_ms"] == 7
    assert sorted(r["record_key"] for r in doc["records"]) == ["immigration/i1", "police/p1"]
    assert first.entities[0][1]["version"] == 1
    decision = next(r["decision"] for r in doc["records"] if r["record_key"] == "immigration/i1")
    assert decision["action"] == "attach" and decision["score"] > decision["threshold"]


def test_an_offset_already_folded_changes_nothing():
    part, _ = fold([up(r) for r in TWO_OF_ONE])
    before = part.resolver.entities()
    again = part.apply(up(TWO_OF_ONE[0]), 0)
    assert len(again) == 0 and part.resolver.entities() == before and part.next_offset == 2


def test_links_point_at_records():
    owner = record("police", "p1", "person", given_name="Ana", family_name="Cal", links=[("owns", "v1")])
    _, (emission,) = fold([up(owner)])
    assert emission.entities[0][1]["links"] == [{"rel": "owns", "record": "police/v1", "via": "police/p1"}]


def test_retraction_tombstones_an_emptied_entity_with_its_version():
    retract = commands.retract("police/p1", "person", None, "entered in error").value
    _, (_, gone) = fold([up(TWO_OF_ONE[0]), retract])
    [(eid, doc)] = gone.entities
    assert doc is None and gone.version == 2 and gone.redirects == []


def test_not_same_judgement_splits_the_entity():
    part, emissions = fold([up(r) for r in TWO_OF_ONE] + [judge("police/p1", "immigration/i1")])
    split = emissions[-1]
    live = [doc for _, doc in split.entities if doc]
    assert len(live) == 2 and all(d["version"] == 3 for d in live)
    assert part.resolver.entity_of("police/p1") != part.resolver.entity_of("immigration/i1")


def test_merge_emits_tombstone_and_redirect_and_survivor_lists_the_absorbed():
    a = person("police", "p1", ids=["BZ:P8072881"], dob="1990-02-03")
    b = person("customs", "c1", given="Maria", family="Pop", dob="1975-06-07", ids=["GT:A1234567"])
    part, emissions = fold([up(a), up(b), judge("police/p1", "customs/c1", "same")])
    merged = emissions[-1]
    [(gone, survivor)] = [(e, r["survivor"]) for e, r in merged.redirects]
    assert (gone, None) in merged.entities
    doc = dict(merged.entities)[survivor]
    assert doc["merged_from"] == [gone]


def test_a_refused_command_is_an_error_and_the_fold_goes_on():
    part, (bad, good) = fold([b"{not json", up(TWO_OF_ONE[0])])
    assert bad.error is not None and len(bad) == 0
    assert good.error is None and good.version == 2


def test_catch_up_without_emitting_reaches_the_same_state():
    values = [up(r) for r in TWO_OF_ONE] + [judge("police/p1", "immigration/i1")]
    live, _ = fold(values)
    quiet = Partition(0)
    for offset, value in enumerate(values):
        assert len(quiet.apply(value, offset, emit=False)) == 0
    assert quiet.resolver.entities() == live.resolver.entities() and quiet.next_offset == 3
    assert json.dumps(quiet.document(quiet.resolver.entity_of("police/p1"), 3, 99)) == \
        json.dumps(live.document(live.resolver.entity_of("police/p1"), 3, 99))


def test_drain_emits_each_changed_entity_once_as_it_was_last_emitted():
    values = [up(r, 7) for r in TWO_OF_ONE] + [up(person("customs", "c9", given="Luis", family="Bol", dob="1970-01-01"), 8)]
    live, emissions = fold(values)
    last = {}
    for emission in emissions:
        for eid, doc in emission.entities:
            last[eid] = doc
    quiet = Partition(0)
    for offset, value in enumerate(values):
        quiet.apply(value, offset, emit=False)
    drained = {eid: doc for emission in quiet.drain() for eid, doc in emission.entities}
    assert json.dumps(drained, sort_keys=True) == json.dumps(last, sort_keys=True)
    assert quiet.drain() == []
