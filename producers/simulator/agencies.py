"""How carefully each agency records what it sees: the error rates of its clerks and systems.

Rates are per record (or per field where named). Tests check that the simulated
data shows them roughly as configured here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Profile:
    """Error and completeness rates of one agency's records."""

    # persons
    typo: float = 0.08  # a name field gets 1-2 edits
    accent_drop: float = 0.3
    accent_add: float = 0.02
    mojibake: float = 0.0
    upper: float = 0.3
    swap: float = 0.02  # given and family names exchanged
    nickname: float = 0.03
    first_given_only: float = 0.35
    first_surname_only: float = 0.2
    particle_drop: float = 0.2
    suffix_written: float = 0.6  # "Jr."/"Sr." kept when the person has one
    dob_missing: float = 0.1
    dob_swap: float = 0.02  # day and month exchanged
    dob_estimate: float = 0.03  # year only or YYYY-01-01
    dob_typo: float = 0.02  # one digit of the date mistyped
    sex_missing: float = 0.1
    id_rate: float = 0.5  # each document the person holds is recorded
    id_typo: float = 0.02
    careful_ids: bool = False
    address_rate: float = 0.6
    phone_rate: float = 0.4
    # vehicles
    plate_missing: float = 0.05
    plate_confusable: float = 0.05
    plate_fragment: float = 0.03
    plate_country_missing: float = 0.3
    vin_rate: float = 0.4
    vin_typo: float = 0.03
    year_off: float = 0.05
    # firearms
    serial_missing: float = 0.05
    serial_obliterated: float = 0.05
    serial_confusable: float = 0.04
    model_missing: float = 0.2
    caliber_missing: float = 0.1


_BASE = Profile()

PROFILES: dict[str, Profile] = {
    "police": replace(
        _BASE, typo=0.12, nickname=0.08, swap=0.03, dob_missing=0.2, dob_estimate=0.08, dob_swap=0.03,
        dob_typo=0.03, id_rate=0.35, address_rate=0.5, plate_confusable=0.1, plate_fragment=0.08, plate_country_missing=0.5,
        vin_rate=0.15, serial_obliterated=0.12, serial_confusable=0.08, serial_missing=0.08,
    ),
    "forensics": replace(
        _BASE, typo=0.05, dob_missing=0.4, id_rate=0.2, address_rate=0.2, phone_rate=0.1,
        serial_obliterated=0.3, serial_confusable=0.02, serial_missing=0.02, model_missing=0.05, caliber_missing=0.0,
    ),
    "prosecutions": replace(
        _BASE, typo=0.03, upper=0.6, first_given_only=0.1, first_surname_only=0.05, particle_drop=0.05,
        suffix_written=0.9, dob_missing=0.05, dob_estimate=0.01, id_rate=0.7, careful_ids=True, address_rate=0.8,
    ),
    "immigration": replace(
        _BASE, typo=0.04, accent_drop=0.9, upper=0.95, swap=0.05, nickname=0.0, first_given_only=0.1,
        dob_missing=0.0, dob_swap=0.04, dob_estimate=0.0, dob_typo=0.01, sex_missing=0.0, id_rate=0.9, careful_ids=True,
        plate_country_missing=0.1, vin_rate=0.3,
    ),
    "customs": replace(
        _BASE, typo=0.06, accent_drop=0.8, upper=0.9, id_rate=0.6, vin_rate=0.85, vin_typo=0.05,
        plate_country_missing=0.15, plate_confusable=0.04, serial_obliterated=0.06,
    ),
    "licensing": replace(
        _BASE, typo=0.04, mojibake=0.12, nickname=0.0, first_given_only=0.05, first_surname_only=0.1,
        dob_missing=0.0, dob_estimate=0.0, dob_typo=0.01, sex_missing=0.0, id_rate=0.8, careful_ids=True, address_rate=0.95,
        phone_rate=0.7, plate_missing=0.0, plate_confusable=0.01, plate_fragment=0.0, plate_country_missing=0.05,
        vin_rate=0.95, vin_typo=0.02, serial_missing=0.0, serial_obliterated=0.0, serial_confusable=0.01,
        model_missing=0.02,
    ),
    "partners": replace(
        _BASE, typo=0.1, mojibake=0.15, accent_drop=0.2, swap=0.04, dob_swap=0.08, dob_missing=0.1,
        id_rate=0.7, plate_country_missing=0.05, vin_rate=0.5,
    ),
}
"""Agency name -> its error profile."""


def corrected(profile: Profile) -> Profile:
    """The profile of a corrected record (a new source_version): transcription errors fixed, gaps kept."""
    return replace(
        profile, typo=0.0, nickname=0.0, swap=0.0, mojibake=0.0, dob_swap=0.0, dob_typo=0.0, dob_estimate=0.0,
        id_typo=0.0, plate_confusable=0.0, plate_fragment=0.0, vin_typo=0.0, year_off=0.0, serial_confusable=0.0,
    )
