"""Per-attribute comparators: each module compares one normalized attribute of two records.

Every module exposes ``LEVELS`` (its possible levels, strongest agreement first, ``missing``
last where it applies) and ``compare(a, b) -> Comparison``. Inputs are already-normalized
values (from ``streams.resolve.normalize``), so the engine normalizes each record once.
``ALL_LEVELS`` maps each comparator's name to its ``LEVELS`` for building weight tables.
"""

from __future__ import annotations

from streams.resolve.compare import (
    address,
    caliber,
    color,
    documents,
    dob,
    firearm_make,
    firearm_type,
    generation,
    given_name,
    model,
    name_order,
    phone,
    plate,
    serial,
    sex,
    surname,
    vehicle_make,
    vin,
    year,
)
from streams.resolve.compare.comparison import MISSING, Comparison

ALL_LEVELS: dict[str, tuple[str, ...]] = {
    m.__name__.rsplit(".", 1)[1]: m.LEVELS
    for m in (
        given_name, surname, name_order, generation, dob, sex, documents, phone, address,
        vin, plate, vehicle_make, model, color, year, serial, firearm_make, caliber, firearm_type,
    )
}
"""Comparator name -> its levels."""

__all__ = ["ALL_LEVELS", "MISSING", "Comparison"]
