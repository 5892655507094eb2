"""Need-to-know: the visibility rule, as a Python predicate and as an Elasticsearch filter that agree."""

from __future__ import annotations

import itertools
import subprocess
import sys
from typing import Any

import pytest

from consumers.access import HANDLING, Viewer, can_see, level, may_acknowledge, visible_members

POLICE_CONF = Viewer("ana", "police", "CONFIDENTIAL")
CUSTOMS_UNCL = Viewer("dan", "customs", "UNCLASSIFIED")
PROSEC_SECRET = Viewer("carla", "prosecutions", "SECRET")
LICENSING_RESTR = Viewer("ben", "licensing", "RESTRICTED")


def rec(agency: str, handling: str, releasable_to: list[str] | None = None) -> dict[str, Any]:
    return {"record_key": f"{agency}/r", "agency": agency, "handling": handling, "releasable_to": releasable_to or []}


@pytest.mark.parametrize(("viewer", "record", "visible"), [
    (POLICE_CONF, rec("police", "CONFIDENTIAL"), True),                        # own agency, at clearance
    (POLICE_CONF, rec("police", "SECRET"), False),                             # own agency, above clearance
    (POLICE_CONF, rec("licensing", "UNCLASSIFIED"), False),                    # empty releasable_to: owner only
    (POLICE_CONF, rec("licensing", "UNCLASSIFIED", ["police"]), True),
    (CUSTOMS_UNCL, rec("licensing", "RESTRICTED", ["customs"]), False),        # released, but above clearance
    (CUSTOMS_UNCL, rec("licensing", "UNCLASSIFIED", ["customs", "police"]), True),
    (PROSEC_SECRET, rec("police", "CONFIDENTIAL", ["police", "prosecutions"]), True),
    (LICENSING_RESTR, rec("police", "CONFIDENTIAL", ["police", "prosecutions"]), False),
    (POLICE_CONF, rec("police", "TOP-SECRET-ISH"), False),                     # unknown label: the highest
    (PROSEC_SECRET, rec("police", "TOP-SECRET-ISH", ["prosecutions"]), True),
    (POLICE_CONF, {"record_key": "x/r", "agency": None, "handling": "UNCLASSIFIED", "releasable_to": []}, False),
])
def test_can_see(viewer: Viewer, record: dict[str, Any], visible: bool) -> None:
    assert can_see(viewer, record) is visible


def test_levels_and_acknowledgement() -> None:
    assert [level(h) for h in HANDLING] == [0, 1, 2, 3]
    assert level("restricted") == 1 and level(None) == 3
    assert may_acknowledge(rec("police", "CONFIDENTIAL")) and not may_acknowledge(rec("police", "SECRET"))


def evaluate(query: dict[str, Any], doc: dict[str, Any]) -> bool:
    """A tiny evaluator for the filter shapes ``visible_members`` uses (term, range lte, bool filter/should)."""
    (kind, spec), = query.items()
    if kind == "term":
        (field, value), = spec.items()
        found = doc.get(field.split(".", 1)[1])
        return value in found if isinstance(found, list) else found == value
    if kind == "range":
        (field, bounds), = spec.items()
        return doc[field.split(".", 1)[1]] <= bounds["lte"]
    assert kind == "bool"
    ok = all(evaluate(q, doc) for q in spec.get("filter", []))
    should = spec.get("should", [])
    if should:
        ok = ok and sum(evaluate(q, doc) for q in should) >= spec.get("minimum_should_match", 1)
    return ok


def test_the_elasticsearch_filter_agrees_with_the_predicate() -> None:
    agencies = ("police", "customs", "prosecutions")
    releases = ([], ["police"], ["customs", "prosecutions"])
    labels = (*HANDLING, "BOGUS")
    for agency, releasable, label in itertools.product(agencies, releases, labels):
        record = rec(agency, label, releasable)
        member = {"agency": agency, "releasable_to": releasable, "level": level(label)}  # as consumers.members indexes it
        for viewer in (POLICE_CONF, CUSTOMS_UNCL, PROSEC_SECRET, LICENSING_RESTR):
            assert evaluate(visible_members(viewer), member) is can_see(viewer, record), (viewer, record)


PURE = ("consumers.access", "consumers.criteria", "consumers.members", "consumers.places", "consumers.name_query",
        "consumers.identifier_query", "consumers.viewer_query", "consumers.facets", "consumers.reasons",
        "consumers.redaction", "consumers.timeline", "consumers.neighbourhood", "consumers.users")


def test_search_core_loads_no_client_library() -> None:
    code = (f"import sys\nfor m in {PURE!r}: __import__(m)\n"
            "print(','.join(sorted(h for h in ('elasticsearch', 'confluent_kafka', 'faust') if h in sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""
