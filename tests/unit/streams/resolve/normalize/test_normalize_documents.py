"""Identity documents from free-form text."""

from __future__ import annotations

import pytest

from streams.resolve.normalize.documents import IdDocument, document_key, documents_compatible, parse_document, same_slot

P = "PASSPORT"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BZ:P8072881", IdDocument("BZ", P, "P8072881")),
        ("P 807 2881", IdDocument(None, P, "P8072881")),
        ("p8072881", IdDocument(None, P, "P8072881")),
        ("BZ PASSPORT P8072881", IdDocument("BZ", P, "P8072881")),
        ("PP# P8072881", IdDocument(None, P, "P8072881")),
        ("DPI 8634 44262 1708", IdDocument("GT", "DPI", "8634442621708")),
        ("GT:DPI8634442621708", IdDocument("GT", "DPI", "8634442621708")),
        ("CUI 8634-44262-1708", IdDocument("GT", "DPI", "8634442621708")),
        ("8634 44262 1708", IdDocument("GT", "DPI", "8634442621708")),
        ("CURP GOMJ850312HDFRRN09", IdDocument("MX", "CURP", "GOMJ850312HDFRRN09")),
        ("MX:CURPGOMJ850312HDFRRN09", IdDocument("MX", "CURP", "GOMJ850312HDFRRN09")),
        ("gomj850312hdfrrn09", IdDocument("MX", "CURP", "GOMJ850312HDFRRN09")),
        ("Passport GT 123456", IdDocument("GT", P, "123456")),
        ("GT PASSPORT 123456789", IdDocument("GT", P, "123456789")),
        ("PASAPORTE 123456789", IdDocument(None, P, "123456789")),
        ("MX:G12345678", IdDocument("MX", P, "G12345678")),
        ("BZ:SSN123456789", IdDocument("BZ", "SSN", "123456789")),
        ("SS# 123456789", IdDocument(None, "SSN", "123456789")),
        ("Social Security No. 000123456", IdDocument(None, "SSN", "000123456")),
        ("123 456 789", IdDocument(None, "UNKNOWN", "123456789")),
        ("DL 12345", IdDocument(None, "DRIVERS_LICENCE", "12345")),
        ("N/A", None),
        ("unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_document(raw: str | None, expected: IdDocument | None) -> None:
    assert parse_document(raw) == expected


def test_document_key_ignores_how_it_was_written() -> None:
    keys = {document_key(d) for d in map(parse_document, ["BZ:P8072881", "P 807 2881", "PP# P8072881"]) if d}
    assert keys == {"P8072881"}


@pytest.mark.parametrize(
    ("a", "b", "compatible", "slot"),
    [
        ("BZ:P8072881", "P 807 2881", True, False),
        ("BZ:P8072881", "BZ:P8072882", False, True),
        ("BZ:SSN123456789", "GT PASSPORT 123456789", False, False),
        ("123456789", "SSN 123456789", True, False),
        ("DPI 8634 44262 1708", "CUI 8634-44262-1709", False, True),
    ],
)
def test_compatibility(a: str, b: str, compatible: bool, slot: bool) -> None:
    da, db = parse_document(a), parse_document(b)
    assert da is not None and db is not None
    assert documents_compatible(da, db) is compatible
    assert same_slot(da, db) is slot
