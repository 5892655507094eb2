"""Plates: countries, prefixes and confusable skeletons."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.plates import Plate, normalize_plate, skeleton


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("BZ C-12345", None, Plate("BZ", "BZC12345", "C12345", "BZ", "C12345")),
        ("C12345", None, Plate(None, "C12345", "C12345", None, "C12345")),
        ("CI2345", None, Plate(None, "CI2345", "C12345", None, "CI2345")),
        ("c 12345", "BZ", Plate("BZ", "C12345", "C12345", None, "C12345")),
        ("c 12345", "Belize", Plate("BZ", "C12345", "C12345", None, "C12345")),
        ("CZ C-01234", None, Plate("BZ", "CZC01234", "C01234", "CZ", "C01234")),
        ("BZ CZ C 01234", None, Plate("BZ", "CZC01234", "C01234", "CZ", "C01234")),
        ("Belize C 12345", None, Plate("BZ", "C12345", "C12345", None, "C12345")),
        ("P-123BCD", None, Plate("GT", "P123BCD", "1238C0", "P", "123BCD")),
        ("GT P 123 BCD", None, Plate("GT", "P123BCD", "1238C0", "P", "123BCD")),
        ("MX ABC-12-34", None, Plate("MX", "ABC1234", "A8C1234", None, "ABC1234")),
        ("ABC-12-34", "MX", Plate("MX", "ABC1234", "A8C1234", None, "ABC1234")),
        ("2345", None, Plate(None, "2345", "2345", None, "2345")),
        ("n/a", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_normalize_plate(raw: str | None, country: str | None, expected: Plate | None) -> None:
    assert normalize_plate(raw, country) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("0ODQ", "0000"), ("1IL7", "1111"), ("8B", "88"), ("5S", "55"), ("2Z", "22"), ("6G", "66"), ("C12345", "C12345")],
)
def test_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == b
