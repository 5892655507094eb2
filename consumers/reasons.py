"""Why a hit matched, in words: named query clauses that matched -> "matched on surname + DOB" (pure)."""

from __future__ import annotations

from collections.abc import Iterable

LABELS: dict[str, str] = {
    "full_name": "full name",
    "given": "given name",
    "surname": "surname",
    "nickname": "nickname",
    "given_sounds": "given name (sounds like)",
    "surname_sounds": "surname (sounds like)",
    "document": "document number",
    "plate": "plate",
    "vin": "VIN",
    "serial": "serial",
    "phone": "phone",
    "plate_lookalike": "plate (look-alike characters)",
    "document_fragment": "part of a document number",
    "plate_fragment": "part of a plate",
    "vin_fragment": "part of a VIN",
    "serial_fragment": "part of a serial",
    "phone_fragment": "part of a phone number",
    "plate_lookalike_fragment": "part of a plate (look-alike characters)",
    "document_pattern": "document number pattern",
    "plate_pattern": "plate pattern",
    "vin_pattern": "VIN pattern",
    "serial_pattern": "serial pattern",
    "phone_pattern": "phone pattern",
    "description": "description",
    "dob": "DOB",
    "dob_year": "year of birth",
    "dob_range": "DOB in range",
}
"""Clause names (``_name``) -> words, in the order reasons list them."""

_SHADOWED: dict[str, tuple[str, ...]] = {
    # a weaker clause is not worth naming when a stronger one on the same thing matched
    "given": ("full_name",), "surname": ("full_name",),
    "nickname": ("given", "full_name"),
    "given_sounds": ("given", "nickname", "full_name"), "surname_sounds": ("surname", "full_name"),
    "plate_lookalike": ("plate",),
    "document_fragment": ("document",), "plate_fragment": ("plate",), "vin_fragment": ("vin",),
    "serial_fragment": ("serial",), "phone_fragment": ("phone",),
    "plate_lookalike_fragment": ("plate", "plate_lookalike", "plate_fragment"),
    "dob_year": ("dob",),
}


def matched(names: Iterable[str]) -> list[str]:
    """The clause names worth showing, strongest first, without those a stronger match makes redundant."""
    found = set(names)
    return [name for name in LABELS if name in found and not any(s in found for s in _SHADOWED.get(name, ()))]


def reason(names: Iterable[str]) -> str:
    """``"matched on surname + DOB"``; ``"matched on filters"`` when no clause is named (browsing by filter)."""
    kept = matched(names)
    return "matched on " + (" + ".join(LABELS[n] for n in kept) if kept else "filters")
