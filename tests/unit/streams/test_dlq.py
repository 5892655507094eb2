from datetime import datetime, timezone

from schemas.errors import DecodeError
from streams.dlq import MAX_MESSAGE, dead_letter_headers, headers_dict


def test_headers_say_where_and_why():
    when = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
    headers = headers_dict(dead_letter_headers("t.agency.police", 3, 42, DecodeError("bad magic b'xx'"), when))
    assert headers == {
        "enlace.original.topic": "t.agency.police",
        "enlace.original.partition": "3",
        "enlace.original.offset": "42",
        "enlace.error.class": "DecodeError",
        "enlace.error.message": "bad magic b'xx'",
        "enlace.failed_at": "2026-01-02T03:04:05.678+00:00",
    }


def test_long_or_empty_messages():
    long = headers_dict(dead_letter_headers("t", 0, 0, ValueError("x" * 10_000)))
    assert len(long["enlace.error.message"]) == MAX_MESSAGE
    empty = headers_dict(dead_letter_headers("t", 0, 0, KeyError()))
    assert empty["enlace.error.class"] == "KeyError" and empty["enlace.error.message"]


def test_headers_dict_accepts_mapping_and_none():
    assert headers_dict({"a": b"1"}) == {"a": "1"}
    assert headers_dict(None) == {}
