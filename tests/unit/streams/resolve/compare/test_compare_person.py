"""Person comparators: names, order swaps, suffixes, birth dates, sex, documents, phones, addresses."""

from __future__ import annotations

import pytest

from streams.resolve.compare import address, dob, documents, generation, given_name, name_order, phone, sex, surname
from streams.resolve.normalize.addresses import normalize_address
from streams.resolve.normalize.dates import parse_date
from streams.resolve.normalize.documents import IdDocument, parse_document
from streams.resolve.normalize.names import parse_person_name
from streams.resolve.normalize.phones import phone_key
from streams.resolve.normalize.sex import normalize_sex

Name = tuple[str | None, str | None]


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (("José", "Choc"), ("Jose", "Choc"), "exact"),
        (("José", "Choc"), ("JosÃ©", "Choc"), "exact"),
        (("Jayde", "Choc"), ("Ja yde", "Choc"), "exact"),
        (("Pepe", "Choc"), ("José", "Choc"), "nickname"),
        (("Bill", "Smith"), ("William", "Smith"), "nickname"),
        (("Lupe", "Cal"), ("Guadalupe", "Cal"), "nickname"),
        (("Yesica", "Cal"), ("Jessica", "Cal"), "nickname"),
        (("Elena", "Cal"), ("Helena", "Cal"), "nickname"),
        (("Wendi", "Cal"), ("Wendy", "Cal"), "phonetic"),
        (("Bernabe", "Cal"), ("Vernabe", "Cal"), "phonetic"),
        (("Francisca", "Cal"), ("Fransisca", "Cal"), "phonetic"),
        (("Marisela", "Cal"), ("Marisella", "Cal"), "phonetic"),
        (("Marvin", "Cal"), ("Mavrin", "Cal"), "fuzzy"),
        (("Ángel", "Cal"), ("Ámgel", "Cal"), "fuzzy"),  # one keyboard slip in a long-enough name
        (("Dwight", "Cal"), ("Dwigth", "Cal"), "phonetic"),
        (("J.", "Choc"), ("Jose", "Choc"), "initial"),
        (("J", "Choc"), ("J", "Choc"), "initial"),
        (("Jose Luis", "Choc"), ("Luis", "Choc"), "middle"),
        (("Maria Jose", "Choc"), ("Pepe", "Choc"), "middle"),
        (("Juan", "Choc"), ("Jose", "Choc"), "different"),
        (("K.", "Choc"), ("Jose", "Choc"), "different"),
        ((None, "Choc"), ("Jose", "Choc"), "missing"),
    ],
)
def test_given_name(a: Name, b: Name, level: str) -> None:
    assert given_name.compare(parse_person_name(*a), parse_person_name(*b)).level == level
    assert given_name.compare(parse_person_name(*b), parse_person_name(*a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (("Maria", "López García"), ("María", "Lopez Garcia"), "exact"),
        (("Maria", "Lopez Garcia"), ("Maria", "Garcia Lopez"), "exact"),
        (("Ana", "Mc Donald"), ("Ana", "McDonald"), "exact"),
        (("", "López de García, María"), ("Maria Lopez", None), "subset"),
        (("Maria", "Lopez Garcia"), ("Maria", "Garcia"), "subset"),
        (("Ana", "Vasquez"), ("Ana", "Vasquez Bacab"), "subset"),
        (("Ana", "Vasquez"), ("Ana", "Vázquez Bacab"), "phonetic"),
        (("Ana", "Vasquez"), ("Ana", "Basquez"), "phonetic"),
        (("Ana", "Gonzalez Pop"), ("Ana", "Gonsales"), "phonetic"),
        (("Ana", "Montalvo"), ("Ana", "Montavlo"), "fuzzy"),
        (("Ana", "Rodriguez"), ("Ana", "Rodrigeuz"), "phonetic"),
        (("Ana", "Lopez Garcia"), ("Ana", "Lopez Martinez"), "partial"),
        (("Ana", "Choc"), ("Ana", "Pop"), "different"),
        (("Ana", None), ("Ana", "Pop"), "missing"),
    ],
)
def test_surname(a: Name, b: Name, level: str) -> None:
    assert surname.compare(parse_person_name(*a), parse_person_name(*b)).level == level
    assert surname.compare(parse_person_name(*b), parse_person_name(*a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (("Jose", "Choc"), ("Choc", "Jose"), "swapped"),
        (("Jose", "Choc"), ("Choc Jose", None), "swapped"),
        (("Pepe", "Choc"), ("Choc", "José"), "swapped"),
        (("Jose", "Choc Pop"), ("Pop", "Jose"), "swapped"),
        (("Jose", "Choc"), ("Jose", "Choc"), "same_order"),
        (("Jose", "Choc"), ("Juan", "Pop"), "same_order"),
        (("Choc", "Choc"), ("Choc", "Choc"), "same_order"),
        (("Jose", None), ("Choc", "Jose"), "missing"),
    ],
)
def test_name_order(a: Name, b: Name, level: str) -> None:
    assert name_order.compare(parse_person_name(*a), parse_person_name(*b)).level == level


def test_align_makes_swapped_names_comparable() -> None:
    a, b = name_order.align(parse_person_name("Jose", "Choc"), parse_person_name("Choc", "Jose"))
    assert given_name.compare(a, b).level == "exact"
    assert surname.compare(a, b).level == "exact"


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (("Juan", "Perez Jr."), ("Juan", "Perez"), "one_sided"),
        (("Juan", "Perez Jr."), ("Juan", "Perez Sr."), "conflict"),
        (("Juan", "Perez Jr."), ("Juan Perez Jr", None), "same"),
        (("Juan", "Perez"), ("Juan", "Perez"), "none"),
    ],
)
def test_generation(a: Name, b: Name, level: str) -> None:
    assert generation.compare(parse_person_name(*a).suffix, parse_person_name(*b).suffix).level == level


def test_jr_is_otherwise_the_same_name() -> None:
    a, b = parse_person_name("Juan", "Perez Jr."), parse_person_name("Juan", "Perez")
    assert given_name.compare(a, b).level == "exact" and surname.compare(a, b).level == "exact"


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("1985-03-07", "07/03/1985", "exact"),
        ("1985-03-07", "1985-07-03", "day_month_swap"),
        ("1985-03-07", "1985-03-17", "year_month"),
        ("1985-03-07", "1985-03", "year_month"),
        ("1985-03-07", "1958-03-07", "month_day"),
        ("1985-03-07", "1986-03-07", "month_day"),
        ("1985-03-07", "1985-11-20", "year_only"),
        ("1985-03-07", "c. 1985", "year_only"),
        ("1985", "1985", "year_only"),
        ("1985-01-01", "1985-01-01", "year_only"),  # placeholder dates only agree on the year
        ("1985-03-07", "1986-11-20", "within_1y"),
        ("1985", "1986-11-20", "within_1y"),
        ("1985-03-07", "1990-03-08", "different"),
        ("1985-03-07", None, "missing"),
        ("garbage", "1985-03-07", "missing"),
    ],
)
def test_dob(a: str | None, b: str | None, level: str) -> None:
    assert dob.compare(parse_date(a), parse_date(b)).level == level
    assert dob.compare(parse_date(b), parse_date(a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("M", "male", "same"), ("F", "Mujer", "same"), ("M", "F", "different"), ("M", "unknown", "missing"), (None, "F", "missing")],
)
def test_sex(a: str | None, b: str | None, level: str) -> None:
    assert sex.compare(normalize_sex(a), normalize_sex(b)).level == level


def _docs(*raw: str) -> list[IdDocument]:
    return [d for d in map(parse_document, raw) if d is not None]


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (["BZ:P8072881"], ["P 807 2881"], "same_doc"),
        (["BZ:P8072881", "BZ:SSN123456789"], ["123 456 789"], "same_doc"),
        (["DPI 8634 44262 1708"], ["CUI 8634-44262-1708"], "same_doc"),
        (["CURP GOMJ850312HDFRRN09"], ["gomj850312hdfrrn09"], "same_doc"),
        (["BZ:P8072881"], ["BZ:P8072891"], "near"),
        (["BZ:P8072881"], ["BZ:P1234567"], "conflict"),
        (["DPI 8634 44262 1708"], ["DPI 1111 22222 3333"], "conflict"),
        (["BZ:P8072881"], ["SSN 123456789"], "none"),
        (["BZ:P8072881"], [], "missing"),
    ],
)
def test_documents(a: list[str], b: list[str], level: str) -> None:
    assert documents.compare(_docs(*a), _docs(*b)).level == level
    assert documents.compare(_docs(*b), _docs(*a)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("+501 622-1234", "6221234", "same"),
        ("622-1234", "622-1235", "one_off"),
        ("622-1234", "610-9876", "different"),
        ("622-1234", None, "missing"),
    ],
)
def test_phone(a: str | None, b: str | None, level: str) -> None:
    assert phone.compare(phone_key(a), phone_key(b)).level == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("12 Albert St, Belize City", "12 Albert Street Belize City", "same"),
        ("12 Albert St, Belize City", "12 Albert Street", "similar"),
        ("12 Albert St, Belize City", "14 Albert Street, Belize", "partial"),  # another house number
        ("12 Albert St, Belize City", "Albert Street, Belize", "similar"),
        ("12 Albert St, Belize City", "Mile 8 Western Highway, Cayo", "different"),
        ("12 Albert St", None, "missing"),
    ],
)
def test_address(a: str | None, b: str | None, level: str) -> None:
    assert address.compare(normalize_address(a), normalize_address(b)).level == level
