"""Firearm comparators: serial, make, caliber, type."""

from __future__ import annotations

import pytest

from streams.resolve.compare import caliber, firearm_make, firearm_type, serial
from streams.resolve.normalize.firearms import canonical_caliber, canonical_make, canonical_type, normalize_serial


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("AB12345", "ab-12345", "exact"),
        ("AB12?45", "AB12345", "wildcard_match"),
        ("AB12*45", "AB1?345", "wildcard_match"),
        ("B12345", "AB12345", "wildcard_match"),
        ("AB12?45", "AB12?45", "wildcard_match"),
        ("AB12?45", "AB12346", "different"),
        ("AB12345", "AB12346", "fuzzy"),
        ("AB12345", "A812345", "fuzzy"),  # 8 read for B
        ("AB12345", "AB1245", "fuzzy"),
        ("AB12345", "XY98765", "different"),
        ("??3", "AB3", "missing"),  # too little readable to say anything
        ("VSM?????", "????653?", "missing"),  # the readable parts never meet
        ("AB?????", "AB34567", "missing"),  # two agreeing characters are not enough
        ("474-68560", "4?4?6???0", "wildcard_match"),  # a ? where the other dropped the dash
        ("793128", "793728", "fuzzy"),  # 7 read for 1
        ("P61D4218M", "P6704218M", "fuzzy"),
        ("AB12345", "Obliterated", "missing"),
        ("AB12345", None, "missing"),
    ],
)
def test_serial(a: str | None, b: str | None, level: str) -> None:
    assert serial.compare(normalize_serial(a), normalize_serial(b)).level == level
    assert serial.compare(normalize_serial(b), normalize_serial(a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("S&W", "Smith & Wesson", "same"), ("Glock", "GLOCK GmbH", "same"), ("Glock", "Taurus", "different"), ("Glock", None, "missing")],
)
def test_firearm_make(a: str | None, b: str | None, level: str) -> None:
    assert firearm_make.compare(canonical_make(a), canonical_make(b)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("9mm", "9x19", "same"), ("9mm Luger", "9mm Parabellum", "same"), ("5.56 NATO", ".223 Rem", "related"),
     ("9mm", ".45 ACP", "different"), ("9mm", None, "missing")],
)
def test_caliber(a: str | None, b: str | None, level: str) -> None:
    assert caliber.compare(canonical_caliber(a), canonical_caliber(b)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("pistol", "Pistola", "same"), ("handgun", "revolver", "compatible"), ("pistol", "shotgun", "different"), (None, "rifle", "missing")],
)
def test_firearm_type(a: str | None, b: str | None, level: str) -> None:
    assert firearm_type.compare(canonical_type(a), canonical_type(b)).level == level
