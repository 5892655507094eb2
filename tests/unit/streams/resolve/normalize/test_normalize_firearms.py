"""Firearm makes, calibers, types and serials with wildcards."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.firearms import (
    Serial,
    calibers_related,
    canonical_caliber,
    canonical_make,
    canonical_type,
    normalize_serial,
    serial_comparable,
    serial_overlap,
    serial_similarity,
    serials_compatible,
    types_compatible,
)


@pytest.mark.parametrize(
    ("raw", "make"),
    [
        ("S&W", "SMITH_WESSON"), ("Smith & Wesson", "SMITH_WESSON"), ("Smith and Wesson", "SMITH_WESSON"),
        ("S & W", "SMITH_WESSON"), ("Smith&Wesson", "SMITH_WESSON"), ("Glock GmbH", "GLOCK"),
        ("Glock Ges.m.b.H.", "GLOCK"), ("Forjas Taurus", "TAURUS"), ("P. Beretta", "BERETTA"),
        ("Sturm, Ruger & Co.", "RUGER"), ("Colt's Mfg", "COLT"), ("Hi Point", "HI_POINT"), ("HI-POINT", "HI_POINT"),
        ("Bersa", "BERSA"), ("Sig", "SIG_SAUER"), ("SIG-Sauer", "SIG_SAUER"), ("Browning", "BROWNING"),
        ("O.F. Mossberg & Sons", "MOSSBERG"), ("Remington Arms", "REMINGTON"), ("China North Industries", "NORINCO"),
        ("CZ", "CZ"), ("Kel-Tec", "KEL_TEC"), ("Jiménez Arms", "JIMENEZ_ARMS"), ("Acme Arms Inc", "ACME"),
        ("", None), (None, None),
    ],
)
def test_canonical_make(raw: str | None, make: str | None) -> None:
    assert canonical_make(raw) == make


@pytest.mark.parametrize(
    ("raw", "caliber"),
    [
        ("9mm", "9X19"), ("9x19", "9X19"), ("9mm Luger", "9X19"), ("9mm Parabellum", "9X19"), ("9 MM", "9X19"),
        ("9X19MM", "9X19"), ("9mm FMJ", "9X19"), (".38 Spl", ".38 SPL"), ("38 Special", ".38 SPL"),
        (".40 S&W", ".40 S&W"), (".45 ACP", ".45 ACP"), ("45 Auto", ".45 ACP"), ("9mm Kurz", ".380 ACP"),
        ("380 Auto", ".380 ACP"), ("5.56 NATO", "5.56X45"), ("5.56mm", "5.56X45"), (".223 Rem", ".223 REM"),
        ("12 gauge", "12GA"), ("12ga", "12GA"), ("Cal. 12", "12GA"), ("7.62 x 39", "7.62X39"), (".22 Long Rifle", ".22 LR"),
        (".50 BMG", "50BMG"), (None, None),
    ],
)
def test_canonical_caliber(raw: str | None, caliber: str | None) -> None:
    assert canonical_caliber(raw) == caliber


def test_related_calibers() -> None:
    assert calibers_related("5.56X45", ".223 REM")
    assert not calibers_related("9X19", ".380 ACP")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("pistol", "PISTOL"), ("semi-automatic pistol", "PISTOL"), ("pistola", "PISTOL"), ("revólver", "REVOLVER"),
        ("assault rifle", "RIFLE"), ("fusil", "RIFLE"), ("escopeta", "SHOTGUN"), ("pump-action shotgun", "SHOTGUN"),
        ("SMG", "SMG"), ("submachine gun", "SMG"), ("machine gun", "MACHINE_GUN"), ("handgun", "HANDGUN"), (None, None),
    ],
)
def test_canonical_type(raw: str | None, kind: str | None) -> None:
    assert canonical_type(raw) == kind


def test_types_compatible() -> None:
    assert types_compatible("HANDGUN", "REVOLVER") and types_compatible("PISTOL", "HANDGUN")
    assert not types_compatible("PISTOL", "REVOLVER")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ab-12 345", Serial("AB12345", 7)),
        ("AB12?45", Serial("AB12?45", 6)),
        ("AB12*45", Serial("AB12?45", 6)),
        ("AB_12#4", Serial("AB?12?4", 5)),
        ("???", None),
        ("Obliterated", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_serial(raw: str | None, expected: Serial | None) -> None:
    assert normalize_serial(raw) == expected


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("AB12?45", "AB12345", True),
        ("AB12?45", "AB12346", False),
        ("AB12345", "AB12345", True),
        ("B12345", "AB12345", True),  # lost the leading character
        ("AB1234", "AB12345", True),  # lost the trailing character
        ("AB1245", "AB12345", False),  # a character lost in the middle is not a wildcard match
        ("???45", "AB345", True),  # compatible; the comparator also asks for enough readable characters
        ("?????", "AB345", False),  # nothing readable agrees
        ("AB12345", "AB123456789", False),
        ("47468560", "4?4?6???0", True),  # the ? stands for a dash the other dropped
    ],
)
def test_serials_compatible(a: str, b: str, compatible: bool) -> None:
    assert serials_compatible(a, b) is compatible
    assert serials_compatible(b, a) is compatible


@pytest.mark.parametrize(
    ("a", "b", "overlap", "comparable"),
    [("AB12?45", "AB12345", 6, 6), ("AB12?45", "AB12346", 0, 6), ("VSM?????", "????653?", 0, 0), ("B12345", "AB12345", 6, 6)],
)
def test_serial_overlap(a: str, b: str, overlap: int, comparable: int) -> None:
    assert serial_overlap(a, b) == overlap
    assert serial_comparable(a, b) == comparable


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("AB12?45", "AB12345", 1.0, 1.0),
        ("AB12345", "AB12346", 0.85, 0.86),
        ("AB12?45", "AB12346", 0.83, 0.84),
        ("AB1245", "AB12345", 0.8, 0.9),
        ("XY99887", "AB12345", 0.0, 0.01),
    ],
)
def test_serial_similarity(a: str, b: str, low: float, high: float) -> None:
    assert low <= serial_similarity(a, b) <= high
    assert serial_similarity(Serial(a, 0), Serial(b, 0)) == serial_similarity(a, b)
