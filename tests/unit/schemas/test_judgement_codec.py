"""Judgements: single-object round trips, older writers resolved, bad bytes and bad dicts rejected by field."""

from __future__ import annotations

import copy
import itertools
import struct
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastavro.utils import generate_many

from schemas import catalog, judgements
from schemas.codec import MAGIC, header, read_single_object, write_datum
from schemas.errors import DecodeError, InvalidEvent
from schemas.judgements import decode_judgement, encode_judgement, validate_judgement

AT = datetime(2025, 6, 3, 18, 5, 12, 345000, tzinfo=timezone.utc)
GOOD: dict[str, Any] = {"judgement_id": "9b2f4c1e-0c1d-4a57-9f0a-0d7c3a1e2b44", "kind": "person",
                        "left": "police/INC-2025-000101#p0", "right": "per-0123456789ab", "verdict": "not_same",
                        "who": "a.analyst", "why": "different fathers' names on the birth records", "at": AT}


def test_round_trip_and_header() -> None:
    data = encode_judgement(GOOD)
    assert data[:2] == MAGIC
    assert data[2:10] == struct.pack("<Q", judgements.current_schema().fingerprint)
    assert decode_judgement(data) == GOOD
    assert validate_judgement(decode_judgement(data)).model_dump() == GOOD


@pytest.mark.parametrize(
    "at",
    [AT, "2025-06-03T18:05:12.345Z", 1748973912345, "2025-06-03T18:05:12.345678",
     datetime(2025, 6, 3, 12, 5, 12, 345000, tzinfo=timezone(timedelta(hours=-6)))],
    ids=["datetime", "iso", "epoch-ms", "naive-iso-us", "belize-time"],
)
def test_timestamps_in_any_form_come_back_utc_ms(at: Any) -> None:
    decoded = decode_judgement(encode_judgement({**GOOD, "at": at}))["at"]
    assert decoded == AT and decoded.utcoffset() == timedelta(0)


def test_fuzzed_judgements_round_trip() -> None:
    schema = judgements.current_schema()
    for i, datum in enumerate(itertools.islice(generate_many(schema.parsed, 50), 50)):
        datum["at"] = datetime.fromtimestamp(i * 86_400_000 / 1000, tz=timezone.utc)
        assert decode_judgement(encode_judgement(datum)) == datum


GOOD_BYTES = encode_judgement(GOOD)
BAD_BYTES = [
    ("empty", b"", "shorter than the 10-byte"),
    ("bad magic", b"\x00\x01" + GOOD_BYTES[2:], "bad magic 0001"),
    ("an event, not a judgement", GOOD_BYTES[:2] + struct.pack("<Q", catalog.current()["incident_report"].fingerprint)
     + GOOD_BYTES[10:], "unknown writer schema fingerprint"),
    ("truncated body", GOOD_BYTES[:-3], "corrupt or truncated judgement body"),
    ("trailing garbage", GOOD_BYTES + b"\x00", "1 trailing bytes after the judgement body"),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD_BYTES, ids=[c[0] for c in BAD_BYTES])
def test_undecodable_bytes(case: str, data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_judgement(data)


UNENCODABLE = [
    ("unknown verdict", {**GOOD, "verdict": "maybe"}, "does not fit the judgement schema"),
    ("unknown kind", {**GOOD, "kind": "boat"}, "does not fit the judgement schema"),
    ("missing who", {k: v for k, v in GOOD.items() if k != "who"}, "does not fit the judgement schema"),
    ("left not a string", {**GOOD, "left": 7}, "does not fit the judgement schema"),
    ("no time", {**GOOD, "at": None}, "bad timestamp"),
    ("not a time", {**GOOD, "at": "yesterday"}, "bad timestamp"),
    ("not a mapping", ["judgement"], "must be a mapping"),
]


@pytest.mark.parametrize(("case", "judgement", "message"), UNENCODABLE, ids=[c[0] for c in UNENCODABLE])
def test_unencodable_judgements(case: str, judgement: Any, message: str) -> None:
    with pytest.raises(InvalidEvent, match=message):
        encode_judgement(judgement)


INVALID = [
    ("left equals right", {"right": GOOD["left"]}, []),
    ("left equals right after trimming", {"right": f" {GOOD['left']} "}, []),
    ("unknown verdict", {"verdict": "probably"}, ["verdict"]),
    ("unknown kind", {"kind": "vessel"}, ["kind"]),
    ("empty who", {"who": ""}, ["who"]),
    ("blank who", {"who": "   "}, ["who"]),
    ("blank judgement id", {"judgement_id": " "}, ["judgement_id"]),
    ("record key without source", {"left": "/INC-1#p0"}, ["left"]),
    ("record id without key", {"left": "INC-1#p0"}, ["left"]),
    ("entity id that is not one", {"right": "Person 12"}, ["right"]),
    ("unknown field", {"score": 0.9}, ["score"]),
    ("not a time", {"at": "soon"}, ["at"]),
]


@pytest.mark.parametrize(("case", "change", "loc"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_judgements_name_the_field(case: str, change: dict[str, Any], loc: list[Any]) -> None:
    with pytest.raises(InvalidEvent) as caught:
        validate_judgement({**GOOD, **change})
    assert loc in [e["loc"] for e in caught.value.errors], caught.value.errors
    assert all({"loc", "msg", "type"} <= set(e) for e in caught.value.errors)


@pytest.mark.parametrize("judgement", [None, "x", ["a"]])
def test_validate_rejects_non_mappings(judgement: Any) -> None:
    with pytest.raises(InvalidEvent, match="must be a mapping"):
        validate_judgement(judgement)


def test_valid_forms() -> None:
    """Empty why is allowed; record keys on both sides; naive times are UTC; values are trimmed."""
    model = validate_judgement({**GOOD, "why": "", "right": "customs/C-9#p1", "at": datetime(2025, 6, 3, 18, 5),
                                "who": " a.analyst "})
    assert (model.why, model.right, model.who, model.at.tzinfo) == ("", "customs/C-9#p1", "a.analyst", timezone.utc)


def _evolved() -> catalog.EventSchema:
    """A later Judgement schema: gains an optional ``team`` field."""
    named = copy.deepcopy(catalog.named_types())
    named[judgements.NAME]["fields"].append(
        {"name": "team", "type": ["null", "string"], "default": None, "doc": "The analyst's team."})
    return catalog.compile_schema(judgements.LABEL, judgements.NAME, named)


def test_older_and_newer_writers_resolve_to_the_reader() -> None:
    current, newer = judgements.current_schema(), _evolved()
    # new code reads what current producers write: the added field defaults to null
    label, datum = read_single_object(encode_judgement(GOOD), judgements.reader_table(newer, [current]))
    assert (label, datum) == ("judgement", {**GOOD, "team": None})
    # current code, once the newer schema is released, reads it: the extra field is dropped
    data = header(newer) + write_datum(newer, {**GOOD, "team": "vehicles"}, what="judgement")
    assert read_single_object(data, judgements.reader_table(current, [newer]))[1] == GOOD
    with pytest.raises(DecodeError, match="unknown writer schema fingerprint"):
        decode_judgement(data)  # not released: unknown
