"""Person-name parsing, nicknames and phonetic keys."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.names import PersonName, canonical_given, parse_person_name, phonetic
from streams.resolve.normalize.nicknames import NICKNAMES, variant_table


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("María", "López de García", PersonName(("MARIA",), ("LOPEZ", "GARCIA"))),
        ("", "López de García, María", PersonName(("MARIA",), ("LOPEZ", "GARCIA"))),
        ("López de García, María", None, PersonName(("MARIA",), ("LOPEZ", "GARCIA"))),
        ("Maria", "Lopez", PersonName(("MARIA",), ("LOPEZ",))),
        ("JosÃ©", "Choc", PersonName(("JOSE",), ("CHOC",))),
        ("Juan", "Perez Jr.", PersonName(("JUAN",), ("PEREZ",), "JR")),
        ("Juan Perez Jr.", None, PersonName(("JUAN",), ("PEREZ",), "JR")),
        ("John", "Smith III", PersonName(("JOHN",), ("SMITH",), "III")),
        ("Jose Luis Choc Pop", "", PersonName(("JOSE", "LUIS"), ("CHOC", "POP"))),
        (None, "Jose Luis Choc", PersonName(("JOSE", "LUIS"), ("CHOC",))),
        ("Maria Lopez", None, PersonName(("MARIA",), ("LOPEZ",))),
        ("Juan", "Pérez y Gómez", PersonName(("JUAN",), ("PEREZ", "GOMEZ"))),
        ("Ana", "Van der Berg", PersonName(("ANA",), ("BERG",))),
        ("Mr. John", "Smith", PersonName(("JOHN",), ("SMITH",))),
        ("Sr. Juan", "Lopez", PersonName(("JUAN",), ("LOPEZ",))),
        ("Pedro", "De La Cruz", PersonName(("PEDRO",), ("CRUZ",))),
        ("Kevin", "", PersonName(("KEVIN",), ())),
        ("Maria", "Lopez G.", PersonName(("MARIA",), ("LOPEZ",))),  # a maternal initial is not a surname
        ("Jose L.", "Choc", PersonName(("JOSE", "L"), ("CHOC",))),
        ("Rosa", "San Martin", PersonName(("ROSA",), ("SAN", "MARTIN"))),
        ("Luis", "De", PersonName(("LUIS",), ("DE",))),
        (None, None, PersonName((), ())),
        ("UNKNOWN", "Choc", PersonName((), ("CHOC",))),
        ("Jose", "N/A", PersonName(("JOSE",), ())),
        ("desconocido", "desconocido", PersonName((), ())),
    ],
)
def test_parse_person_name(given: str | None, family: str | None, expected: PersonName) -> None:
    assert parse_person_name(given, family) == expected


def test_person_name_helpers() -> None:
    name = parse_person_name("José Luis", "Choc")
    assert (name.first, name.full, name.empty) == ("JOSE", "JOSE LUIS CHOC", False)
    assert parse_person_name(None, None).empty


@pytest.mark.parametrize(
    ("token", "same_as"),
    [
        ("Pepe", "José"), ("Chepe", "Jose"), ("JosÃ©", "JOSE"), ("Pancho", "Francisco"), ("Paco", "Francisco"),
        ("Lupe", "Guadalupe"), ("Chucho", "Jesús"), ("Nacho", "Ignacio"), ("Memo", "Guillermo"),
        ("Bill", "William"), ("Will", "William"), ("William", "Guillermo"), ("Bob", "Robert"), ("Roberto", "Robert"),
        ("Mike", "Michael"), ("Miguel", "Michael"), ("Tony", "Anthony"), ("Antonio", "Anthony"), ("Lalo", "Eduardo"),
        ("Chema", "José"), ("Chuy", "Jesús"),
    ],
)
def test_canonical_given_equivalents(token: str, same_as: str) -> None:
    assert canonical_given(token) == canonical_given(same_as)


@pytest.mark.parametrize(
    ("token", "canonical"),
    [("Pepe", "JOSE"), ("Pancho", "FRANCISCO"), ("Lupe", "GUADALUPE"), ("Chucho", "JESUS"), ("Zacarias", "ZACARIAS")],
)
def test_canonical_given(token: str, canonical: str) -> None:
    assert canonical_given(token) == canonical


@pytest.mark.parametrize(("a", "b"), [("Jose", "Juan"), ("Maria", "Mario"), ("Pepe", "Pedro"), ("Rosa", "Rosario")])
def test_canonical_given_keeps_names_apart(a: str, b: str) -> None:
    assert canonical_given(a) != canonical_given(b)


def test_nickname_table_is_consistent() -> None:
    table = variant_table()
    assert all(table[name] in NICKNAMES for name in NICKNAMES)
    assert all(form == form.upper() and " " not in form for forms in NICKNAMES.values() for form in forms)
    # Canonical names joined through a shared form ("William" is a form of "Guillermo") map to one name.
    assert canonical_given("William") == canonical_given("Guillermo")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vasquez", "Vázquez"), ("Vasquez", "Basquez"), ("Gonzalez", "Gonzales"), ("Hernández", "Ernandez"),
        ("Ybarra", "Ibarra"), ("Ceballos", "Zevallos"), ("Castillo", "Castiyo"), ("Castellanos", "Castelanos"), ("Guillermo", "Giyermo"), ("Quintero", "Kintero"),
        ("Martha", "Marta"), ("Helena", "Elena"), ("Choc", "Chok"), ("Garcia", "Garsia"), ("JosÃ©", "Jose"),
    ],
)
def test_phonetic_equal(a: str, b: str) -> None:
    assert phonetic(a) == phonetic(b)


@pytest.mark.parametrize(("a", "b"), [("Choc", "Pop"), ("Garcia", "Marcia"), ("Juan", "Jose"), ("Perez", "Lopez")])
def test_phonetic_different(a: str, b: str) -> None:
    assert phonetic(a) != phonetic(b)


def test_phonetic_empty() -> None:
    assert phonetic("") == ""
