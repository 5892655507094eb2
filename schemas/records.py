"""Pydantic models of the shared Avro types (Envelope, Location, Person, Vehicle, Firearm, Link).

Field names, optionality and types mirror the ``.avsc`` files (a drift test
checks both ways); validators add what Avro cannot say (known agencies, sane dates).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from deploy.settings import AGENCIES
from schemas.catalog import EVENT_TYPES
from schemas.layout import RELS

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-blank identifier."""
Handling = Literal["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET"]
INT_MAX = 2**31 - 1
"""Largest Avro ``int`` (``source_version`` is one)."""
CLOCK_SKEW = timedelta(minutes=5)
"""How far ``reported_at`` may precede ``occurred_at`` (clocks of different agencies disagree)."""
EARLIEST = datetime(1950, 1, 1, tzinfo=timezone.utc)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


class Model(BaseModel):
    """Base of the event models: unknown fields are errors, as Avro would drop them silently."""

    model_config = ConfigDict(extra="forbid")


def check_partial_date(value: str, lowest: int = 1850, highest: int = 2100) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date with a year in range."""
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError("must be YYYY-MM-DD (or YYYY-MM / YYYY)")
    year, month, day = (int(g) if g else 1 for g in match.groups())
    date(year, month, day)  # raises ValueError for impossible months/days
    if not lowest <= year <= highest:
        raise ValueError(f"year {year} outside {lowest}..{highest}")
    return value


def check_country(value: str) -> str:
    """Two letters (ISO 3166-1 alpha-2; case is the normaliser's business)."""
    if not _COUNTRY.match(value):
        raise ValueError("must be an ISO 3166-1 alpha-2 code")
    return value


def check_day(value: str) -> str:
    """A full ``YYYY-MM-DD`` date."""
    if len(value) != 10:
        raise ValueError("must be YYYY-MM-DD")
    return check_partial_date(value)


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
Day = Annotated[str, AfterValidator(check_day)]
Country = Annotated[str, AfterValidator(check_country)]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class Envelope(Model):
    event_id: Id
    agency: str
    event_type: str
    occurred_at: datetime
    reported_at: datetime
    source_record_id: Id
    source_version: int = Field(1, ge=1, le=INT_MAX)
    handling: Handling = "RESTRICTED"
    releasable_to: list[str] = []

    @field_validator("event_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        uuid.UUID(value)
        return value

    @field_validator("agency")
    @classmethod
    def _agency(cls, value: str) -> str:
        if value not in AGENCIES:
            raise ValueError(f"unknown agency; one of {', '.join(AGENCIES)}")
        return value

    @field_validator("releasable_to")
    @classmethod
    def _releasable(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(AGENCIES))
        if unknown:
            raise ValueError(f"unknown agencies {unknown}")
        return value

    @field_validator("event_type")
    @classmethod
    def _event_type(cls, value: str) -> str:
        if value not in EVENT_TYPES:
            raise ValueError(f"unknown event type; one of {', '.join(EVENT_TYPES)}")
        return value

    @field_validator("occurred_at", "reported_at")
    @classmethod
    def _sane_time(cls, value: datetime) -> datetime:
        value = _utc(value)
        if value < EARLIEST:
            raise ValueError(f"before {EARLIEST.date()}")
        return value

    @model_validator(mode="after")
    def _order(self) -> Envelope:
        if self.reported_at < self.occurred_at - CLOCK_SKEW:
            raise ValueError(f"reported_at is more than {CLOCK_SKEW} before occurred_at")
        return self


class Location(Model):
    place: str | None = None
    district: str | None = None
    country: Country | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class _Record(Model):
    record_id: Id | None = None
    source: Id | None = None
    role: Id | None = None


class Person(_Record):
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: PartialDate | None = None
    sex: str | None = None
    id_numbers: list[str] = []
    address: str | None = None
    phone: str | None = None
    extra: dict[str, str] = {}


class Vehicle(_Record):
    plate: str | None = None
    plate_country: Country | None = None
    vin: str | None = None
    make: str | None = None
    model: str | None = None
    color: str | None = None
    year: int | None = Field(None, ge=1886, le=2100)
    extra: dict[str, str] = {}


class Firearm(_Record):
    serial_number: str | None = None
    make: str | None = None
    model: str | None = None
    caliber: str | None = None
    firearm_type: str | None = None
    extra: dict[str, str] = {}


class Link(Model):
    rel: str
    from_record: Id
    to_record: Id

    @field_validator("rel")
    @classmethod
    def _rel(cls, value: str) -> str:
        if value not in RELS:
            raise ValueError(f"unknown relation; one of {', '.join(RELS)}")
        return value
