"""Name and identifier variants (table-driven)."""

from __future__ import annotations

import pytest

from consumers.variants import compact, fold, full_names, identifier_variants, plate_skeleton


@pytest.mark.parametrize(("raw", "expected"), [
    ("BZ:P8072881", ["BZ:P8072881", "BZP8072881", "P8072881"]),
    ("DPI 8634 44262 1708", ["DPI 8634 44262 1708", "DPI8634442621708", "8634442621708"]),
    ("MX: CURP LOAJ800101", ["MX: CURP LOAJ800101", "MXCURPLOAJ800101", "CURPLOAJ800101", "LOAJ800101"]),
    ("P8072881", ["P8072881"]),
    ("novA-123", ["novA-123", "NOVA123"]),
])
def test_identifier_variants(raw: str, expected: list[str]) -> None:
    assert identifier_variants(raw) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("C-O5 1B", "c 0S18"),
    ("BZ 12345", "B2-I2345"),
    ("cay 4521", "CAY-452I"),
])
def test_look_alike_plates_share_a_skeleton(a: str, b: str) -> None:
    assert plate_skeleton(a) == plate_skeleton(b)


def test_different_plates_keep_different_skeletons() -> None:
    assert plate_skeleton("CAY 4521") != plate_skeleton("CAY 4522")


@pytest.mark.parametrize(("text", "folded", "compacted"), [
    ("  Josè  LÓPEZ ", "jose lopez", "JOSELOPEZ"),
    ("Ñandú-Peña", "nandu-pena", "NANDUPENA"),
])
def test_fold_and_compact(text: str, folded: str, compacted: str) -> None:
    assert (fold(text), compact(text)) == (folded, compacted)


def test_full_names_cover_both_orders_and_every_spelling() -> None:
    assert full_names(["José", "Jose"], ["López"]) == ["José López", "Jose López", "López José", "López Jose"]
    assert full_names([], ["López"]) == ["López"]
