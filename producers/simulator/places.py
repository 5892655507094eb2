"""Towns, villages and streets of Belize and its borderlands, by the communities that live there."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    district: str
    country: str
    lat: float
    lon: float


TOWNS: tuple[Town, ...] = (
    Town("Belize City", "Belize", "BZ", 17.5046, -88.1962),
    Town("Ladyville", "Belize", "BZ", 17.5550, -88.2920),
    Town("Belmopan", "Cayo", "BZ", 17.2514, -88.7590),
    Town("San Ignacio", "Cayo", "BZ", 17.1588, -89.0696),
    Town("Benque Viejo del Carmen", "Cayo", "BZ", 17.0750, -89.1392),
    Town("Spanish Lookout", "Cayo", "BZ", 17.2400, -88.9900),
    Town("Orange Walk Town", "Orange Walk", "BZ", 18.0812, -88.5630),
    Town("Shipyard", "Orange Walk", "BZ", 17.9200, -88.6400),
    Town("Blue Creek", "Orange Walk", "BZ", 17.9000, -88.9200),
    Town("Corozal Town", "Corozal", "BZ", 18.3937, -88.3881),
    Town("Dangriga", "Stann Creek", "BZ", 16.9697, -88.2311),
    Town("Hopkins", "Stann Creek", "BZ", 16.8600, -88.2800),
    Town("Punta Gorda", "Toledo", "BZ", 16.0986, -88.8089),
    Town("San Antonio", "Toledo", "BZ", 16.2300, -89.0200),
    Town("San Pedro", "Belize", "BZ", 17.9214, -87.9611),
    Town("Melchor de Mencos", "Petén", "GT", 17.0667, -89.1500),
    Town("Flores", "Petén", "GT", 16.9297, -89.8928),
    Town("Ciudad de Guatemala", "Guatemala", "GT", 14.6349, -90.5069),
    Town("Chetumal", "Quintana Roo", "MX", 18.5001, -88.2961),
    Town("Bacalar", "Quintana Roo", "MX", 18.6770, -88.3950),
)

DISTRICT_CODES: dict[str, str] = {
    "Belize": "BZ", "Cayo": "CY", "Orange Walk": "OW", "Corozal": "CZ", "Stann Creek": "SC", "Toledo": "TO",
}
"""Belizean district -> the prefix on its licence plates."""

_HOME_TOWNS: dict[str, tuple[str, ...]] = {
    "mestizo": ("Orange Walk Town", "Corozal Town", "San Ignacio", "Benque Viejo del Carmen", "Belize City", "Belmopan"),
    "kriol": ("Belize City", "Ladyville", "Belmopan", "San Pedro"),
    "maya": ("San Antonio", "Punta Gorda", "San Ignacio"),
    "garifuna": ("Dangriga", "Hopkins", "Punta Gorda"),
    "mennonite": ("Spanish Lookout", "Shipyard", "Blue Creek"),
    "chinese": ("Belize City", "Belmopan", "Orange Walk Town"),
    "east_indian": ("Belize City", "Corozal Town", "Punta Gorda"),
    "guatemalan": ("Melchor de Mencos", "Flores", "Ciudad de Guatemala"),
    "mexican": ("Chetumal", "Bacalar"),
}

_STREETS = (
    "Albert Street", "Regent Street", "Cemetery Road", "Freetown Road", "Princess Margaret Drive",
    "Northern Highway", "Western Highway", "Main Street", "Calle Principal", "Avenida Héroes",
    "Hummingbird Highway", "Church Street", "Baymen Avenue", "Mahogany Street", "Ring Road",
)

_BY_NAME = {t.name: t for t in TOWNS}


def home_town(culture: str, rng: random.Random) -> Town:
    return _BY_NAME[rng.choice(_HOME_TOWNS.get(culture, ("Belize City",)))]


def street_address(town: Town, rng: random.Random) -> str:
    """A home address in the town's local style (Guatemalan "4a Calle 3-21, Zona 1", Mexican "Av. ... 123")."""
    if town.country == "GT":
        return f"{rng.randint(1, 12)}a Calle {rng.randint(1, 30)}-{rng.randint(1, 99):02d}, Zona {rng.randint(1, 6)}, {town.name}"
    if town.country == "MX":
        avenue = rng.choice(("Av. Héroes", "Av. Insurgentes", "Calle Othón P. Blanco", "Av. Álvaro Obregón"))
        return f"{avenue} {rng.randint(1, 999)}, {town.name}"
    if town.name in ("Spanish Lookout", "Shipyard", "Blue Creek", "Hopkins", "San Antonio"):
        return f"{town.name} Village, {town.district}" if town.country == "BZ" else town.name
    return f"{rng.randint(1, 240)} {rng.choice(_STREETS)}, {town.name}"


def phone_number(country: str, rng: random.Random) -> str:
    """A mobile number of the country (Belize +501 6xx-xxxx, Guatemala +502, Mexico +52 983)."""
    if country == "GT":
        return f"+502 {rng.choice('345')}{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"
    if country == "MX":
        return f"+52 983-{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"
    return f"+501 6{rng.randint(0, 6)}{rng.randint(0, 9)}-{rng.randrange(10000):04d}"


def write_phone(phone: str, rng: random.Random) -> str:
    """A phone number as written: with or without country code, dashes and spaces."""
    digits = "".join(c for c in phone if c.isdigit())
    code = phone[1:].split(" ")[0]
    local = digits[len(code):]
    forms = (phone, local, f"{local[:3]}-{local[3:]}", f"{code}-{local}", f"({code}) {local}")
    return rng.choice(forms)
