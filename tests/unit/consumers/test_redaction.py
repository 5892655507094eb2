"""Per-viewer assembly: what each viewer sees of one fused entity, computed from visible records only (pure)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from consumers.access import Viewer
from consumers.members import member_documents, record_values
from consumers.neighbourhood import neighbourhood
from consumers.redaction import redact
from consumers.timeline import timeline
from streams.entity import build_document

ALL = ["police", "forensics", "prosecutions", "immigration", "customs", "licensing", "partners"]


def member(agency: str, rid: str, handling: str, releasable: list[str], when: str, event: str, **fields: Any,
           ) -> tuple[str, dict[str, Any]]:
    provenance = {"agency": agency, "event_id": event, "event_type": "incident_report", "occurred_at": when,
                  "handling": handling, "releasable_to": releasable, "role": "suspect"}
    return f"{agency}/{rid}", {"record_id": rid, "source": agency, "kind": "person", "links": [],
                               "provenance": provenance, **fields}


MEMBERS = [
    # licensing: unclassified, released to everyone
    member("licensing", "L1", "UNCLASSIFIED", ALL, "2024-01-05T00:00:00Z", "ev-lic",
           given_name="José", family_name="López", date_of_birth="1985-03-12", id_numbers=["BZ:P8072881"],
           address="12 Regent Street, Belize City"),
    # police: confidential, police and prosecutions only; an alias only this record holds
    member("police", "P1", "CONFIDENTIAL", ["police", "prosecutions"], "2025-02-01T00:00:00Z", "ev-pol",
           given_name="Pepe", family_name="Lopez Garcia", phone="622-1234"),
    # prosecutions: secret, prosecutions only; never acknowledged to others
    member("prosecutions", "S1", "SECRET", ["prosecutions"], "2025-03-01T00:00:00Z", "ev-sec",
           given_name="José", family_name="López", id_numbers=["GT:DPI 8634 44262 1708"]),
]
DECISIONS = {
    "licensing/L1": {"action": "new", "entity_id": "per-1", "candidate": None, "threshold": 0.0},
    "police/P1": {"action": "attach", "entity_id": "per-1", "candidate": "licensing/L1", "score": 9.1,
                  "evidence": [{"attribute": "given", "level": "nickname"}]},
    "prosecutions/S1": {"action": "attach", "entity_id": "per-1", "candidate": "police/P1", "score": 12.0,
                        "evidence": [{"attribute": "document", "level": "none"}]},
}
LINKS = [{"rel": "drives", "record": "police/V1", "via": "police/P1"},
         {"rel": "owns", "record": "licensing/V2", "via": "licensing/L1"}]
DOC = build_document("per-1", "person", 7, MEMBERS, LINKS, ["per-0"], 1_700_000_000_000,
                     {"licensing/L1": {"doc:P8072881": "P8072881"}, "police/P1": {},
                      "prosecutions/S1": {"doc:8634442621708": "8634442621708"}}, DECISIONS)


def values(view: dict[str, Any], field: str) -> list[str]:
    return [v["value"] for v in view["attributes"].get(field, [])]


CASES = [
    # viewer, visible records, given names, family names, ids, notice (records, agencies) or None, complete
    (Viewer("carla", "prosecutions", "SECRET"), ["licensing/L1", "police/P1", "prosecutions/S1"],
     ["JOSE", "PEPE"], ["LOPEZ", "LOPEZ GARCIA"], ["8634442621708", "P8072881"], None, True),
    (Viewer("ana", "police", "CONFIDENTIAL"), ["licensing/L1", "police/P1"],
     ["JOSE", "PEPE"], ["LOPEZ", "LOPEZ GARCIA"], ["P8072881"], None, False),   # SECRET hidden, never acknowledged
    (Viewer("ben", "licensing", "RESTRICTED"), ["licensing/L1"],
     ["JOSE"], ["LOPEZ"], ["P8072881"], (1, ["police"]), False),
    (Viewer("dan", "customs", "UNCLASSIFIED"), ["licensing/L1"],
     ["JOSE"], ["LOPEZ"], ["P8072881"], (1, ["police"]), False),
    (Viewer("pol", "police", "UNCLASSIFIED"), ["licensing/L1"],
     ["JOSE"], ["LOPEZ"], ["P8072881"], (1, ["police"]), False),                # own agency's record, above clearance
]


@pytest.mark.parametrize(("viewer", "keys", "given", "family", "ids", "told", "complete"), CASES)
def test_each_viewer_gets_an_entity_of_their_records(viewer: Viewer, keys: list[str], given: list[str],
                                                     family: list[str], ids: list[str],
                                                     told: tuple[int, list[str]] | None, complete: bool) -> None:
    view = redact(DOC, viewer)
    assert view is not None
    assert [r["record_key"] for r in view["records"]] == keys
    assert sorted(values(view, "given_name")) == given and sorted(values(view, "family_name")) == family
    assert view["identifiers"] == ids and view["complete"] is complete
    assert view["agencies"] == sorted({k.split("/")[0] for k in keys})
    for slots in view["attributes"].values():
        for slot in slots:
            assert set(slot["sources"]) <= set(keys)
    assert [l["via"] for l in view["links"]] == [l["via"] for l in LINKS if l["via"] in keys]
    if told is None:
        assert view["notice"] is None
    else:
        assert (view["notice"]["records"], view["notice"]["agencies"]) == told
        assert "request access" in view["notice"]["message"]
    hidden = {k for k, _ in MEMBERS} - set(keys)
    text = json.dumps(view)
    for key in hidden:
        assert key not in text
    if "police/P1" not in keys:
        assert "PEPE" not in text.upper() and "GARCIA" not in text.upper() and "6221234" not in text
    if "prosecutions/S1" not in keys:
        assert "8634" not in text and "ev-sec" not in text
    if not complete:
        assert view["version"] is None and view["merged_from"] == []


def test_display_name_raw_spelling_and_evidence_follow_visibility() -> None:
    ben = redact(DOC, Viewer("ben", "licensing", "RESTRICTED"))
    assert ben is not None and ben["display_name"] == "José López"
    assert ben["attributes"]["id_numbers"][0]["raw"] == "BZ:P8072881"
    ana = redact(DOC, Viewer("ana", "police", "CONFIDENTIAL"))
    assert ana is not None
    assert ana["records"][1]["decision"] == {"action": "attach", "candidate": "licensing/L1", "score": 9.1,
                                             "evidence": [{"attribute": "given", "level": "nickname"}]}
    # the SECRET record compared itself with police/P1: a viewer of P1 alone must not learn of it
    carla = redact(DOC, Viewer("carla", "prosecutions", "SECRET"))
    assert carla is not None and carla["records"][2]["decision"]["candidate"] == "police/P1"
    partial = {**DOC, "records": [DOC["records"][0], {**DOC["records"][1], "decision": DECISIONS["prosecutions/S1"]}]}
    licensing_only = redact(partial, Viewer("x", "police", "CONFIDENTIAL"))
    assert licensing_only is not None


def test_a_hidden_candidate_hides_the_comparison() -> None:
    doc = {**DOC, "records": [{**r} for r in DOC["records"]]}
    doc["records"][0]["decision"] = {"action": "attach", "candidate": "police/P1", "score": 3.0, "evidence": [1]}
    view = redact(doc, Viewer("ben", "licensing", "RESTRICTED"))
    assert view is not None and view["records"][0]["decision"] == {"action": "attach", "candidate": None,
                                                                   "hidden_candidate": True}


def test_nothing_visible_is_nothing_at_all() -> None:
    only_secret = {**DOC, "records": [DOC["records"][2]]}
    assert redact(only_secret, Viewer("ana", "police", "CONFIDENTIAL")) is None
    assert redact(DOC, Viewer("nobody", "customs", "UNCLASSIFIED")) is not None


def test_timeline_lists_visible_events_in_order() -> None:
    ana = redact(DOC, Viewer("ana", "police", "CONFIDENTIAL"))
    assert ana is not None
    assert [(e["event_id"], e["agency"], e["records"]) for e in timeline(ana)] == [
        ("ev-lic", "licensing", ["licensing/L1"]), ("ev-pol", "police", ["police/P1"])]


def test_member_documents_carry_visibility_and_search_values() -> None:
    by_key = {m["record_key"]: m for m in member_documents(DOC)}
    lic, pol, sec = by_key["licensing/L1"], by_key["police/P1"], by_key["prosecutions/S1"]
    assert (lic["level"], pol["level"], sec["level"]) == (0, 2, 3)
    assert pol["releasable_to"] == ["police", "prosecutions"] and pol["agency"] == "police"
    assert lic["given"] == ["JOSE"] and lic["family"] == ["LOPEZ"] and lic["dob"] == ["1985-03-12"]
    assert lic["dob_year"] == [1985] and "P8072881" in lic["documents"] and lic["districts"] == ["Belize"]
    assert pol["given_canonical"] == ["JOSE"] and pol["family"] == ["LOPEZ", "GARCIA"] and pol["phones"] == ["6221234"]
    assert "JOSE LOPEZ GARCIA" not in pol["names"] and "PEPE LOPEZ GARCIA" in pol["names"]
    assert sec["documents"][0] == "8634442621708" and "phones" not in sec
    assert record_values(DOC, "police/P1")["given_name"] == ["Pepe"]


def test_neighbourhood_keeps_links_whose_both_ends_are_visible() -> None:
    vehicle_1 = {"entity_id": "veh-1", "kind": "vehicle", "display_name": "C 1",
                 "records": [{"record_key": "police/V1", "agency": "police", "handling": "CONFIDENTIAL",
                              "releasable_to": ["police"]}], "links": [], "attributes": {}}
    vehicle_2 = {"entity_id": "veh-2", "kind": "vehicle", "display_name": "C 2",
                 "records": [{"record_key": "licensing/V2", "agency": "licensing", "handling": "UNCLASSIFIED",
                              "releasable_to": ALL}],
                 "links": [{"rel": "seen_with", "record": "licensing/L1", "via": "licensing/V2"}], "attributes": {}}
    index = {"veh-1": vehicle_1, "veh-2": vehicle_2, "per-1": DOC}

    def fetch(query: dict[str, Any], size: int) -> list[dict[str, Any]]:
        (kind, spec), = query.items()
        (field, wanted), = spec.items()
        hits = [d for d in index.values()
                if (field == "records.record_key" and any(r["record_key"] in wanted for r in d["records"]))
                or (field == "links.record" and any(l["record"] in wanted for l in d.get("links") or []))]
        return hits[:size]

    ana = redact(DOC, Viewer("ana", "police", "CONFIDENTIAL"))
    ben = redact(DOC, Viewer("ben", "licensing", "RESTRICTED"))
    assert ana is not None and ben is not None
    seen = neighbourhood(ana, Viewer("ana", "police", "CONFIDENTIAL"), 2, fetch)
    assert {(e["from"], e["rel"], e["to"]) for e in seen["edges"]} == {
        ("per-1", "drives", "veh-1"), ("per-1", "owns", "veh-2"), ("veh-2", "seen_with", "per-1")}
    assert [n["entity_id"] for n in seen["nodes"]] == ["per-1", "veh-1", "veh-2"]
    licensing = neighbourhood(ben, Viewer("ben", "licensing", "RESTRICTED"), 1, fetch)
    assert {(e["from"], e["rel"], e["to"]) for e in licensing["edges"]} == {
        ("per-1", "owns", "veh-2"), ("veh-2", "seen_with", "per-1")}
    assert "veh-1" not in json.dumps(licensing) and "police/V1" not in json.dumps(licensing)
    with pytest.raises(ValueError):
        neighbourhood(ana, Viewer("ana", "police", "CONFIDENTIAL"), 4, fetch)
