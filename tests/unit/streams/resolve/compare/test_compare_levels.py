"""Every comparator declares its levels and only ever returns one of them."""

from __future__ import annotations

import itertools
from types import ModuleType
from typing import Any

import pytest

import streams.resolve.compare as compare_pkg
from streams.resolve.compare import (
    address, caliber, color, documents, dob, firearm_make, firearm_type, generation, given_name, model, name_order,
    phone, plate, serial, sex, surname, vehicle_make, vin, year,
)
from streams.resolve.compare.comparison import Comparison
from streams.resolve.normalize import addresses, dates, documents as docs, firearms, names, phones, plates, vehicles, vins

_NAMES = [names.parse_person_name(g, f) for g, f in [("Jose", "Choc"), ("Pepe", "Choc Pop"), ("Choc", "Jose"), (None, None), ("J", "Chok")]]
_SAMPLES: dict[ModuleType, list[Any]] = {
    given_name: _NAMES, surname: _NAMES, name_order: _NAMES,
    generation: [None, "JR", "SR"],
    dob: [dates.parse_date(s) for s in ("1985-03-07", "1985-07-03", "1985", "1986-01-02", "1958-03-07", None)],
    sex: ["M", "F", None],
    documents: [[d for d in map(docs.parse_document, group) if d] for group in (["BZ:P8072881"], ["P8072882"], ["BZ:P1111111"], [])],
    phone: [phones.phone_key(s) for s in ("6221234", "6221235", "6109999", None)],
    address: [addresses.normalize_address(s) for s in ("12 Albert St", "12 Albert Street Belize", "Mile 8", None)],
    vin: [vins.normalize_vin(s) for s in ("1M8GDM9AXKP042788", "1M8GDM9AXKP042789", "1FTFW1ET5DFC10312", "KUN25-1234567", None)],
    plate: [plates.normalize_plate(s) for s in ("BZ C-12345", "CI2345", "2345", "CZ C-12345", None)],
    vehicle_make: [vehicles.canonical_vehicle_make(s) for s in ("Toyota", "Nissan", None)],
    model: [vehicles.normalize_model(s) for s in ("Hilux", "Hilux Vigo", "Civic", None)],
    color: [vehicles.canonical_colors(s) for s in ("White", "Silver", "Grey", "silver/grey", None)],
    year: [2015, 2016, 2020, None],
    serial: [firearms.normalize_serial(s) for s in ("AB12345", "AB12?45", "AB12346", "XY9", None)],
    firearm_make: [firearms.canonical_make(s) for s in ("S&W", "Glock", None)],
    caliber: [firearms.canonical_caliber(s) for s in ("9mm", "5.56", ".223", None)],
    firearm_type: [firearms.canonical_type(s) for s in ("pistol", "handgun", "rifle", None)],
}


@pytest.mark.parametrize("module", list(_SAMPLES), ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_levels_are_declared_and_returned(module: ModuleType) -> None:
    levels = module.LEVELS
    assert isinstance(levels, tuple) and len(set(levels)) == len(levels) >= 3
    seen = set()
    for a, b in itertools.product(_SAMPLES[module], repeat=2):
        result = module.compare(a, b)
        assert isinstance(result, Comparison)
        assert result.level in levels, (a, b, result)
        seen.add(result.level)
    assert len(seen) >= 3  # the samples exercise several levels


def test_all_levels_lists_every_comparator() -> None:
    assert set(compare_pkg.ALL_LEVELS) == {m.__name__.rsplit(".", 1)[1] for m in _SAMPLES}


def test_comparison_prints_its_evidence() -> None:
    assert str(Comparison("fuzzy", "AB1~AB2")) == "fuzzy (AB1~AB2)"
    assert str(Comparison("missing")) == "missing"
