"""The ordered backfill's pure part: one merge order, and the worker's ingest decisions."""

import json

from schemas.errors import DecodeError
from streams import commands
from streams.backfill import Backfill, Input, in_order
from streams.dlq import headers_dict
from streams.ingest import Ingestor

from stream_records import person


def decode(data: bytes):
    if not data.startswith(b"{"):
        raise DecodeError("not an event")
    return json.loads(data)


def extract(event):
    names = event["payload"].get("people", ["p0"])
    return [person("police", f"{event['envelope']['source_record_id']}#{n}", ids=["P8072881"]) for n in names]


def event(event_id, source, version=1, people=("p0",)):
    envelope = {"event_id": event_id, "agency": "police", "source_record_id": source, "source_version": version}
    return json.dumps({"event_type": "entity_report", "envelope": envelope, "payload": {"people": list(people)}}).encode()


def decode_judgement(data):
    judgement = json.loads(data)
    if judgement["left"] == judgement["right"]:
        raise ValueError("a judgement needs two different things")
    return judgement


def backfill():
    return Backfill(Ingestor(decode, lambda e: None, extract), decode_judgement, "judgements", "records", "dead", "dedupe-cl")


def msg(ts, topic, partition, offset, value, key=None):
    return Input(ts, topic, partition, offset, key, value)


def test_partitions_merge_by_timestamp_then_position_whatever_order_they_come_in():
    a = [msg(1, "police", 0, 0, b""), msg(5, "police", 0, 1, b"")]
    b = [msg(1, "customs", 3, 7, b""), msg(3, "customs", 3, 8, b"")]
    c = [msg(5, "judgements", 0, 0, b"")]
    want = [("customs", 7), ("police", 0), ("customs", 8), ("judgements", 0), ("police", 1)]
    for streams in ([a, b, c], [c, b, a], [b, c, a]):
        assert [(m.topic, m.offset) for m in in_order(iter(s) for s in streams)] == want


def test_backfill_makes_the_workers_decisions_and_remembers_what_faust_would():
    state = backfill()
    out = [state.handle(msg(1, "police", 2, 0, event("e1", "INC-1", 1, ("p0", "p1")), b"police:INC-1")),
           state.handle(msg(2, "police", 2, 1, event("e1", "INC-1", 1, ("p0", "p1")), b"police:INC-1")),  # repeat
           state.handle(msg(3, "police", 2, 2, event("e2", "INC-1", 2, ("p0",)), b"police:INC-1")),  # drops p1
           state.handle(msg(4, "police", 1, 0, b"garbage", b"police:X"))]
    first, repeat, second, garbage = out
    assert [(o.topic, o.partition, o.key) for o in first] == [("records", 0, b"police/INC-1#p0"),
                                                             ("records", 0, b"police/INC-1#p1")]
    assert repeat == []
    assert [commands.decode(o.value)["op"] for o in second] == ["retract", "upsert"]
    assert commands.decode(second[0].value)["key"] == "police/INC-1#p1"
    [dead] = garbage
    assert dead.topic == "dead" and dead.value == b"garbage"
    assert headers_dict(dead.headers)["enlace.error.class"] == "DecodeError"
    [memory] = state.memories()
    assert (memory.topic, memory.partition, memory.key) == ("dedupe-cl", 2, b'"police:INC-1"')
    assert json.loads(memory.value)["version"] == 2 and json.loads(memory.value)["at"] == ["police", 2, 2]


def test_judgements_become_commands_and_bad_ones_dead_letters():
    state = backfill()
    good = {"judgement_id": "j1", "kind": "firearm", "left": "gun-1", "right": "gun-2", "verdict": "not_same"}
    [command] = state.handle(msg(1, "judgements", 0, 0, json.dumps(good).encode()))
    assert (command.topic, command.partition, command.key) == ("records", 2, b"j1")
    assert commands.decode(command.value)["produced_at_ms"] == 1
    [dead] = state.handle(msg(2, "judgements", 0, 1, json.dumps({**good, "right": "gun-1"}).encode()))
    assert dead.topic == "dead" and "two different things" in headers_dict(dead.headers)["enlace.error.message"]
