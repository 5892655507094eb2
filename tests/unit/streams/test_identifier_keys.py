import pytest

from streams.identifiers import canonical_make, document_number, fold, identifier_keys


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("José  López", "JOSE LOPEZ"), ("JosÃ© LÃ³pez", "JOSE LOPEZ"), ("o'neil-smith", "O NEIL SMITH"), (None, "")],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BZ:P8072881", "P8072881"),
        ("P 807 2881", "P8072881"),
        ("DPI 8634 44262 1708", "8634442621708"),
        ("gt: dpi 8634-44262-1708", "8634442621708"),
        ("1234", None),
        ("", None),
    ],
)
def test_document_number(raw, expected):
    assert document_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("S&W", "SMITHWESSON"), ("Smith and Wesson", "SMITHWESSON"), ("SMITH & WESSON", "SMITHWESSON"),
     ("Glock", "GLOCK"), (None, None)],
)
def test_canonical_make(raw, expected):
    assert canonical_make(raw) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"kind": "person", "given_name": "José", "family_name": "Choc", "date_of_birth": "1990-02-03",
          "id_numbers": ["BZ:P8072881"]},
         {"doc:P8072881": "P8072881", "name:JOSE CHOC|1990-02-03": ""}),
        ({"kind": "person", "given_name": "José", "family_name": "Choc", "date_of_birth": "1990"}, {}),
        ({"kind": "person", "id_numbers": "P 807 2881"}, {"doc:P8072881": "P8072881"}),
        ({"kind": "vehicle", "vin": "1hgcm82633a004352", "plate": "C-12345", "plate_country": "BZ"},
         {"vin:1HGCM82633A004352": "1HGCM82633A004352", "plate:BZ:C12345": "C12345"}),
        ({"kind": "vehicle", "vin": "1HGCM8263", "plate": "C-12345"}, {}),
        ({"kind": "firearm", "make": "S&W", "serial_number": "ab-123"}, {"serial:SMITHWESSON:AB123": "AB123"}),
        ({"kind": "firearm", "make": "S&W", "serial_number": "AB?23"}, {}),
        ({"kind": "firearm", "serial_number": "AB123"}, {}),
        ({"kind": "boat", "name": "x"}, {}),
    ],
)
def test_identifier_keys(record, expected):
    assert identifier_keys(record) == expected
