"""Date parsing: formats, partial dates and estimates."""

from __future__ import annotations

from datetime import date

import pytest

from streams.resolve.normalize.dates import PartialDate, parse_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1985-03-07", PartialDate(1985, 3, 7)),
        ("1985/03/07", PartialDate(1985, 3, 7)),
        ("19850307", PartialDate(1985, 3, 7)),
        ("1985-03-07T00:00:00Z", PartialDate(1985, 3, 7)),
        ("07/03/1985", PartialDate(1985, 3, 7)),
        ("7.3.1985", PartialDate(1985, 3, 7)),
        ("03/25/1985", PartialDate(1985, 3, 25)),
        ("07-03-85", PartialDate(1985, 3, 7)),
        ("1985-03", PartialDate(1985, 3, None)),
        ("1985", PartialDate(1985, None, None, True)),
        ("c. 1985", PartialDate(1985, None, None, True)),
        ("circa 1985", PartialDate(1985, None, None, True)),
        ("1985?", PartialDate(1985, None, None, True)),
        ("abt 1985-03-07", PartialDate(1985, 3, 7, True)),
        ("1985-01-01", PartialDate(1985, 1, 1, True)),
        ("01/07/1985", PartialDate(1985, 7, 1, True)),
        ("12 March 1985", PartialDate(1985, 3, 12)),
        ("March 12, 1985", PartialDate(1985, 3, 12)),
        ("12-MAR-1985", PartialDate(1985, 3, 12)),
        ("12 de marzo de 1985", PartialDate(1985, 3, 12)),
        ("1985-02-30", None),
        ("13/13/1985", None),
        ("0000-00-00", None),
        ("unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: str | None, expected: PartialDate | None) -> None:
    assert parse_date(raw) == expected


def test_parse_date_object_and_iso() -> None:
    parsed = parse_date(date(1990, 12, 31))
    assert parsed == PartialDate(1990, 12, 31)
    assert parsed is not None and parsed.iso() == "1990-12-31" and parsed.precise
    assert PartialDate(1990).iso() == "1990"
    assert PartialDate(1990, 4).iso() == "1990-04"


@pytest.mark.parametrize(("raw", "expected"), [(1985, PartialDate(1985, None, None, True)), (19850307, PartialDate(1985, 3, 7))])
def test_parse_date_from_numbers(raw: int, expected: PartialDate) -> None:
    assert parse_date(raw) == expected
