"""The error generators: table-driven cases for each kind of mistake."""

from __future__ import annotations

import random

import pytest

from producers.simulator import noise
from producers.simulator.vehicles import CATALOG, new_vehicle, vin_check_digit


@pytest.mark.parametrize(
    ("text", "expected"),
    [("José", "JosÃ©"), ("Núñez", "NÃºÃ±ez"), ("Young", "Young")],
)
def test_mojibake(text: str, expected: str) -> None:
    assert noise.mojibake(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("José Ángel", "Jose Angel"), ("Núñez", "Nunez"), ("PEÑA", "PENA"), ("Tzib", "Tzib")],
)
def test_strip_accents(text: str, expected: str) -> None:
    assert noise.strip_accents(text) == expected


@pytest.mark.parametrize("seed", range(20))
def test_typo_is_a_small_edit(seed: int) -> None:
    from rapidfuzz.distance import Levenshtein

    rng = random.Random(seed)
    out = noise.typo("Gillett", rng, 1)
    assert out[0] == "G" and Levenshtein.distance(out, "Gillett") <= 2  # a transposition counts 2


@pytest.mark.parametrize("seed", range(20))
def test_confuse_swaps_only_look_alikes(seed: int) -> None:
    plate = "CY C-10582"
    out = noise.confuse(plate, random.Random(seed))
    diffs = [(a, b) for a, b in zip(plate, out) if a != b]
    assert len(diffs) == 1 and diffs[0][1] in noise.CONFUSABLES[diffs[0][0]]


def test_obliterate_marks_exactly_n_characters() -> None:
    out = noise.obliterate("ABC123", random.Random(0), 3)
    assert out.count("?") == 3 and all(a == b for a, b in zip("ABC123", out) if b != "?")


@pytest.mark.parametrize(("vin", "check"), [("1M8GDM9AXKP042788", "X"), ("11111111111111111", "1")])
def test_vin_check_digit_known_values(vin: str, check: str) -> None:
    assert vin_check_digit(vin) == check


def test_north_american_vins_validate_and_japanese_ones_need_not() -> None:
    rng = random.Random(0)
    na = [m for m in CATALOG if m.north_american]
    assert na
    checked = 0
    for i in range(400):
        v = new_vehicle(f"v{i}", "BZ", rng)
        if v.vin_check_digit:
            assert len(v.vin) == 17 and vin_check_digit(v.vin) == v.vin[8]
            checked += 1
        else:
            assert not v.vin.isdigit()
    assert checked > 50
