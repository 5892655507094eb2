"""Cross-agency stories: an incident and the reports it sets off in other agencies, on one timeline.

A story is a list of ``Report``s (who reported what, about which true entities,
when). ``scenario`` turns reports into agency events; this module stays free of
event formats.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from producers.simulator.firearms import Firearm
from producers.simulator.people import Person
from producers.simulator.places import TOWNS
from producers.simulator.vehicles import Vehicle
from producers.simulator.world import World

Entity = Person | Vehicle | Firearm

OFFENCES = ("robbery", "murder", "attempted murder", "wounding", "burglary", "drug trafficking",
            "firearm possession", "theft of vehicle", "human smuggling", "aggravated assault")
CHARGES = {"robbery": "Robbery", "murder": "Murder", "attempted murder": "Attempted Murder",
           "wounding": "Dangerous Harm", "burglary": "Burglary", "drug trafficking": "Drug Trafficking",
           "firearm possession": "Unlicensed Possession of Firearm", "theft of vehicle": "Theft",
           "human smuggling": "Trafficking in Persons", "aggravated assault": "Aggravated Assault"}
COURTS = ("Belize Magistrate's Court", "Supreme Court, Belize City", "Cayo Magistrate's Court",
          "Orange Walk Magistrate's Court", "Toledo Magistrate's Court", "Stann Creek Magistrate's Court")
CROSSINGS = (
    ("Western Border, Benque Viejo", "GT"), ("Santa Elena Border, Corozal", "MX"),
    ("Punta Gorda Port", "GT"), ("Philip Goldson International Airport", "US"),
    ("Jalacte, Toledo", "GT"),
)
PARTNER_SYSTEMS = {"GT": "PNC-GT", "MX": "FGE-QROO"}


@dataclass(slots=True)
class Report:
    """One agency's report about some true entities: becomes one event."""

    reported_at: datetime
    occurred_at: datetime
    agency: str
    event_type: str
    source_record_id: str
    members: list[tuple[Entity, str | None]]  # (true entity, role)
    links: list[tuple[str, int, int]] = field(default_factory=list)  # (rel, from index, to index)
    context: dict[str, Any] = field(default_factory=dict)
    source_version: int = 1
    story: str = ""


class Numbers:
    """Per-agency running numbers for source record ids (incident, lab, case numbers)."""

    def __init__(self) -> None:
        self._counters: dict[str, itertools.count[int]] = {}

    def next(self, series: str) -> int:
        return next(self._counters.setdefault(series, itertools.count(1)))


class Picker:
    """Draws entities from the world with a skew: a few repeat offenders appear again and again."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self._persons = self._cumulative(len(world.persons))

    def _cumulative(self, n: int) -> list[float]:
        # Pareto-distributed activity, capped: repeat offenders without one person in every story
        return list(itertools.accumulate(min(self.rng.paretovariate(1.6), 40.0) for _ in range(n)))

    def person(self) -> Person:
        return self.rng.choices(self.world.persons, cum_weights=self._persons)[0]

    def vehicle_of(self, p: Person) -> Vehicle | None:
        ids = self.world.vehicles_of.get(p.entity_id)
        if ids and self.rng.random() < 0.7:
            v = self.world.by_id[self.rng.choice(ids)]
            assert isinstance(v, Vehicle)
            return v
        return self.rng.choice(self.world.vehicles) if self.world.vehicles else None

    def firearm_of(self, p: Person) -> Firearm | None:
        ids = self.world.firearms_of.get(p.entity_id)
        if ids and self.rng.random() < 0.7:
            g = self.world.by_id[self.rng.choice(ids)]
            assert isinstance(g, Firearm)
            return g
        return self.rng.choice(self.world.firearms) if self.world.firearms else None


def _travel_document(p: Person, rng: random.Random) -> str | None:
    """The document shown at the border, as the officer typed it (or None for a border pass)."""
    from producers.simulator.documents import write_document

    docs = [d for d in p.documents if d.kind in ("passport", "dpi")] or list(p.documents)
    return write_document(rng.choice(docs), rng, careful=True) if docs and rng.random() < 0.9 else None


def _later(t: datetime, rng: random.Random, lo_hours: float, hi_hours: float) -> datetime:
    return t + timedelta(hours=rng.uniform(lo_hours, hi_hours))


def incident_story(story: str, t: datetime, pick: Picker, numbers: Numbers, rng: random.Random) -> list[Report]:
    """A police incident and its follow-ups in forensics, prosecutions, border, licensing and partners."""
    suspects = list({p.entity_id: p for p in (pick.person() for _ in range(rng.choice((1, 1, 1, 2, 2, 3))))}.values())
    others = [(pick.person(), rng.choice(("victim", "victim", "witness", "complainant"))) for _ in range(rng.randint(0, 2))]
    members: list[tuple[Entity, str | None]] = [(s, "suspect") for s in suspects]
    members += [(p, role) for p, role in others if p.entity_id not in {s.entity_id for s in suspects}]
    lead = suspects[0]
    vehicle = pick.vehicle_of(lead) if rng.random() < 0.6 else None
    gun = pick.firearm_of(lead) if rng.random() < 0.5 else None
    links: list[tuple[str, int, int]] = []
    if vehicle:
        members.append((vehicle, None))
        links.append((rng.choice(("drives", "was_in")), 0, len(members) - 1))
    if gun:
        members.append((gun, None))
        links.append(("found_with", 0, len(members) - 1))
        if vehicle and rng.random() < 0.5:
            links.append(("found_in", len(members) - 1, len(members) - 2))
    if len(suspects) > 1:
        links.append(("associate_of", 0, 1))
    town = rng.choice([x for x in TOWNS if x.country == "BZ"])
    offence = rng.choice(OFFENCES)
    year = t.year
    incident_no = f"INC-{year}-{numbers.next('police'):06d}"
    reports = [Report(
        _later(t, rng, 0.5, 48), t, "police", "incident_report", incident_no, members, links,
        {"incident_number": incident_no, "offence": offence,
         "location": {"place": town.name, "district": town.district, "country": town.country,
                      "lat": round(town.lat + rng.uniform(-0.02, 0.02), 5),
                      "lon": round(town.lon + rng.uniform(-0.02, 0.02), 5)}},
        story=story,
    )]
    if gun:
        lab = f"NFSL-{year}-{numbers.next('forensics'):05d}"
        result = "not_required" if gun.serial is None else rng.choice(("restored", "partially_restored", "legible"))
        reports.append(Report(
            _later(t, rng, 48, 24 * 30), t, "forensics", "firearm_examination", lab, [(gun, None)], [],
            {"lab_case_number": lab, "incident_number": incident_no, "restoration_result": result,
             "examiner": rng.choice(("J. Usher", "M. Chan", "R. Gongora", "A. Sho"))}, story=story,
        ))
    if rng.random() < 0.7:
        case = f"ODPP-{year}-{numbers.next('prosecutions'):05d}"
        defendants = [(s, "defendant") for s in suspects]
        reports.append(Report(
            _later(t, rng, 24 * 7, 24 * 60), t, "prosecutions", "case_filing", case, list(defendants), [],
            {"case_number": case, "court": rng.choice(COURTS), "charges": [CHARGES[offence]],
             "incident_number": incident_no}, story=story,
        ))
    if rng.random() < 0.45:
        point, country = rng.choice(CROSSINGS)
        agency = "immigration" if rng.random() < 0.65 else "customs"
        crossing = f"{agency[:3].upper()}-{numbers.next(agency):07d}"
        when = t + timedelta(hours=rng.uniform(1, 24 * 30))  # leaving (or returning) after the incident
        xmembers: list[tuple[Entity, str | None]] = [(lead, "traveller")]
        xlinks = []
        if vehicle and rng.random() < 0.6:
            xmembers.append((vehicle, None))
            xlinks.append(("was_in", 0, 1))
        reports.append(Report(
            _later(when, rng, 0.1, 6), when, agency, "border_crossing", crossing, xmembers, xlinks,
            {"crossing_point": point, "direction": rng.choice(("entry", "exit")), "counterpart_country": country,
             "travel_document": _travel_document(lead, rng)},
            story=story,
        ))
    if vehicle and rng.random() < 0.5:
        owner = pick.world.by_id.get(vehicle.owner_id or "")
        reg = f"VR-{numbers.next('licensing-vr'):07d}"
        vmembers: list[tuple[Entity, str | None]] = [(vehicle, None)]
        vlinks = []
        if isinstance(owner, Person):
            vmembers.append((owner, "owner"))
            vlinks.append(("owns", 1, 0))
        when = t - timedelta(days=rng.uniform(30, 2000))
        reports.append(Report(_later(t, rng, 1, 24 * 20), when, "licensing", "vehicle_registration", reg,
                              vmembers, vlinks, {"registration_number": reg}, story=story))
    if gun and gun.holder_id and gun.serial and rng.random() < 0.4:
        holder = pick.world.by_id[gun.holder_id]
        lic = f"FL-{numbers.next('licensing-fl'):06d}"
        issued = t - timedelta(days=rng.uniform(30, 1500))
        reports.append(Report(
            _later(t, rng, 1, 24 * 20), issued, "licensing", "firearm_licence", lic, [(gun, None), (holder, "holder")],
            [("holds", 1, 0)], {"licence_number": lic, "valid_from": issued.date().isoformat(),
                                "valid_to": (issued + timedelta(days=3 * 365)).date().isoformat()}, story=story,
        ))
    foreign = next((s for s in suspects if s.nationality in PARTNER_SYSTEMS), None)
    if foreign or rng.random() < 0.15:
        subject = foreign or lead
        system = PARTNER_SYSTEMS.get(subject.nationality, rng.choice(tuple(PARTNER_SYSTEMS.values())))
        rid = f"{system}-{numbers.next(system):06d}"
        pmembers: list[tuple[Entity, str | None]] = [(subject, "subject")]
        plinks = []
        if vehicle and rng.random() < 0.4:
            pmembers.append((vehicle, None))
            plinks.append(("drives", 0, 1))
        reports.append(Report(_later(t, rng, 24, 24 * 45), t, "partners", "entity_report", rid, pmembers, plinks,
                              {"partner_system": system}, story=story))
    if len(reports) == 1:  # every story crosses agencies: at least the prosecutor sees it
        case = f"ODPP-{year}-{numbers.next('prosecutions'):05d}"
        reports.append(Report(
            _later(t, rng, 24 * 7, 24 * 60), t, "prosecutions", "case_filing", case, [(s, "defendant") for s in suspects],
            [], {"case_number": case, "court": rng.choice(COURTS), "charges": [CHARGES[offence]],
                 "incident_number": incident_no}, story=story,
        ))
    return reports
