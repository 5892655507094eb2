"""The hard cases from the issue, end to end: raw agency text -> normalizer -> comparator level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from streams.resolve.compare import caliber, dob, firearm_make, generation, given_name, name_order, plate, serial, surname, vin
from streams.resolve.compare.comparison import Comparison
from streams.resolve.normalize.dates import parse_date
from streams.resolve.normalize.firearms import canonical_caliber, canonical_make, normalize_serial
from streams.resolve.normalize.names import parse_person_name
from streams.resolve.normalize.plates import normalize_plate
from streams.resolve.normalize.vins import is_valid_vin, normalize_vin


def _names(cmp: Callable[[Any, Any], Comparison]) -> Callable[[tuple[str | None, str | None], tuple[str | None, str | None]], str]:
    def run(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> str:
        x, y = name_order.align(parse_person_name(*a), parse_person_name(*b))
        return cmp(x, y).level
    return run


given = _names(given_name.compare)
family = _names(surname.compare)


def order(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> str:
    return name_order.compare(parse_person_name(*a), parse_person_name(*b)).level


def suffix(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> str:
    return generation.compare(parse_person_name(*a).suffix, parse_person_name(*b).suffix).level


CASES: list[tuple[str, Callable[[Any, Any], str], Any, Any, str]] = [
    ("accents", given, ("José", "Choc"), ("Jose", "Choc"), "exact"),
    ("mojibake", given, ("JosÃ©", "Choc"), ("José", "Choc"), "exact"),
    ("married name, family-first", family, ("", "López de García, María"), ("Maria Lopez", None), "subset"),
    ("married name, given", given, ("", "López de García, María"), ("Maria Lopez", None), "exact"),
    ("nickname", given, ("Pepe", "Choc"), ("José", "Choc"), "nickname"),
    ("nickname, one field", given, ("Pepe Choc", None), ("José", "Choc"), "nickname"),
    ("swapped order", order, ("Jose", "Choc"), ("Choc", "Jose"), "swapped"),
    ("swapped, aligned given", given, ("Jose", "Choc"), ("Choc", "Jose"), "exact"),
    ("swapped, aligned surname", family, ("Jose", "Choc"), ("Choc", "Jose"), "exact"),
    ("junior", suffix, ("Juan", "Perez Jr."), ("Juan", "Perez"), "one_sided"),
    ("father and son", suffix, ("Juan Perez Jr.", None), ("Juan Perez Sr.", None), "conflict"),
    ("day/month swap", lambda a, b: dob.compare(parse_date(a), parse_date(b)).level, "1985-03-07", "1985-07-03", "day_month_swap"),
    ("plate district", lambda a, b: plate.compare(normalize_plate(a), normalize_plate(b)).level, "BZ C-12345", "C12345", "exact"),
    ("plate look-alike", lambda a, b: plate.compare(normalize_plate(a), normalize_plate(b)).level, "C12345", "CI2345", "skeleton"),
    ("plate district + look-alike", lambda a, b: plate.compare(normalize_plate(a), normalize_plate(b)).level, "BZ C-12345", "CI2345", "skeleton"),
    ("VIN with O for 0", lambda a, b: vin.compare(normalize_vin(a), normalize_vin(b)).level, "1M8GDM9AXKP042788", "1M8GDM9AXKP0427O8", "one_off"),
    ("S&W", lambda a, b: firearm_make.compare(canonical_make(a), canonical_make(b)).level, "S&W", "Smith & Wesson", "same"),
    ("9mm", lambda a, b: caliber.compare(canonical_caliber(a), canonical_caliber(b)).level, "9mm", "9x19", "same"),
    ("serial wildcard", lambda a, b: serial.compare(normalize_serial(a), normalize_serial(b)).level, "AB12?45", "AB12345", "wildcard_match"),
    ("serial wildcard mismatch", lambda a, b: serial.compare(normalize_serial(a), normalize_serial(b)).level, "AB12?45", "AB12346", "different"),
]


@pytest.mark.parametrize(("case", "run", "a", "b", "level"), CASES, ids=[c[0] for c in CASES])
def test_hard_case(case: str, run: Callable[[Any, Any], str], a: Any, b: Any, level: str) -> None:
    assert run(a, b) == level


def test_vin_with_o_for_zero_is_invalid() -> None:
    assert is_valid_vin(normalize_vin("1M8GDM9AXKP042788"))
    assert not is_valid_vin(normalize_vin("1M8GDM9AXKP0427O8"))
