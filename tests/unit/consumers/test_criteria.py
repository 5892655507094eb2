"""Search criteria: dates of birth, filters, cursors, validation."""

from __future__ import annotations

import pytest

from consumers.criteria import Dob, criteria, decode_cursor, encode_cursor, parse_dob


@pytest.mark.parametrize(("text", "expected"), [
    ("1985-03-12", Dob(exact="1985-03-12")),
    ("1985", Dob(year=1985)),
    ("1985-03", Dob(start="1985-03-01", end="1985-03-31")),
    ("1984-02..1984-02", Dob(start="1984-02-01", end="1984-02-29")),
    ("1980..1990", Dob(start="1980-01-01", end="1990-12-31")),
    ("..1990-06-30", Dob(end="1990-06-30")),
    ("1970..", Dob(start="1970-01-01")),
    ("", None),
    (None, None),
])
def test_dob_forms(text: str | None, expected: Dob | None) -> None:
    assert parse_dob(text) == expected


@pytest.mark.parametrize("text", ["1985-13-01", "12/03/1985", "1990..1980", "..", "1985-02-30", "85"])
def test_bad_dobs(text: str) -> None:
    with pytest.raises(ValueError):
        parse_dob(text)


def test_cursor_round_trip_and_tampering() -> None:
    cursor = encode_cursor([12.5, "per-abc"])
    assert decode_cursor(cursor) == [12.5, "per-abc"]
    for bad in ("!!", encode_cursor([1]), encode_cursor({"a": 1}), "e30"):
        with pytest.raises(ValueError, match="invalid cursor"):
            decode_cursor(bad)


def test_criteria_normalize_and_describe() -> None:
    c = criteria(q="  José   López ", kind="person", dob="1985", agencies=["police", "customs", "police"],
                 since="2025-06", until="2025-06", district=" Cayo ", country="bz", size=20,
                 cursor=encode_cursor([1.0, "per-x"]))
    assert (c.q, c.agencies, c.since, c.until, c.district, c.country) == (
        "José López", ("customs", "police"), "2025-06-01", "2025-06-30", "Cayo", "BZ")
    assert c.after == [1.0, "per-x"] and c.cursor == encode_cursor([1.0, "per-x"])
    assert c.describe() == {"q": "José López", "kind": "person", "dob": "1985", "agencies": ["customs", "police"],
                            "since": "2025-06-01", "until": "2025-06-30", "district": "Cayo", "country": "BZ",
                            "size": 20, "cursor": c.cursor}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "boat"}, "kind must be"),
    ({"agencies": ["cia"]}, "unknown agencies"),
    ({"size": 0}, "size must be"),
    ({"size": 101}, "size must be"),
    ({"since": "2025-07-01", "until": "2025-06-01"}, "before"),
    ({"q": "x" * 201}, "longer than"),
    ({"since": "yesterday"}, "not a date"),
])
def test_invalid_criteria(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        criteria(**kwargs)  # type: ignore[arg-type]
