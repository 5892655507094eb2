"""Vehicle comparators: VIN, plate, make, model, colour, year."""

from __future__ import annotations

import pytest

from streams.resolve.compare import color, model, plate, vehicle_make, vin, year
from streams.resolve.normalize.plates import normalize_plate
from streams.resolve.normalize.vehicles import canonical_colors, canonical_vehicle_make, model_year, normalize_model
from streams.resolve.normalize.vins import normalize_vin


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("1M8GDM9AXKP042788", "1m8gdm9a-xkp042788", "exact"),
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP0427O8", "one_off"),  # O read for 0
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP042789", "one_off"),  # a typo breaks the check digit
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP04278", "one_off"),
        ("JTFAB12345X123456", "JTFAB12345X123457", "one_off"),
        ("1M8GDM9AXKP042788", "1FTFW1ET5DFC10312", "check_conflict"),
        ("JTFAB12345X123456", "KNAXY98765Z654321", "check_conflict"),
        ("3GCEVDUE22U137333", "3GCEVDUE22U13P333", "one_off"),  # 7 and P weigh the same: both still check
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP042797", "check_conflict"),
        ("KUN25-1234567", "GRN215-7654321", "different"),
        ("1M8GDM9AXKP042788", None, "missing"),
    ],
)
def test_vin(a: str | None, b: str | None, level: str) -> None:
    assert vin.compare(normalize_vin(a), normalize_vin(b)).level == level
    assert vin.compare(normalize_vin(b), normalize_vin(a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("BZ C-12345", "C12345", "exact"),
        ("BZ C-12345", "bz-c-12345", "exact"),
        ("C12345", "CI2345", "skeleton"),
        ("BZ C-12345", "CI2345", "skeleton"),
        ("P-123BCD", "123BCD", "exact"),
        ("P-123BCD", "P-123BC0", "skeleton"),
        ("BZ C-12345", "2345", "fragment"),
        ("BZ C-12345", "C123", "fragment"),
        ("BZ C-12345", "C12", "different"),  # too short to count as a fragment
        ("BZCI2345", "BZ C-12345", "skeleton"),
        ("CY C-14993", "CY C-74993", "skeleton"),  # a hand-written 1 read as 7
        ("BZ C-12345", "CZ C-12345", "different"),  # another district's plate
        ("GT P-123BCD", "MX 123BCD", "different"),
        ("BZ C-12345", "C54321", "different"),
        ("BZ C-12345", None, "missing"),
    ],
)
def test_plate(a: str | None, b: str | None, level: str) -> None:
    assert plate.compare(normalize_plate(a), normalize_plate(b)).level == level
    assert plate.compare(normalize_plate(b), normalize_plate(a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("Toyota", "TOYOTA MOTOR", "same"), ("Chevy", "Chevrolet", "same"), ("Hyundia", "Hyundai", "same"),
     ("Toyota", "Nissan", "different"), ("Toyota", None, "missing")],
)
def test_vehicle_make(a: str | None, b: str | None, level: str) -> None:
    assert vehicle_make.compare(canonical_vehicle_make(a), canonical_vehicle_make(b)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("CR-V", "CRV", "same"), ("Land Cruiser Prado", "Prado", "similar"), ("Hilux", "Hilux Vigo", "similar"),
     ("Corolla", "Corola", "similar"), ("Hilux", "Civic", "different"), ("Hilux", None, "missing")],
)
def test_model(a: str | None, b: str | None, level: str) -> None:
    assert model.compare(normalize_model(a), normalize_model(b)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("White", "Blanco", "same"), ("silver/grey", "Gris", "overlap"), ("Silver", "Grey", "related"),
     ("Maroon", "red", "related"), ("White", "Black", "different"), ("White", None, "missing")],
)
def test_color(a: str | None, b: str | None, level: str) -> None:
    assert color.compare(canonical_colors(a), canonical_colors(b)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("2015", 2015, "exact"), ("2015", "2016", "one_off"), (2015, 2019, "different"), (2015, None, "missing")],
)
def test_year(a: object, b: object, level: str) -> None:
    assert year.compare(model_year(a), model_year(b)).level == level
