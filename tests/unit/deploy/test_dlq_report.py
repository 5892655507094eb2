"""Dead letters, pure: summaries by reason, selection, what `show` prints, fix files and the replay plan."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from deploy.deadletters import (
    REPLAY_OF,
    DeadLetter,
    DeadLetterError,
    Fix,
    ReplayReport,
    describe,
    ledger_entry,
    missing,
    parse_fixes,
    parse_position,
    plan_replay,
    select,
    summarize,
)
from streams.dlq import dead_letter_headers, headers_dict

DLQ = "p.dead-letters"
POLICE, CUSTOMS, ENTITIES = "p.agency.police", "p.agency.customs", "p.entities"


def letter(offset: int, error: Exception, topic: str = POLICE, partition: int = 3, source_offset: int = 100,
           value: bytes | None = b"\x00junk", key: bytes | None = b"police:X-1") -> DeadLetter:
    headers = headers_dict(dead_letter_headers(topic, partition, source_offset + offset, error))
    headers["enlace.failed_at"] = f"2026-11-23T10:00:{offset:02d}.000+00:00"
    return DeadLetter(DLQ, 0, offset, key, value, headers, 1_700_000_000_000 + offset)


class DecodeError(Exception):
    pass


class InvalidEvent(Exception):
    pass


LETTERS = [
    letter(0, DecodeError("not avro")),
    letter(1, InvalidEvent("agency: atlantis"), value=b'{"x":1}'),
    letter(2, DecodeError("truncated")),
    letter(3, DecodeError("bad"), topic=CUSTOMS, partition=0),
    letter(4, InvalidEvent("no id")),
]


def test_a_letter_reads_its_headers() -> None:
    one = LETTERS[3]
    assert (one.id, one.reason, one.source_topic, one.source_partition, one.source_offset) == (
        "p.dead-letters:0:3", "DecodeError", CUSTOMS, 0, 103)
    assert one.failed_at == "2026-11-23T10:00:03.000+00:00"
    bare = DeadLetter(DLQ, 0, 9, None, b"", {}, 1_700_000_000_000)
    assert (bare.reason, bare.source_topic, bare.source_partition) == ("unknown", None, None)
    assert bare.failed_at == "2023-11-14T22:13:20.000+00:00"  # no header: the Kafka timestamp


def test_summary_counts_by_reason_and_source_topic() -> None:
    assert summarize(LETTERS) == [
        {"reason": "DecodeError", "source_topic": POLICE, "count": 2, "first_offset": 0, "last_offset": 2,
         "first_at": "2026-11-23T10:00:00.000+00:00", "last_at": "2026-11-23T10:00:02.000+00:00"},
        {"reason": "InvalidEvent", "source_topic": POLICE, "count": 2, "first_offset": 1, "last_offset": 4,
         "first_at": "2026-11-23T10:00:01.000+00:00", "last_at": "2026-11-23T10:00:04.000+00:00"},
        {"reason": "DecodeError", "source_topic": CUSTOMS, "count": 1, "first_offset": 3, "last_offset": 3,
         "first_at": "2026-11-23T10:00:03.000+00:00", "last_at": "2026-11-23T10:00:03.000+00:00"},
    ]
    assert summarize([]) == []


@pytest.mark.parametrize(("reasons", "positions", "offsets"), [
    ((), (), [0, 1, 2, 3, 4]),
    (("decodeerror",), (), [0, 2, 3]),  # reasons match case-insensitively
    (("InvalidEvent",), ((0, 4), (0, 0)), [4]),  # both filters hold
    ((), ((0, 2), (1, 2)), [2]),  # partition 1 holds nothing here
])
def test_select(reasons: tuple[str, ...], positions: tuple[tuple[int, int], ...], offsets: list[int]) -> None:
    assert [x.offset for x in select(LETTERS, reasons, positions)] == offsets


@pytest.mark.parametrize(("text", "position"), [("12", (0, 12)), ("2:7", (2, 7))])
def test_parse_position(text: str, position: tuple[int, int]) -> None:
    assert parse_position(text) == position


@pytest.mark.parametrize("text", ["", "x", "1:x", "1:2:3"])
def test_parse_position_refuses_junk(text: str) -> None:
    with pytest.raises(DeadLetterError, match="not a dead-letter offset"):
        parse_position(text)


def test_describe_decodes_when_it_can_and_always_keeps_the_bytes() -> None:
    def decode(topic: str, value: bytes) -> Any:
        assert topic == POLICE
        return json.loads(value)

    undecodable, decodable = describe(LETTERS[0], decode), describe(LETTERS[1], decode)
    assert undecodable["event"] is None
    assert undecodable["value_preview"] == "00 6a 75 6e 6b"
    assert base64.b64decode(undecodable["value_base64"]) == b"\x00junk"
    assert decodable["event"] == {"x": 1}
    assert {k: decodable[k] for k in ("partition", "offset", "id", "reason", "message", "key", "size", "source")} == {
        "partition": 0, "offset": 1, "id": "p.dead-letters:0:1", "reason": "InvalidEvent",
        "message": "agency: atlantis", "key": "police:X-1", "size": 7,
        "source": {"topic": POLICE, "partition": 3, "offset": 101}}
    assert decodable["headers"]["enlace.error.class"] == "InvalidEvent"


def encode(topic: str | None, event: Any) -> bytes:
    if event.get("broken"):
        raise ValueError("field x: not an int")
    return f"{topic}|{json.dumps(event, sort_keys=True)}".encode()


def test_fix_file_lines_as_show_prints_them() -> None:
    shown = describe(LETTERS[1], lambda topic, value: json.loads(value))
    shown["event"] = {"x": 2}
    lines = [json.dumps(shown), "", json.dumps({"offset": 0, "value_base64": base64.b64encode(b"ok").decode(),
                                                "key": "police:X-9"})]
    fixes = parse_fixes(lines, encode, {(0, 1): POLICE})
    assert fixes == {(0, 1): Fix(b'p.agency.police|{"x": 2}', b"police:X-1"), (0, 0): Fix(b"ok", b"police:X-9")}


@pytest.mark.parametrize(("line", "error"), [
    ("not json", "fix line 1: needs a JSON object"),
    ('{"event": {}}', "fix line 1: needs a JSON object"),
    ('{"offset": 4}', "fix line 1 (dead letter 0:4): neither"),
    ('{"offset": 4, "event": {"broken": true}}', "fix line 1 (dead letter 0:4): cannot encode: ValueError"),
    ('{"offset": 4, "value_base64": "***"}', "fix line 1 (dead letter 0:4): cannot encode"),
])
def test_fix_file_errors_name_the_line(line: str, error: str) -> None:
    with pytest.raises(DeadLetterError) as info:
        parse_fixes([line], encode)
    assert str(info.value).startswith(error)


def test_a_dead_letter_fixed_twice_is_refused() -> None:
    with pytest.raises(DeadLetterError, match="fixed twice"):
        parse_fixes(['{"offset": 1, "value_base64": ""}', '{"partition": 0, "offset": 1, "value_base64": ""}'], encode)


def test_plan_sends_to_the_source_partition_skips_the_ledger_and_refuses_the_rest() -> None:
    entities = letter(5, ValueError("bulk"), topic=ENTITIES, partition=1)
    nowhere = DeadLetter(DLQ, 0, 6, b"k", b"v", {"enlace.error.class": "DecodeError"})
    empty = letter(7, DecodeError("empty"), value=None)
    ledger = {"p.dead-letters:0:2": {"topic": POLICE, "partition": 3, "offset": 900, "replayed_at": "then"}}
    fixes = {(0, 1): Fix(b"fixed"), (0, 0): Fix(b"fixed too", b"police:X-2")}
    plan = plan_replay([*LETTERS, entities, nowhere, empty], ledger, [POLICE, CUSTOMS], fixes)
    assert [(s.letter.offset, s.topic, s.partition, s.key, s.value, s.fixed) for s in plan.sends] == [
        (0, POLICE, 3, b"police:X-2", b"fixed too", True),
        (1, POLICE, 3, b"police:X-1", b"fixed", True),
        (3, CUSTOMS, 0, b"police:X-1", b"\x00junk", False),
        (4, POLICE, 3, b"police:X-1", b"\x00junk", False),
    ]
    assert plan.sends[0].headers == [(REPLAY_OF, b"p.dead-letters:0:0")]
    assert [(x.offset, entry["offset"]) for x, entry in plan.already] == [(2, 900)]
    assert [(x.offset, why) for x, why in plan.refused] == [
        (5, "p.entities is not a topic the stream reads (replay the stream instead)"),
        (6, "its headers do not say where it came from"),
        (7, "it has no payload"),
    ]


def test_replaying_what_the_ledger_holds_sends_nothing() -> None:
    from datetime import datetime, timezone

    first = plan_replay(LETTERS, {}, [POLICE, CUSTOMS])
    when = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
    ledger = {s.letter.id: ledger_entry(s, 1000 + i, when) for i, s in enumerate(first.sends)}
    assert ledger["p.dead-letters:0:3"] == {
        "dead_letter": "p.dead-letters:0:3", "reason": "DecodeError", "topic": CUSTOMS, "partition": 0,
        "offset": 1003, "fixed": False, "replayed_at": "2026-11-23T12:00:00.000+00:00"}
    again = plan_replay(LETTERS, ledger, [POLICE, CUSTOMS])
    assert again.sends == [] and len(again.already) == len(LETTERS)
    report = ReplayReport.of(again)
    assert report.ok and report.replayed == []
    assert report.already[0] == {**ledger["p.dead-letters:0:0"], "dead_letter": "p.dead-letters:0:0",
                                 "reason": "DecodeError"}


def test_missing_positions() -> None:
    assert missing(LETTERS, [(0, 4), (0, 40), (1, 0)]) == [(0, 40), (1, 0)]
