"""The simulated world: true persons, vehicles and firearms and who owns or holds what."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from producers.simulator import people
from producers.simulator.firearms import Firearm, new_firearm, serial_clash
from producers.simulator.people import Person
from producers.simulator.vehicles import Vehicle, new_vehicle


@dataclass(slots=True)
class World:
    """Ground truth: every real entity, indexed by its true id."""

    persons: list[Person]
    vehicles: list[Vehicle]
    firearms: list[Firearm]
    vehicles_of: dict[str, list[str]] = field(default_factory=dict)
    firearms_of: dict[str, list[str]] = field(default_factory=dict)
    by_id: dict[str, Person | Vehicle | Firearm] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for group in (self.persons, self.vehicles, self.firearms):
            for e in group:
                self.by_id[e.entity_id] = e
        for v in self.vehicles:
            if v.owner_id:
                self.vehicles_of.setdefault(v.owner_id, []).append(v.entity_id)
        for g in self.firearms:
            if g.holder_id:
                self.firearms_of.setdefault(g.holder_id, []).append(g.entity_id)

    def hard_cases(self) -> dict[str, list[str]]:
        """Hard-case name -> the true entity ids built to exercise it."""
        found: dict[str, list[str]] = {}
        entities: list[Person | Firearm] = [*self.persons, *self.firearms]
        for e in entities:
            if e.hard_case:
                found.setdefault(e.hard_case, []).append(e.entity_id)
        return found


def _persons(n: int, rng: random.Random) -> list[Person]:
    ids = (f"true-per-{i:06d}" for i in range(n))
    out: list[Person] = []
    n_twin = n_father = int(n * 0.02) // 2
    for _ in range(n_twin):
        out += people.twins((next(ids), next(ids)), rng)
    for _ in range(n_father):
        out += people.father_and_son((next(ids), next(ids)), rng)
    budget = int(n * 0.05)
    while budget >= 3:
        size = min(budget, rng.randint(3, 30))
        out += people.namesakes([next(ids) for _ in range(size)], rng)
        budget -= size
    out += [people.new_person(pid, rng) for pid in ids]
    return out


def _firearms(quotas: list[int], rng: random.Random) -> list[Firearm]:
    out: list[Firearm] = []
    i = 0
    while i < len(quotas):
        if i + 1 < len(quotas) and rng.random() < 0.02:
            out += serial_clash((f"true-gun-{i:06d}", f"true-gun-{i + 1:06d}"), rng)
            i += 2
            continue
        # a gun without a serial can't be recognised again: it is seen exactly once
        out.append(new_firearm(f"true-gun-{i:06d}", rng, serial_less=quotas[i] == 1 and rng.random() < 0.15))
        i += 1
    return out


def build_world(n_persons: int, n_vehicles: int, firearm_quotas: list[int], rng: random.Random) -> World:
    """A world of the given size; vehicles get owners, most guns a holder, some a vehicle."""
    persons = _persons(n_persons, rng)
    rng.shuffle(persons)
    vehicles = []
    for i in range(n_vehicles):
        owner = rng.choice(persons) if persons else None
        foreign = owner is not None and owner.nationality != "BZ" and rng.random() < 0.7
        country = owner.nationality if foreign and owner else "BZ"
        v = new_vehicle(f"true-veh-{i:06d}", country, rng)
        vehicles.append(replace(v, owner_id=owner.entity_id if owner else None))
    firearms = []
    for g in _firearms(firearm_quotas, rng):
        holder = rng.choice(persons).entity_id if persons and rng.random() < 0.6 else None
        vehicle = rng.choice(vehicles).entity_id if vehicles and rng.random() < 0.2 else None
        firearms.append(replace(g, holder_id=holder, vehicle_id=vehicle))
    return World(persons, vehicles, firearms)
