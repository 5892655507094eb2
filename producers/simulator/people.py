"""True persons of the simulated world, including the look-alikes that must stay apart."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from producers.simulator import documents as docs
from producers.simulator.names import CULTURES, Culture
from producers.simulator.places import home_town, phone_number, street_address


@dataclass(frozen=True, slots=True)
class Person:
    """A real person: the facts every agency observes imperfectly."""

    entity_id: str
    culture: str
    sex: str  # M | F
    given: tuple[str, ...]
    paternal: str
    maternal: str | None
    married: str | None  # husband's surname, written "de <married>"
    suffix: str | None  # Jr. | Sr.
    dob: date
    address: str
    town: str
    phone: str | None
    documents: tuple[docs.Document, ...]
    nationality: str
    family_first: bool = False
    hard_case: str | None = None
    related: tuple[str, ...] = field(default=())


_CULTURE_LIST = [c for c, _ in CULTURES]
_CULTURE_WEIGHTS = [w for _, w in CULTURES]
_BY_NAME = {c.name: c for c in _CULTURE_LIST}


def pick_culture(rng: random.Random) -> Culture:
    return rng.choices(_CULTURE_LIST, _CULTURE_WEIGHTS)[0]


def _dob(rng: random.Random, lo: int = 1950, hi: int = 2007) -> date:
    return date(lo, 1, 1) + timedelta(days=rng.randrange((date(hi, 12, 31) - date(lo, 1, 1)).days))


def _given(culture: Culture, sex: str, rng: random.Random) -> tuple[str, ...]:
    pool = culture.male if sex == "M" else culture.female
    first = rng.choice(pool)
    if culture.double_surname and rng.random() < 0.45:
        second = rng.choice(pool)
        if second != first:
            return (first, second)
    return (first,)


def _documents(culture: Culture, given: tuple[str, ...], paternal: str, maternal: str | None,
               dob: date, sex: str, rng: random.Random) -> tuple[docs.Document, ...]:
    found: list[docs.Document] = []
    if culture.nationality == "GT":
        found.append(docs.guatemala_dpi(rng))
        if rng.random() < 0.4:
            found.append(docs.guatemala_passport(rng))
    elif culture.nationality == "MX":
        found.append(docs.mexico_curp(rng, given[0], paternal, maternal, dob, sex))
        if rng.random() < 0.4:
            found.append(docs.mexico_passport(rng))
    else:
        if rng.random() < 0.7:
            found.append(docs.belize_ssn(rng))
        if rng.random() < 0.45:
            found.append(docs.belize_passport(rng))
    return tuple(found)


def new_person(entity_id: str, rng: random.Random, culture: Culture | None = None) -> Person:
    """One person drawn from the population, with documents matching their nationality."""
    culture = culture or pick_culture(rng)
    sex = "M" if rng.random() < 0.62 else "F"  # persons known to law enforcement skew male
    given = _given(culture, sex, rng)
    paternal = rng.choice(culture.surnames)
    maternal = rng.choice(culture.surnames) if culture.double_surname else None
    married = rng.choice(culture.surnames) if culture.double_surname and sex == "F" and rng.random() < 0.15 else None
    dob = _dob(rng)
    town = home_town(culture.name, rng)
    return Person(
        entity_id=entity_id, culture=culture.name, sex=sex, given=given, paternal=paternal,
        maternal=maternal, married=married, suffix=None, dob=dob, address=street_address(town, rng),
        town=town.name, phone=phone_number(culture.nationality, rng) if rng.random() < 0.7 else None,
        documents=_documents(culture, given, paternal, maternal, dob, sex, rng),
        nationality=culture.nationality, family_first=culture.family_first,
    )


def twins(ids: tuple[str, str], rng: random.Random) -> list[Person]:
    """Twins: same surnames, birth date and address; different (sometimes near-identical) given names."""
    a = new_person(ids[0], rng, _BY_NAME[rng.choice(("kriol", "mestizo", "maya", "garifuna"))])
    culture = _BY_NAME[a.culture]
    pool = culture.male if a.sex == "M" else culture.female
    alike = {"Kevin": "Kelvin", "Kelvin": "Kevin", "Marcia": "Marsha", "Dean": "Dwayne", "Juan": "Juana"}
    other = alike.get(a.given[0]) if rng.random() < 0.3 else None
    while other is None or other == a.given[0]:
        other = rng.choice(pool)
    b = replace(
        a, entity_id=ids[1], given=(other,),
        documents=_documents(culture, (other,), a.paternal, a.maternal, a.dob, a.sex, rng),
        phone=phone_number(a.nationality, rng) if rng.random() < 0.6 else None,
    )
    return [replace(a, hard_case="twin", related=(b.entity_id,)), replace(b, hard_case="twin", related=(a.entity_id,))]


def father_and_son(ids: tuple[str, str], rng: random.Random) -> list[Person]:
    """Father and son of the same name ("Sr."/"Jr."), same address, born 20-35 years apart."""
    culture = _BY_NAME[rng.choice(("kriol", "kriol", "mestizo", "garifuna", "mennonite"))]
    father = new_person(ids[0], rng, culture)
    father = replace(father, sex="M", given=(rng.choice(culture.male),), dob=_dob(rng, 1945, 1975), married=None)
    son_dob = father.dob + timedelta(days=rng.randint(20 * 365, 35 * 365))
    son = replace(
        father, entity_id=ids[1], dob=son_dob, suffix="Jr.", maternal=rng.choice(culture.surnames) if father.maternal else None,
        documents=_documents(culture, father.given, father.paternal, father.maternal, son_dob, "M", rng),
        phone=phone_number(father.nationality, rng) if rng.random() < 0.7 else None,
    )
    father = replace(father, suffix="Sr.")
    return [
        replace(father, hard_case="father_son", related=(son.entity_id,)),
        replace(son, hard_case="father_son", related=(father.entity_id,)),
    ]


COMMON_NAMES: tuple[tuple[str, str, str, str | None], ...] = (
    ("maya", "José", "Choc", None),
    ("maya", "Juan", "Coc", None),
    ("maya", "María", "Pop", None),
    ("mennonite", "Johan", "Friesen", None),
    ("mennonite", "Peter", "Penner", None),
    ("mestizo", "José", "López", None),
    ("mestizo", "Juan", "García", None),
    ("kriol", "Michael", "Young", None),
)
"""Names shared by many distinct people: (culture, given, family, maternal)."""


def namesakes(ids: list[str], rng: random.Random) -> list[Person]:
    """Distinct people with one common name and different birth dates and homes."""
    culture_name, given, family, _ = rng.choice(COMMON_NAMES)
    culture = _BY_NAME[culture_name]
    sex = "F" if given in culture.female and given not in culture.male else "M"
    group: list[Person] = []
    for eid in ids:
        p = new_person(eid, rng, culture)
        group.append(replace(
            p, sex=sex, given=(given,), paternal=family, married=None, hard_case="namesake",
            documents=_documents(culture, (given,), family, p.maternal, p.dob, sex, rng),
        ))
    return group
