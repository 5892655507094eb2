"""VIN normalization, validity and the North American check digit."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.vins import check_digit, check_digit_ok, is_valid_vin, normalize_vin, vin_distance


@pytest.mark.parametrize(
    ("raw", "normalized", "valid", "checked"),
    [
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP042788", True, True),  # the textbook example, check digit X
        ("1m8gdm9a-xkp 042788", "1M8GDM9AXKP042788", True, True),
        ("1M8GDM9A1KP042788", "1M8GDM9A1KP042788", True, False),  # wrong check digit
        ("1M8GDM9AXKP04278B", "1M8GDM9AXKP04278B", True, False),
        ("1M8GDM9AXKP0427O8", "1M8GDM9AXKP0427O8", False, None),  # O for 0: not a VIN
        ("1M8GDM9AXKP0427I8", "1M8GDM9AXKP0427I8", False, None),
        ("JTFAB12345X123456", "JTFAB12345X123456", True, None),  # outside North America: no check digit
        ("KUN25-1234567", "KUN251234567", False, None),  # a chassis number
        ("n/a", None, False, None),
        ("", None, False, None),
        (None, None, False, None),
    ],
)
def test_vin(raw: str | None, normalized: str | None, valid: bool, checked: bool | None) -> None:
    vin = normalize_vin(raw)
    assert vin == normalized
    assert is_valid_vin(vin) is valid
    assert check_digit_ok(vin) is checked


def test_check_digit_and_distance() -> None:
    assert check_digit("1M8GDM9AXKP042788") == "X"
    assert vin_distance("1M8GDM9AXKP042788", "1M8GDM9AXKP042789") == 1
    assert vin_distance("1M8GDM9AXKP042788", "1M8GDM9AXKP04278") == 1
