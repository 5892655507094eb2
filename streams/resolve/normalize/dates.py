"""Dates of birth as agencies write them: ISO, day-first, year-only, "c. 1985", month names."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from streams.resolve.normalize.text import fold

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("JAN", "JANUARY", "ENE", "ENERO"),
            ("FEB", "FEBRUARY", "FEBRERO"),
            ("MAR", "MARCH", "MARZO"),
            ("APR", "APRIL", "ABR", "ABRIL"),
            ("MAY", "MAYO"),
            ("JUN", "JUNE", "JUNIO"),
            ("JUL", "JULY", "JULIO"),
            ("AUG", "AUGUST", "AGO", "AGOSTO"),
            ("SEP", "SEPT", "SEPTEMBER", "SET", "SEPTIEMBRE", "SETIEMBRE"),
            ("OCT", "OCTOBER", "OCTUBRE"),
            ("NOV", "NOVEMBER", "NOVIEMBRE"),
            ("DEC", "DECEMBER", "DIC", "DICIEMBRE"),
        )
    )
    for name in names
}
"""English and Spanish month names and abbreviations."""

ESTIMATE_WORDS: frozenset[str] = frozenset({"C", "CA", "CIRCA", "ABT", "ABOUT", "APPROX", "APROX", "AROUND", "EST", "APROXIMADAMENTE", "AFTER", "BEFORE", "BEF", "AFT"})
"""Words marking a date as an estimate."""

PLACEHOLDER_DAYS: frozenset[tuple[int, int]] = frozenset({(1, 1), (7, 1)})
"""(month, day) pairs systems fill in when only the year is known (1 January, 1 July)."""

MIN_YEAR, MAX_YEAR = 1880, 2100
_TWO_DIGIT_PIVOT = date.today().year % 100

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, month or day; ``estimated`` dates only count at year level."""

    year: int
    month: int | None = None
    day: int | None = None
    estimated: bool = False

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precise(self) -> bool:
        """True for a full, non-estimated date."""
        return self.day is not None and not self.estimated


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= _TWO_DIGIT_PIVOT else 1900
    return year


def _build(year: int, month: int | None, day: int | None, estimated: bool) -> PartialDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return PartialDate(year, None, None, True)
    if not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    if day is not None and (month, day) in PLACEHOLDER_DAYS:
        estimated = True
    return PartialDate(year, month, day, estimated)


def _day_month(first: int, second: int) -> tuple[int, int]:
    """(day, month) from a numeric date: day-first, unless only month-first makes sense."""
    if first <= 12 < second:
        return second, first
    return first, second


def _from_words(words: list[str], estimated: bool) -> PartialDate | None:
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numbers = [w for w in words if w.isdigit()]
    years = [n for n in numbers if len(n) == 4]
    if month is None or not years:
        return None
    days = [int(n) for n in numbers if len(n) <= 2]
    return _build(int(years[0]), month, days[0] if days else None, estimated)


@lru_cache(maxsize=32768)
def _parse(text: str) -> PartialDate | None:
    raw = text.strip()
    m = _ISO.match(raw) or _COMPACT.match(raw)
    if m:
        day = int(m.group(3)) if m.group(3) else None
        return _build(int(m.group(1)), int(m.group(2)), day, False)
    m = _NUMERIC.match(raw)
    if m:
        day, month = _day_month(int(m.group(1)), int(m.group(2)))
        return _build(_full_year(m.group(3)), month, day, False)
    words = fold(raw).split()
    estimated = any(w in ESTIMATE_WORDS for w in words) or "?" in raw or "~" in raw
    words = [w for w in words if w not in ESTIMATE_WORDS and w not in ("DE", "DEL", "OF", "THE")]
    if not words:
        return None
    if len(words) == 1 and _YEAR.match(words[0]):
        return _build(int(words[0]), None, None, True)
    if estimated and all(w.isdigit() for w in words):
        parsed = _parse("-".join(words)) if len(words) == 3 else None
        if parsed is not None:
            return PartialDate(parsed.year, parsed.month, parsed.day, True)
    return _from_words(words, estimated)


def parse_date(s: str | int | date | None) -> PartialDate | None:
    """Parse a date of birth; ``None`` when absent or not a plausible date.

    Accepts ``YYYY-MM-DD`` (and ``/`` or ``.``), ``YYYYMMDD``, ``DD/MM/YYYY`` (``MM/DD`` only
    when the day-first reading is impossible), two-digit years, ``YYYY-MM``, ``1985``, ``c. 1985``,
    month names in English or Spanish ("12 March 1985", "12 de marzo de 1985") and numbers
    (``1985``, ``19850307``). Year-only dates and 1 January / 1 July placeholders are flagged
    ``estimated``.
    """
    if s is None:
        return None
    if isinstance(s, datetime):
        s = s.date()
    if isinstance(s, date):
        return _build(s.year, s.month, s.day, False)
    if not isinstance(s, str):
        s = str(s)  # 1985 or 19850307 sent as a JSON number
    return _parse(s) if s.strip() else None
