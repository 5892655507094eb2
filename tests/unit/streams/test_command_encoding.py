"""Records-log commands and plain records are encoded with orjson exactly as the stdlib wrote them before."""

import json
from datetime import date, datetime, timezone

from streams import commands
from streams.ingest import _jsonable, plain

RECORD = {
    "kind": "person", "source": "police", "record_id": "INC-1#p0", "given_name": "José Ñandú", "family_name": "Lòpez",
    "aliases": ("Pepe", "Chepe"), "score": 0.1 + 0.2, "age": 41, "phone": None, "links": [{"rel": "owns", "to": "x"}],
    "provenance": {"occurred_at": datetime(2025, 6, 1, 8, 19, 58, 146000, tzinfo=timezone.utc), "day": date(2025, 6, 2)},
    "raw": b"bytes\xc3\xa9", "tags": {"a"},
}


def test_plain_matches_the_stdlib_round_trip():
    expected = json.loads(json.dumps(RECORD, default=_jsonable))
    assert plain(RECORD) == expected
    assert expected["provenance"]["occurred_at"] == "2025-06-01T08:19:58.146Z"


def test_commands_are_the_compact_utf8_json_the_stdlib_writes():
    record = plain(RECORD)
    for command in (commands.upsert(record, 1_700_000_000_000), commands.retract("police/INC-1#p0", "person", None, "é")):
        body = commands.decode(command.value)
        assert command.value == json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    assert commands.decode(commands.upsert(record, 5).value)["record"] == record
