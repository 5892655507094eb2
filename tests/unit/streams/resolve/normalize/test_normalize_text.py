"""Text repair and folding."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.text import compact, fold, repair, tokens


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        ("José", "José"),
        ("JosÃ©", "José"),
        ("GarcÃ\xada", "García"),
        ("Jose", "Jose"),
        ("", ""),
        (None, ""),
    ],
)
def test_repair(raw: str | None, repaired: str) -> None:
    assert repair(raw) == repaired


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("José", "JOSE"),
        ("Jose", "JOSE"),
        ("JosÃ©", "JOSE"),
        ("  maría-josé   de la  cruz ", "MARIA JOSE DE LA CRUZ"),
        ("O'Brien", "OBRIEN"),
        ("Ñañez", "NANEZ"),
        ("S&W", "S W"),
        ("López, María", "LOPEZ MARIA"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(raw: str | None, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Juan  Pérez-Gómez", ("JUAN", "PEREZ", "GOMEZ")), ("", ()), ("...", ())],
)
def test_tokens(raw: str, expected: tuple[str, ...]) -> None:
    assert tokens(raw) == expected


def test_compact_drops_spaces() -> None:
    assert compact("p 807 2881") == "P8072881"


def test_numbers_are_read_as_text() -> None:
    assert fold(12345) == "12345"
    assert repair(0) == "0"
