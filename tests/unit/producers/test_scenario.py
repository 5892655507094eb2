"""The simulated event stream: cross-agency stories, ordered, deterministic, with truth per record."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from producers.simulator.people import Person
from producers.simulator.scenario import SimEvent, _observe, simulate_events
from producers.simulator.stories import Numbers, Picker, incident_story
from producers.simulator.world import build_world


@pytest.fixture(scope="module")
def stream() -> list[SimEvent]:
    return list(simulate_events(600, seed=5))


def _stories(n: int, seed: int = 1) -> list[list]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    world = build_world(300, 100, [2] * 80, rng)
    pick, numbers = Picker(world, rng), Numbers()
    from producers.simulator.scenario import EPOCH

    return [incident_story(f"s{i}", EPOCH, pick, numbers, rng) for i in range(n)]


def test_every_story_crosses_agencies() -> None:
    for reports in _stories(200):
        assert reports[0].event_type == "incident_report" and reports[0].agency == "police"
        assert len({r.agency for r in reports}) >= 2
        assert all(r.reported_at >= r.occurred_at for r in reports)


def test_follow_ups_concern_the_incident_entities() -> None:
    for reports in _stories(200):
        incident_ids = {e.entity_id for e, _ in reports[0].members}
        suspects = {e.entity_id for e, role in reports[0].members if role == "suspect"}
        for r in reports[1:]:
            if r.event_type in ("case_filing", "border_crossing"):
                assert {e.entity_id for e, _ in r.members if isinstance(e, Person)} <= suspects
            if r.event_type == "firearm_examination":
                assert {e.entity_id for e, _ in r.members} <= incident_ids


def test_observed_records_carry_ids_links_and_truth() -> None:
    report = next(r for reports in _stories(50) for r in reports if r.links)
    records, truth, noise = _observe(report, random.Random(0))
    ids = [r["record_id"] for r in records]
    assert len(set(ids)) == len(ids) and set(noise) == set(ids)
    assert set(truth) == {f"{r['source']}/{r['record_id']}" for r in records}
    assert [truth[f"{r['source']}/{r['record_id']}"] for r in records] == [e.entity_id for e, _ in report.members]
    for record in records:
        for link in record.get("links", []):
            assert link["to"] in ids


def test_same_seed_same_stream(stream: list[SimEvent]) -> None:
    again = list(simulate_events(600, seed=5))
    assert [s.event for s in again] == [s.event for s in stream]
    assert [s.event for s in simulate_events(50, seed=6)] != [s.event for s in stream[:50]]


def test_stream_shape(stream: list[SimEvent]) -> None:
    assert len(stream) == 600
    types = Counter(s.event["event_type"] for s in stream)
    assert set(types) == {"incident_report", "firearm_examination", "case_filing", "border_crossing",
                          "vehicle_registration", "firearm_licence", "entity_report"}
    reported = [s.event["envelope"]["reported_at"] for s in stream]
    assert reported == sorted(reported)
    assert any(s.event["envelope"]["source_version"] > 1 for s in stream)  # corrections occur
    agencies = defaultdict(set)
    for s in stream:
        agencies[s.story].add(s.event["envelope"]["agency"])
    assert sum(len(a) >= 2 for a in agencies.values()) / len(agencies) > 0.9


def test_events_are_valid_and_extract_to_the_records_with_truth(stream: list[SimEvent]) -> None:
    from schemas.validate import validate_event
    from streams.extract import records_from_event

    for sim in stream:
        validate_event(sim.event)
        records = records_from_event(sim.event)
        keys = {f"{r['source']}/{r['record_id']}" for r in records}
        assert keys == set(sim.truth), sim.event["event_type"]


def test_a_correction_repeats_the_records_of_its_source_record(stream: list[SimEvent]) -> None:
    first: dict[str, SimEvent] = {}
    seen = 0
    for sim in stream:
        env = sim.event["envelope"]
        key = f"{env['agency']}:{env['source_record_id']}"
        if env["source_version"] == 1:
            first[key] = sim
        elif key in first:
            seen += 1
            assert sim.truth == first[key].truth  # same records, same true entities
            assert sim.event["envelope"]["event_id"] != first[key].event["envelope"]["event_id"]
            assert not {"typo", "nickname", "dob_swap"} & {t for tags in sim.noise.values() for t in tags}
    assert seen >= 5
