"""What an analyst asks for: query text, date of birth, filters, page size and cursor (pure, validated).

The API's query parameters and ``enlace search``'s options both become one ``Criteria``; invalid
values raise ``ValueError`` with a message meant for the analyst.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deploy.settings import AGENCIES

KINDS: tuple[str, ...] = ("person", "vehicle", "firearm")
MAX_SIZE = 100
MAX_QUERY = 200
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Dob:
    """A date of birth asked for: an exact day, a year, or an inclusive range (ISO days)."""

    exact: str | None = None
    year: int | None = None
    start: str | None = None
    end: str | None = None

    @property
    def label(self) -> str:
        return self.exact or (str(self.year) if self.year else f"{self.start or ''}..{self.end or ''}")


def _day(text: str, end: bool) -> str:
    """An ISO day from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the first or last day it covers)."""
    if _YEAR.match(text):
        return f"{text}-12-31" if end else f"{text}-01-01"
    if _MONTH.match(text):
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {text!r}")
        if not end:
            return f"{text}-01"
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1).isoformat()
    if _DAY.match(text):
        date.fromisoformat(text)
        return text
    raise ValueError(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def parse_dob(text: str | None) -> Dob | None:
    """``"1985-03-12"`` (exact), ``"1985"`` (year), ``"1980..1990"`` or ``"1985-03..1985-06"`` (range)."""
    text = (text or "").strip()
    if not text:
        return None
    if ".." in text:
        low, _, high = (part.strip() for part in text.partition(".."))
        if not low and not high:
            raise ValueError("a date-of-birth range needs a start or an end")
        start = _day(low, end=False) if low else None
        end = _day(high, end=True) if high else None
        if start and end and start > end:
            raise ValueError(f"date-of-birth range {text!r} ends before it starts")
        return Dob(start=start, end=end)
    if _YEAR.match(text):
        return Dob(year=int(text))
    if _MONTH.match(text):
        return Dob(start=_day(text, end=False), end=_day(text, end=True))
    try:
        date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"date of birth {text!r}: use YYYY-MM-DD, YYYY or a range A..B") from exc
    return Dob(exact=text)


def encode_cursor(sort_values: list[Any]) -> str:
    """An opaque cursor for the page after a hit with these sort values."""
    return base64.urlsafe_b64encode(json.dumps(sort_values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The sort values a cursor carries; ``ValueError`` if it isn't one of ours."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise ValueError("invalid cursor") from exc
    if not isinstance(values, list) or len(values) != 2 or not isinstance(values[1], str):
        raise ValueError("invalid cursor")
    return values


@dataclass(frozen=True, slots=True)
class Criteria:
    """One search: free text (a name, an identifier or a fragment of one), DOB, filters, paging."""

    q: str = ""
    kind: str | None = None
    dob: Dob | None = None
    agencies: tuple[str, ...] = ()
    since: str | None = None
    """Events (record ``occurred_at``) on or after this day."""
    until: str | None = None
    district: str | None = None
    country: str | None = None
    size: int = 10
    after: list[Any] | None = field(default=None)
    """Sort values of the last hit of the previous page (from the cursor)."""
    facets: bool = True

    @property
    def cursor(self) -> str | None:
        return encode_cursor(self.after) if self.after else None

    def describe(self) -> dict[str, Any]:
        """The criteria as the audit log records them."""
        out: dict[str, Any] = {"q": self.q, "kind": self.kind, "dob": self.dob.label if self.dob else None,
                               "agencies": list(self.agencies), "since": self.since, "until": self.until,
                               "district": self.district, "country": self.country, "size": self.size,
                               "cursor": self.cursor}
        return {k: v for k, v in out.items() if v not in (None, "", [])}


def criteria(
    q: str | None = None, kind: str | None = None, dob: str | None = None, agencies: list[str] | tuple[str, ...] = (),
    since: str | None = None, until: str | None = None, district: str | None = None, country: str | None = None,
    size: int = 10, cursor: str | None = None, facets: bool = True,
) -> Criteria:
    """Validated ``Criteria`` from the API's (or CLI's) plain values; ``ValueError`` says what is wrong."""
    text = " ".join((q or "").split())
    if len(text) > MAX_QUERY:
        raise ValueError(f"query longer than {MAX_QUERY} characters")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    unknown = sorted(set(agencies) - set(AGENCIES))
    if unknown:
        raise ValueError(f"unknown agencies {unknown}; one of {', '.join(AGENCIES)}")
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"size must be between 1 and {MAX_SIZE}")
    start = _day(since.strip(), end=False) if since and since.strip() else None
    end = _day(until.strip(), end=True) if until and until.strip() else None
    if start and end and start > end:
        raise ValueError("'until' is before 'since'")
    return Criteria(
        q=text, kind=kind, dob=parse_dob(dob), agencies=tuple(sorted(set(agencies))), since=start, until=end,
        district=(district or "").strip() or None, country=(country or "").strip().upper() or None, size=size,
        after=decode_cursor(cursor) if cursor else None, facets=facets,
    )


__all__ = ["Criteria", "Dob", "KINDS", "criteria", "decode_cursor", "encode_cursor", "parse_dob"]
