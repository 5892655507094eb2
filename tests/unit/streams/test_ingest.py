import json
from datetime import datetime, timezone

import pytest

from schemas.errors import DecodeError, InvalidEvent
from streams import commands
from streams.dedupe import Decision
from streams.ingest import Ingestor


def event(event_id="e1", version=1, source_record_id="INC-1", event_type="entity_report", people=1):
    envelope = {"event_id": event_id, "agency": "police", "event_type": event_type, "source_record_id": source_record_id,
                "source_version": version, "occurred_at": datetime(2026, 1, 1, tzinfo=timezone.utc)}
    payload = {"people": people, "reason": "entered in error"}
    return {"event_type": event_type, "envelope": envelope, "payload": payload}


def decode(data: bytes):
    if data.startswith(b"{"):
        return json.loads(data)
    raise DecodeError("bad magic")


def validate(evt):
    if evt["envelope"]["event_id"] == "":
        raise InvalidEvent("bad", [{"loc": ["envelope", "event_id"], "msg": "empty"}])


def extract(evt):
    if evt["event_type"] == "record_retraction":
        return []
    sid = evt["envelope"]["source_record_id"]
    return [{"record_id": f"{sid}#p{i}", "source": "police", "kind": "person",
             "provenance": {"occurred_at": evt["envelope"]["occurred_at"]}} for i in range(evt["payload"]["people"])]


INGEST = Ingestor(decode, validate, extract)
AT = ("t.agency.police", 0, 5)


def raw(evt) -> bytes:
    return json.dumps(evt, default=str).encode()


def ops(outcome):
    return [(c.partition, c.key, commands.decode(c.value)["op"]) for c in outcome.commands]


@pytest.mark.parametrize(
    ("value", "error"),
    [(b"\x00garbage", DecodeError), (None, DecodeError), (raw(event(event_id="")), InvalidEvent)],
)
def test_bad_messages_become_dead_letters(value, error):
    outcome = INGEST.process(value, "police:INC-1", AT, 1, {})
    assert isinstance(outcome.error, error) and outcome.decision is None and outcome.commands == []


def test_extractor_failure_is_a_dead_letter_too():
    outcome = Ingestor(decode, validate, lambda evt: 1 / 0).process(raw(event()), "k", AT, 1, {})
    assert isinstance(outcome.error, ZeroDivisionError)


def test_forward_sends_one_upsert_per_record_to_its_kind_partition():
    outcome = INGEST.process(raw(event(people=2)), "police:INC-1", AT, 1234, {})
    assert outcome.decision is Decision.FORWARD and outcome.key == "police:INC-1"
    assert ops(outcome) == [(0, "police/INC-1#p0", "upsert"), (0, "police/INC-1#p1", "upsert")]
    body = commands.decode(outcome.commands[0].value)
    assert body["produced_at_ms"] == 1234
    assert outcome.memory["records"] == [["police/INC-1#p0", "person"], ["police/INC-1#p1", "person"]]


def test_key_defaults_to_envelope_and_datetimes_become_iso_strings():
    outcome = Ingestor(lambda data: event(), validate, extract).process(b"x", None, AT, None, {})
    assert outcome.key == "police:INC-1"
    record = commands.decode(outcome.commands[0].value)["record"]
    assert record["provenance"]["occurred_at"] == "2026-01-01T00:00:00.000Z"


def test_a_new_version_retracts_the_records_it_no_longer_holds():
    first = INGEST.process(raw(event(people=2)), "police:INC-1", AT, 1, {})
    memory = {"police:INC-1": first.memory}
    second = INGEST.process(raw(event("e2", 2, people=1)), "police:INC-1", ("t.agency.police", 0, 6), 2, memory)
    assert ops(second) == [(0, "police/INC-1#p1", "retract"), (0, "police/INC-1#p0", "upsert")]
    assert commands.decode(second.commands[0].value)["reason"] == "dropped by a newer version"


def test_a_retraction_event_retracts_every_record():
    first = INGEST.process(raw(event(people=2)), "police:INC-1", AT, 1, {})
    memory = {"police:INC-1": first.memory}
    gone = INGEST.process(raw(event("e2", 2, event_type="record_retraction")), "police:INC-1",
                          ("t.agency.police", 0, 6), 2, memory)
    assert ops(gone) == [(0, "police/INC-1#p0", "retract"), (0, "police/INC-1#p1", "retract")]
    assert commands.decode(gone.commands[0].value)["reason"] == "entered in error"
    assert gone.memory["records"] == []


def test_repeats_are_dropped_and_a_reread_message_sends_the_same_commands():
    first = INGEST.process(raw(event()), "police:INC-1", AT, 1, {})
    memory = {"police:INC-1": first.memory}
    again = INGEST.process(raw(event()), "police:INC-1", ("t.agency.police", 0, 9), 1, memory)
    assert again.decision is Decision.DUPLICATE_EVENT and again.commands == [] and again.memory is None
    stale = INGEST.process(raw(event(event_id="e0")), "police:INC-1", ("t.agency.police", 0, 9), 1, memory)
    assert stale.decision is Decision.STALE_VERSION
    replay = INGEST.process(raw(event()), "police:INC-1", AT, 1, memory)
    assert replay.decision is Decision.REPLAY and replay.commands == first.commands
    assert replay.memory == first.memory


def test_a_reread_new_version_diffs_against_the_version_before_it():
    first = INGEST.process(raw(event(people=2)), "police:INC-1", AT, 1, {})
    at2 = ("t.agency.police", 0, 6)
    second = INGEST.process(raw(event("e2", 2, people=1)), "police:INC-1", at2, 2, {"police:INC-1": first.memory})
    reread = INGEST.process(raw(event("e2", 2, people=1)), "police:INC-1", at2, 2, {"police:INC-1": second.memory})
    assert reread.decision is Decision.REPLAY and reread.commands == second.commands
