"""Identity documents of the region and the many ways agencies write their numbers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from producers.simulator.noise import strip_accents


@dataclass(frozen=True, slots=True)
class Document:
    """One true identity document: its kind, issuing country and number."""

    kind: str  # passport | ssn | dpi | curp
    country: str
    number: str


def belize_passport(rng: random.Random) -> Document:
    return Document("passport", "BZ", f"P{rng.randrange(10**7):07d}")


def belize_ssn(rng: random.Random) -> Document:
    return Document("ssn", "BZ", f"{rng.randrange(10**9):09d}")


def guatemala_dpi(rng: random.Random) -> Document:
    """Guatemalan CUI/DPI: 13 digits (8 serial + verifier, then department and municipality)."""
    return Document("dpi", "GT", f"{rng.randrange(10**9):09d}{rng.randint(1, 22):02d}{rng.randint(1, 30):02d}")


def guatemala_passport(rng: random.Random) -> Document:
    return Document("passport", "GT", f"{rng.randrange(10**9):09d}")


def mexico_passport(rng: random.Random) -> Document:
    return Document("passport", "MX", f"G{rng.randrange(10**8):08d}")


_CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
_VOWELS = "AEIOU"


def _first_inner(letters: str, pool: str) -> str:
    for c in letters[1:]:
        if c in pool:
            return c
    return "X"


def mexico_curp(rng: random.Random, given: str, paternal: str, maternal: str | None, dob: date, sex: str) -> Document:
    """A CURP derived the way RENAPO does (name letters, birth date, sex, state, consonants)."""
    g = strip_accents(given).upper().replace(" ", "") or "X"
    p = strip_accents(paternal).upper().replace(" ", "") or "X"
    m = strip_accents(maternal or "X").upper().replace(" ", "") or "X"
    state = rng.choice(("QR", "YN", "CS", "TC", "DF", "VZ"))
    text = (
        p[0] + _first_inner(p, _VOWELS) + m[0] + g[0] + dob.strftime("%y%m%d") + ("H" if sex == "M" else "M")
        + state + _first_inner(p, _CONSONANTS) + _first_inner(m, _CONSONANTS) + _first_inner(g, _CONSONANTS)
        + rng.choice("0123456789AB") + str(rng.randrange(10))
    )
    return Document("curp", "MX", text)


def _spaced(number: str, groups: tuple[int, ...]) -> str:
    parts, i = [], 0
    for size in groups:
        parts.append(number[i : i + size])
        i += size
    if i < len(number):
        parts.append(number[i:])
    return " ".join(p for p in parts if p)


def write_document(doc: Document, rng: random.Random, careful: bool) -> str:
    """The number as one agency writes it: careful systems prefix it, officers improvise."""
    n = doc.number
    if doc.kind == "passport" and doc.country == "BZ":
        forms = [f"BZ:{n}", n, f"{n[0]} {_spaced(n[1:], (3, 4))}", f"BZ PASSPORT {n}", f"PP# {n}", n.lower()]
    elif doc.kind == "ssn":
        forms = [f"BZ:SSN{n}", f"SSN {n}", _spaced(n, (3, 3, 3)), f"SS# {n}", n]
    elif doc.kind == "dpi":
        forms = [f"DPI {_spaced(n, (4, 5, 4))}", f"GT:DPI{n}", n, f"CUI {n[:4]}-{n[4:9]}-{n[9:]}", _spaced(n, (4, 5, 4))]
    elif doc.kind == "curp":
        forms = [f"CURP {n}", f"MX:CURP{n}", n, n.lower(), f"CURP: {n}"]
    else:
        forms = [f"{doc.country}:{n}", f"{doc.country} PASSPORT {n}", n, f"PASAPORTE {n}"]
    if careful:
        return forms[0] if rng.random() < 0.8 else forms[1]
    return rng.choice(forms)
