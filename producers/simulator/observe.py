"""One agency's imperfect record of a true person, vehicle or firearm (a canonical record dict).

Each function returns the record (without ``record_id``/``source``) and the tags
of the errors it made, so tests and tuners can see which hard case a record is.
"""

from __future__ import annotations

import random
import re
import string
from datetime import date
from typing import Any

from producers.simulator import firearms as guns
from producers.simulator import noise
from producers.simulator import vehicles as cars
from producers.simulator.agencies import Profile
from producers.simulator.documents import write_document
from producers.simulator.names import NICKNAMES
from producers.simulator.people import Person
from producers.simulator.places import write_phone

Observation = tuple[dict[str, Any], list[str]]

_PARTICLE = re.compile(r"\b(de los|de las|de la|del|de)\s+", re.IGNORECASE)


def _family(p: Person, prof: Profile, rng: random.Random, tags: list[str]) -> str:
    family = p.paternal
    if p.maternal and p.maternal != p.paternal:
        if rng.random() < prof.first_surname_only:
            tags.append("first_surname_only")
        else:
            family = f"{family} {p.maternal}"
    if p.married:
        family = f"{family} de {p.married}"
    if _PARTICLE.search(family) and rng.random() < prof.particle_drop:
        family = _PARTICLE.sub("", family)
        tags.append("particle_dropped")
    if p.suffix:
        if rng.random() < prof.suffix_written:
            family = f"{family} {p.suffix}"
        else:
            tags.append("suffix_dropped")
    return family


def _given(p: Person, prof: Profile, rng: random.Random, tags: list[str]) -> str:
    names = list(p.given)
    if len(names) > 1 and rng.random() < prof.first_given_only:
        names = names[:1]
    if names[0] in NICKNAMES and rng.random() < prof.nickname:
        names = [rng.choice(NICKNAMES[names[0]])]
        tags.append("nickname")
    return " ".join(names)


def _dob(p: Person, prof: Profile, rng: random.Random, tags: list[str]) -> str | None:
    r = rng.random()
    if r < prof.dob_missing:
        tags.append("dob_missing")
        return None
    r -= prof.dob_missing
    d = p.dob
    if r < prof.dob_swap and d.day <= 12 and d.day != d.month:
        tags.append("dob_swap")
        return f"{d.year:04d}-{d.day:02d}-{d.month:02d}"
    r -= prof.dob_swap
    if r < prof.dob_estimate:
        tags.append("dob_estimated")
        return f"{d.year:04d}" if rng.random() < 0.4 else f"{d.year:04d}-01-01"
    r -= prof.dob_estimate
    if r < prof.dob_typo:  # one digit mistyped, kept only if it still reads as a date
        text = d.isoformat()
        i = rng.choice((2, 3, 5, 6, 8, 9))
        typed = text[:i] + rng.choice([c for c in "0123456789" if c != text[i]]) + text[i + 1 :]
        try:
            date.fromisoformat(typed)
        except ValueError:
            return text
        tags.append("dob_typo")
        return typed
    return d.isoformat()


def _write_name(text: str, prof: Profile, rng: random.Random, tags: list[str], typo_here: bool, upper: bool) -> str:
    if typo_here:
        text = noise.typo(text, rng, 2 if len(text) >= 7 and rng.random() < 0.25 else 1)
    if rng.random() < prof.accent_drop:
        stripped = noise.strip_accents(text)
        if stripped != text:
            tags.append("accent_dropped")
        text = stripped
    elif rng.random() < prof.accent_add:
        text = noise.add_accent(text, rng)
        tags.append("accent_added")
    if upper:
        text = text.upper()
    if prof.mojibake and rng.random() < prof.mojibake:
        garbled = noise.mojibake(text)
        if garbled != text:
            tags.append("mojibake")
        text = garbled
    return text


def observe_person(p: Person, prof: Profile, rng: random.Random) -> Observation:
    tags: list[str] = []
    given, family = _given(p, prof, rng, tags), _family(p, prof, rng, tags)
    if p.family_first:  # Chinese names: the true "given" field often holds the family name
        if rng.random() < 0.3:
            given, family = family, given
            tags.append("swapped")
    if rng.random() < prof.swap:
        given, family = family, given
        tags.append("swapped")
    typo_field = -1
    if rng.random() < prof.typo:
        typo_field = rng.randrange(2)
        tags.append("typo")
    upper = rng.random() < prof.upper  # a system stores all of a record in one case
    record: dict[str, Any] = {
        "kind": "person",
        "given_name": _write_name(given, prof, rng, tags, typo_field == 0, upper),
        "family_name": _write_name(family, prof, rng, tags, typo_field == 1, upper),
        "date_of_birth": _dob(p, prof, rng, tags),
        "sex": None if rng.random() < prof.sex_missing else p.sex,
    }
    ids = []
    for doc in p.documents:
        if rng.random() < prof.id_rate:
            text = write_document(doc, rng, prof.careful_ids)
            if rng.random() < prof.id_typo:
                text = noise.change_one(text, rng, string.digits) if any(c.isdigit() for c in text) else text
                tags.append("id_typo")
            ids.append(text)
    record["id_numbers"] = ids
    if rng.random() < prof.address_rate:
        address = p.address.replace("Street", "St.") if rng.random() < 0.3 else p.address
        record["address"] = address.upper() if upper else address
    else:
        record["address"] = None
    record["phone"] = write_phone(p.phone, rng) if p.phone and rng.random() < prof.phone_rate else None
    return record, list(dict.fromkeys(tags))


def observe_vehicle(v: cars.Vehicle, prof: Profile, rng: random.Random) -> Observation:
    tags: list[str] = []
    plate: str | None
    r = rng.random()
    if r < prof.plate_missing:
        plate = None
        tags.append("plate_missing")
    elif r < prof.plate_missing + prof.plate_fragment:
        plate = cars.plate_fragment(v.plate, rng)
        tags.append("plate_fragment")
    else:
        current = v.plate
        if v.old_plate and rng.random() < 0.3:
            current = v.old_plate
            tags.append("old_plate")
        plate = rng.choice(cars.plate_forms(current)) if rng.random() < 0.5 else current.text
        if rng.random() < prof.plate_confusable:
            confused = noise.confuse(plate, rng)
            if confused != plate:
                tags.append("plate_confusable")
            plate = confused
    country: str | None = v.old_plate.country if "old_plate" in tags and v.old_plate else v.plate.country
    if rng.random() < prof.plate_country_missing:
        country = None
        tags.append("plate_country_missing")
    vin: str | None = None
    if rng.random() < prof.vin_rate:
        vin = v.vin
        if rng.random() < prof.vin_typo:
            vin = noise.change_one(vin, rng, cars.VIN_ALPHABET)
            tags.append("vin_typo")
    year = v.year
    if rng.random() < prof.year_off:
        year += rng.choice((-1, 1))
        tags.append("year_off")
    record = {
        "kind": "vehicle", "plate": plate, "plate_country": country, "vin": vin,
        "make": rng.choice(cars.MAKE_FORMS[v.make]) if rng.random() < 0.5 else v.make,
        "model": v.model.upper() if rng.random() < prof.upper else v.model,
        "color": rng.choice(cars.COLOR_FORMS[v.color]) if rng.random() < 0.4 else v.color,
        "year": year if rng.random() < 0.85 else None,
    }
    return record, tags


def observe_firearm(g: guns.Firearm, prof: Profile, rng: random.Random) -> Observation:
    tags: list[str] = []
    serial = g.serial
    if serial is not None:
        r = rng.random()
        if r < prof.serial_missing:
            serial = None
            tags.append("serial_missing")
        elif r < prof.serial_missing + prof.serial_obliterated:
            serial = noise.obliterate(serial, rng, rng.randint(1, max(1, len(serial) - 2)))
            tags.append("serial_obliterated")
        elif rng.random() < prof.serial_confusable:
            confused = noise.confuse(serial, rng)
            if confused != serial:
                tags.append("serial_confusable")
            serial = confused
    record = {
        "kind": "firearm",
        "serial_number": serial,
        "make": rng.choice(guns.MAKE_FORMS[g.make]) if rng.random() < 0.6 else g.make,
        "model": None if rng.random() < prof.model_missing else g.model,
        "caliber": None if rng.random() < prof.caliber_missing else rng.choice(guns.CALIBER_FORMS[g.caliber]),
        "firearm_type": rng.choice(guns.TYPE_FORMS[g.firearm_type]),
    }
    return record, tags


def observe(entity: Person | cars.Vehicle | guns.Firearm, prof: Profile, rng: random.Random) -> Observation:
    """One agency's record of a true person, vehicle or firearm, with that agency's errors."""
    if isinstance(entity, Person):
        return observe_person(entity, prof, rng)
    if isinstance(entity, cars.Vehicle):
        return observe_vehicle(entity, prof, rng)
    return observe_firearm(entity, prof, rng)
