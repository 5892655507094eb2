"""The labelled simulator: deterministic, consistent, with its hard cases and error rates present."""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from typing import Any

import pytest

from deploy.settings import AGENCIES
from producers.simulator import Dataset, generate_dataset, write_jsonl
from producers.simulator.agencies import PROFILES
from producers.simulator.dataset import _quotas
from producers.simulator.world import build_world

REL_KINDS = {
    "owns": ("person", "vehicle"), "drives": ("person", "vehicle"), "was_in": ("person", "vehicle"),
    "holds": ("person", "firearm"), "found_with": ("person", "firearm"), "found_in": ("firearm", "vehicle"),
    "associate_of": ("person", "person"),
}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return generate_dataset(20_000, seed=7)


def _by_entity(d: Dataset) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in d.records:
        out[d.truth[r["record_id"]]].append(r)
    return out


def test_same_seed_same_data_other_seed_other_data() -> None:
    a, b, c = generate_dataset(2_000, seed=3), generate_dataset(2_000, seed=3), generate_dataset(2_000, seed=4)
    assert a.records == b.records and a.truth == b.truth
    assert a.records != c.records


def test_shuffle_only_changes_order_and_ids() -> None:
    def content(d: Dataset) -> list[str]:
        return sorted(repr(sorted((k, v) for k, v in r.items() if k not in ("record_id", "links"))) for r in d.records)

    assert content(generate_dataset(1_000, seed=5, shuffle=True)) == content(generate_dataset(1_000, seed=5, shuffle=False))


def test_size_kinds_ids_and_sources(data: Dataset) -> None:
    assert len(data.records) == 20_000
    kinds = Counter(r["kind"] for r in data.records)
    assert kinds == {"person": 11_000, "vehicle": 5_000, "firearm": 4_000}
    ids = [r["record_id"] for r in data.records]
    assert len(set(ids)) == len(ids) == len(data.truth)
    for r in data.records:
        assert r["source"] in AGENCIES and r["record_id"].startswith(r["source"] + "-")


def test_truth_is_consistent(data: Dataset) -> None:
    for eid, records in _by_entity(data).items():
        kind = {"per": "person", "veh": "vehicle", "gun": "firearm"}[eid.split("-")[1]]
        assert {r["kind"] for r in records} == {kind}
        if kind == "person":  # an exact birth date, where written unaltered, is the same everywhere
            exact = {r["date_of_birth"] for r in records
                     if r["date_of_birth"] and not {"dob_swap", "dob_estimated", "dob_typo"} & set(data.noise[r["record_id"]])}
            assert len(exact) <= 1, (eid, exact)


def test_links_point_inside_the_dataset_with_the_right_kinds(data: Dataset) -> None:
    kind_of = {r["record_id"]: r["kind"] for r in data.records}
    linked = 0
    for r in data.records:
        for link in r.get("links", []):
            assert (r["kind"], kind_of[link["to"]]) == REL_KINDS[link["rel"]]
            linked += 1
    assert linked > 1_000


def test_records_per_entity_are_skewed(data: Dataset) -> None:
    sizes = Counter(Counter(data.truth.values()).values())
    entities = sum(sizes.values())
    assert sum(n for size, n in sizes.items() if size <= 3) / entities > 0.6
    assert sum(n for size, n in sizes.items() if size >= 10) > 50


@pytest.mark.parametrize("case", ["twin", "father_son", "namesake", "serial_clash", "serial_less"])
def test_hard_cases_are_present(data: Dataset, case: str) -> None:
    present = [e for e in data.hard_cases.get(case, []) if e in set(data.truth.values())]
    assert len(present) >= 20


def test_hard_case_shapes() -> None:
    rng = random.Random(1)
    world = build_world(2_000, 10, _quotas(4_000, rng), rng)
    by_id = world.by_id
    twins = [p for p in world.persons if p.hard_case == "twin"]
    assert twins
    for p in twins:
        q = by_id[p.related[0]]
        assert (q.paternal, q.dob, q.address) == (p.paternal, p.dob, p.address) and q.given != p.given
    for p in (p for p in world.persons if p.hard_case == "father_son" and p.suffix == "Jr."):
        father = by_id[p.related[0]]
        assert father.given == p.given and father.paternal == p.paternal
        assert 20 <= (p.dob - father.dob).days / 365.25 <= 35.1
    names = Counter((p.given, p.paternal) for p in world.persons if p.hard_case == "namesake")
    assert max(names.values()) >= 3
    clash = [g for g in world.firearms if g.hard_case == "serial_clash"]
    serials = defaultdict(set)
    for g in clash:
        serials[g.serial].add(g.make)
    assert serials and all(len(makes) == 2 for makes in serials.values())


def test_serial_less_guns_are_seen_once(data: Dataset) -> None:
    by_entity = _by_entity(data)
    for eid in data.hard_cases["serial_less"]:
        records = by_entity.get(eid, [])
        assert len(records) <= 1 and all(r["serial_number"] is None for r in records)


def _rate(data: Dataset, agency: str, kind: str, tag: str) -> float:
    rids = [r["record_id"] for r in data.records if r["source"] == agency and r["kind"] == kind]
    return sum(tag in data.noise[rid] for rid in rids) / len(rids)


@pytest.mark.parametrize(
    ("agency", "kind", "tag", "expected"),
    [
        ("police", "person", "typo", PROFILES["police"].typo),
        ("police", "person", "dob_missing", PROFILES["police"].dob_missing),
        ("police", "person", "nickname", None),
        ("immigration", "person", "dob_missing", 0.0),
        ("police", "vehicle", "plate_country_missing", PROFILES["police"].plate_country_missing),
        ("licensing", "vehicle", "plate_missing", 0.0),
        ("forensics", "firearm", "serial_obliterated", None),
        ("licensing", "person", "mojibake", None),
    ],
)
def test_error_rates_roughly_as_configured(data: Dataset, agency: str, kind: str, tag: str, expected: float | None) -> None:
    rate = _rate(data, agency, kind, tag)
    if expected is None:  # conditional errors (need a nickname, a non-ASCII name...): present, below the cap
        field = {"nickname": "nickname", "serial_obliterated": "serial_obliterated", "mojibake": "mojibake"}[tag]
        assert 0 < rate <= getattr(PROFILES[agency], field) + 0.02
    else:
        assert abs(rate - expected) <= max(0.03, expected * 0.25), rate


def test_vin_presence_follows_the_profile(data: Dataset) -> None:
    for agency in ("licensing", "police"):
        vehicles = [r for r in data.records if r["source"] == agency and r["kind"] == "vehicle"]
        share = sum(r["vin"] is not None for r in vehicles) / len(vehicles)
        assert abs(share - PROFILES[agency].vin_rate) < 0.05


def test_write_jsonl_round_trips(tmp_path: Any) -> None:
    import json

    d = generate_dataset(300, seed=2)
    write_jsonl(d, tmp_path / "r.jsonl", tmp_path / "t.jsonl")
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    truth = {row["record_id"]: row["entity_id"] for row in map(json.loads, (tmp_path / "t.jsonl").read_text().splitlines())}
    assert records == d.records and truth == d.truth


def test_200k_records_well_under_a_minute() -> None:
    start = time.perf_counter()
    d = generate_dataset(200_000, seed=0)
    assert len(d.records) == 200_000
    assert time.perf_counter() - start < 45


def test_simulator_is_pure() -> None:
    """No Kafka, Faust or Elasticsearch behind the simulator (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = ("import sys, producers.simulator, producers.simulator.scenario; "
            "print(sorted(m for m in ('confluent_kafka', 'faust', 'aiokafka', 'elasticsearch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
