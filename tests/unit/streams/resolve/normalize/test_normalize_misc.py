"""Sex codes, phones, addresses, vehicle makes, colours and years."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.addresses import address_tokens, normalize_address
from streams.resolve.normalize.phones import phone_digits, phone_key
from streams.resolve.normalize.sex import normalize_sex
from streams.resolve.normalize.vehicles import canonical_colors, canonical_vehicle_make, model_year, normalize_model


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("M", "M"), ("male", "M"), ("Hombre", "M"), ("masculino", "M"), ("F", "F"), ("Female", "F"), ("Mujer", "F"),
     ("X", None), ("unknown", None), ("", None), (None, None)],
)
def test_normalize_sex(raw: str | None, sex: str | None) -> None:
    assert normalize_sex(raw) == sex


@pytest.mark.parametrize(
    ("raw", "digits", "key"),
    [
        ("+501 622-1234", "5016221234", "6221234"),
        ("622 1234", "6221234", "6221234"),
        ("(502) 5555-0123 ext. 12", "50255550123", "5550123"),
        ("12345", None, None),
        (None, None, None),
    ],
)
def test_phone(raw: str | None, digits: str | None, key: str | None) -> None:
    assert phone_digits(raw) == digits
    assert phone_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("#12 Albert St., Belize City", "12 ALBERT STREET BELIZE CITY"),
        ("Mile 8 Western Hwy", "MILE 8 WESTERN HIGHWAY"),
        ("Calle 5 No. 12, Col. Centro", "CALLE 5 12 COLONIA CENTRO"),
        (None, ""),
    ],
)
def test_normalize_address(raw: str | None, normalized: str) -> None:
    assert normalize_address(raw) == normalized


def test_address_tokens() -> None:
    assert address_tokens("12 Albert St") == frozenset({"12", "ALBERT", "STREET"})


@pytest.mark.parametrize(
    ("raw", "make"),
    [
        ("TOYOTA", "TOYOTA"), ("Toyota Motor", "TOYOTA"), ("Toyta", "TOYOTA"), ("Datsun/Nissan", "NISSAN"),
        ("Chevy", "CHEVROLET"), ("Chev", "CHEVROLET"), ("Mitsu", "MITSUBISHI"), ("Hyundia", "HYUNDAI"),
        ("Kia Motors", "KIA"), ("VW", "VOLKSWAGEN"), ("Ford Motor Co", "FORD"), ("Mercedes-Benz", "MERCEDES_BENZ"),
        ("Zotye", "ZOTYE"), (None, None),
    ],
)
def test_canonical_vehicle_make(raw: str | None, make: str | None) -> None:
    assert canonical_vehicle_make(raw) == make


@pytest.mark.parametrize(
    ("raw", "colors"),
    [
        ("white", {"WHITE"}), ("WHT", {"WHITE"}), ("Blanco", {"WHITE"}), ("silver/grey", {"SILVER", "GREY"}),
        ("Plateado", {"SILVER"}), ("dark blue", {"BLUE"}), ("champagne", {"GOLD"}), ("Vino", {"MAROON"}),
        ("burgundy", {"MAROON"}), ("Gray", {"GREY"}), (None, set()),
    ],
)
def test_canonical_colors(raw: str | None, colors: set[str]) -> None:
    assert canonical_colors(raw) == colors


@pytest.mark.parametrize(
    ("raw", "year"), [("2015", 2015), (2015, 2015), ("2015.0", 2015), ("abc", None), (1800, None), (None, None), (True, None)]
)
def test_model_year(raw: object, year: int | None) -> None:
    assert model_year(raw) == year


def test_normalize_model() -> None:
    assert normalize_model("CR-V") == "CRV"
    assert normalize_model("Land Cruiser Prado") == "LANDCRUISERPRADO"
    assert normalize_model("") is None
