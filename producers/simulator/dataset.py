"""Labelled canonical records: many agencies' observations of one world, with the ground truth."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from producers.simulator.agencies import PROFILES
from producers.simulator.observe import observe
from producers.simulator.people import Person
from producers.simulator.vehicles import Vehicle
from producers.simulator.world import World, build_world

KIND_SHARES = (0.55, 0.25, 0.20)
"""Share of person, vehicle and firearm records."""


@dataclass(slots=True)
class Dataset:
    """Canonical records, each record's true entity, and the errors each record carries."""

    records: list[dict[str, Any]]
    truth: dict[str, str]
    noise: dict[str, list[str]] = field(default_factory=dict)
    hard_cases: dict[str, list[str]] = field(default_factory=dict)


def draw_quota(rng: random.Random) -> int:
    """Records per true entity: mostly 1-3, a long tail past 10."""
    r = rng.random()
    if r < 0.42:
        return 1
    if r < 0.64:
        return 2
    if r < 0.76:
        return 3
    if r < 0.94:
        return rng.randint(4, 9)
    return rng.randint(10, 30)


def _quotas(total: int, rng: random.Random) -> list[int]:
    out: list[int] = []
    left = total
    while left > 0:
        q = min(draw_quota(rng), left)
        out.append(q)
        left -= q
    return out


_PERSON_AGENCIES = (("police", 0.4), ("prosecutions", 0.15), ("immigration", 0.15), ("licensing", 0.12),
                    ("customs", 0.06), ("forensics", 0.04), ("partners", 0.08))
_VEHICLE_AGENCIES = (("licensing", 0.35), ("police", 0.3), ("customs", 0.15), ("immigration", 0.1), ("partners", 0.1))
_FIREARM_AGENCIES = (("police", 0.35), ("forensics", 0.3), ("licensing", 0.2), ("customs", 0.08), ("partners", 0.07))
_AGENCY_BY_LEAD = {k: ([a for a, _ in t], [w for _, w in t]) for k, t in
                   (("person", _PERSON_AGENCIES), ("vehicle", _VEHICLE_AGENCIES), ("firearm", _FIREARM_AGENCIES))}
_PERSON_VEHICLE_REL = {"licensing": "owns", "customs": "owns", "immigration": "was_in", "partners": "drives"}
_PERSON_FIREARM_REL = {"licensing": "holds", "forensics": "found_with"}


def _agency(lead_kind: str, lead: Any, rng: random.Random) -> str:
    if isinstance(lead, Person) and lead.nationality != "BZ" and rng.random() < 0.5:
        return rng.choice(("partners", "immigration"))
    agencies, weights = _AGENCY_BY_LEAD[lead_kind]
    return rng.choices(agencies, weights)[0]


@dataclass(slots=True)
class _Draft:
    record: dict[str, Any]
    entity_id: str
    agency: str
    tags: list[str]
    links: list[tuple[str, int]]  # (rel, index of the target draft)


def _kind(entity_id: str) -> str:
    return {"per": "person", "veh": "vehicle", "gun": "firearm"}[entity_id.split("-")[1]]


def _event_members(lead: str, world: World, left: dict[str, int], rng: random.Random) -> list[str]:
    """The lead entity plus related entities seen in the same report, while they have records left."""
    members = [lead]
    entity = world.by_id[lead]
    candidates: list[str] = []
    if isinstance(entity, Person):
        candidates += world.vehicles_of.get(lead, [])[:1] + world.firearms_of.get(lead, [])[:1]
    elif isinstance(entity, Vehicle):
        candidates += [entity.owner_id] if entity.owner_id else []
    else:
        candidates += [x for x in (entity.holder_id, entity.vehicle_id) if x]
    for other in candidates:
        if left.get(other, 0) > 0 and rng.random() < 0.5:
            members.append(other)
    return members


def _links(members: list[str], agency: str, first: int) -> list[list[tuple[str, int]]]:
    kinds = [_kind(m) for m in members]
    out: list[list[tuple[str, int]]] = [[] for _ in members]
    for i, ki in enumerate(kinds):
        for j, kj in enumerate(kinds):
            if ki == "person" and kj == "vehicle":
                out[i].append((_PERSON_VEHICLE_REL.get(agency, "drives"), first + j))
            elif ki == "person" and kj == "firearm":
                out[i].append((_PERSON_FIREARM_REL.get(agency, "found_with"), first + j))
            elif ki == "firearm" and kj == "vehicle":
                out[i].append(("found_in", first + j))
    return out


def generate_dataset(n_records: int, seed: int = 0, shuffle: bool = True) -> Dataset:
    """``n_records`` canonical records (55% persons, 25% vehicles, 20% firearms) with ground truth."""
    rng = random.Random(seed)
    totals = [round(n_records * s) for s in KIND_SHARES[:2]]
    totals.append(n_records - sum(totals))
    p_quotas, v_quotas, f_quotas = (_quotas(t, rng) for t in totals)
    world = build_world(len(p_quotas), len(v_quotas), f_quotas, rng)
    left: dict[str, int] = {}
    groups: tuple[tuple[list[Any], list[int]], ...] = (
        (world.persons, p_quotas), (world.vehicles, v_quotas), (world.firearms, f_quotas))
    for group, quotas in groups:
        for entity, q in zip(group, quotas):
            left[entity.entity_id] = q
    slots = [eid for eid, q in left.items() for _ in range(q)]
    rng.shuffle(slots)
    drafts: list[_Draft] = []
    for lead in slots:
        if left[lead] == 0:
            continue  # already seen as a companion in another report
        members = _event_members(lead, world, left, rng)
        agency = _agency(_kind(lead), world.by_id[lead], rng)
        profile = PROFILES[agency]
        for member, links in zip(members, _links(members, agency, len(drafts))):
            left[member] -= 1
            record, tags = observe(world.by_id[member], profile, rng)
            drafts.append(_Draft(record, member, agency, tags, links))
    return _finish(drafts, world, rng, shuffle)


def _finish(drafts: list[_Draft], world: World, rng: random.Random, shuffle: bool) -> Dataset:
    order = list(range(len(drafts)))
    if shuffle:
        rng.shuffle(order)
    ids: dict[int, str] = {}
    counters: dict[str, int] = {}
    for i in order:
        agency = drafts[i].agency
        counters[agency] = counters.get(agency, 0) + 1
        ids[i] = f"{agency}-{counters[agency]:07d}"
    records, truth, noise = [], {}, {}
    for i in order:
        d = drafts[i]
        rid = ids[i]
        record = {"record_id": rid, "source": d.agency, **d.record}
        if d.links:
            record["links"] = [{"rel": rel, "to": ids[j]} for rel, j in d.links]
        records.append(record)
        truth[rid] = d.entity_id
        noise[rid] = d.tags
    return Dataset(records, truth, noise, world.hard_cases())


def write_jsonl(dataset: Dataset, records_path: str | Path, truth_path: str | Path) -> None:
    """Records as JSON lines; truth as ``{"record_id", "entity_id", "noise"}`` lines."""
    with open(records_path, "w", encoding="utf-8") as out:
        for record in dataset.records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(truth_path, "w", encoding="utf-8") as out:
        for rid, eid in dataset.truth.items():
            out.write(json.dumps({"record_id": rid, "entity_id": eid, "noise": dataset.noise.get(rid, [])},
                                 ensure_ascii=False) + "\n")
