"""Hard rules: domain facts that veto a link whatever the weights say."""

from __future__ import annotations

from collections.abc import Iterable

from streams.resolve.features import FirearmFeatures, PersonFeatures, VehicleFeatures
from streams.resolve.levels import dob_level
from streams.resolve.normalize.dates import PartialDate

GENERATIONS_APART = 15
"""Birth years this far apart (both dates precise) are different people, e.g. father and son."""

TWINS = "same birth date, different given names (twins)"
SUFFIXES = "generation suffixes differ (Jr./Sr.)"
GENERATION = "born a generation apart"


def person_veto(a: PersonFeatures, b: PersonFeatures, levels: tuple[str, ...]) -> str | None:
    """Jr./Sr. pairs and people born a generation apart (twins are weighed in scoring, see ``twins``)."""
    given, _surname, dob, _sex, document, phone, address = levels
    if document in ("same_doc", "near"):
        return None  # one identity document (give or take a slip of the pen) outweighs the rest
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return SUFFIXES
    if dob == "different" and a.dob and b.dob and a.dob.precise and b.dob.precise and abs(a.dob.year - b.dob.year) >= GENERATIONS_APART:
        return GENERATION
    return None


def vehicle_veto(a: VehicleFeatures, b: VehicleFeatures, levels: tuple[str, ...]) -> str | None:
    """Two valid VINs that differ by more than a typo are two vehicles."""
    vin = levels[0]
    if vin == "check_conflict":
        return "both VINs pass their check digit and differ"
    if vin == "different" and a.vin_valid and b.vin_valid:
        return "valid VINs differ"
    return None


def firearm_veto(a: FirearmFeatures, b: FirearmFeatures, levels: tuple[str, ...]) -> str | None:
    """A serial identifies a gun only with its make; readable serials that differ are different guns."""
    serial, make = levels[0], levels[1]
    if serial not in ("missing", "different") and make == "different":
        return "same serial, different make"
    if serial == "different":
        return "serials differ"
    return None


def dob_conflict(dob: PartialDate | None, entity_dobs: Iterable[PartialDate]) -> bool:
    """True when a birth date fits none of the precise birth dates an entity's records give.

    This guards against chaining: namesakes bridged by records without a full date would
    otherwise gather into one entity with many birth dates.
    """
    if dob is None:
        return False
    seen = False
    for other in entity_dobs:
        seen = True
        if dob_level(dob, other) != "different":
            return False
    return seen


def twins(levels: tuple[str, ...]) -> bool:
    """Different given names on one birth date: the pattern twins make."""
    return levels[0] == "different" and levels[2] in ("exact", "day_month_swap")
