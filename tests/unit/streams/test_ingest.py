import json

import pytest

from schemas.errors import DecodeError, InvalidEvent
from streams.dedupe import Decision
from streams.ingest import Ingestor, decode_fusion_message
from datetime import datetime, timezone


def event(event_id="e1", version=1, source_record_id="INC-1"):
    return {"event_type": "entity_report", "envelope": {
        "event_id": event_id, "agency": "police", "event_type": "entity_report", "source_record_id": source_record_id,
        "source_version": version, "occurred_at": datetime(2026, 1, 1, tzinfo=timezone.utc)}, "payload": {}}


def decode(data: bytes):
    if data.startswith(b"{"):
        return json.loads(data)
    raise DecodeError("bad magic")


def validate(evt):
    if evt["envelope"]["event_id"] == "":
        raise InvalidEvent("bad", [{"loc": ["envelope", "event_id"], "msg": "empty"}])


def extract(evt):
    return [{"record_id": f"{evt['envelope']['source_record_id']}#p0", "source": "police", "kind": "person",
             "provenance": {"occurred_at": evt["envelope"]["occurred_at"]}}]


INGEST = Ingestor(decode, validate, extract)
AT = ("t.agency.police", 0, 5)


def raw(evt) -> bytes:
    return json.dumps(evt, default=str).encode()


@pytest.mark.parametrize(
    ("value", "error"),
    [(b"\x00garbage", DecodeError), (None, DecodeError), (raw(event(event_id="")), InvalidEvent)],
)
def test_bad_messages_become_dead_letters(value, error):
    outcome = INGEST.process(value, "police:INC-1", AT, 1, {})
    assert isinstance(outcome.error, error) and outcome.decision is None and outcome.fusion_message is None


def test_extractor_failure_is_a_dead_letter_too():
    outcome = Ingestor(decode, validate, lambda evt: 1 / 0).process(raw(event()), "k", AT, 1, {})
    assert isinstance(outcome.error, ZeroDivisionError)


def test_forward_carries_records_and_trigger():
    outcome = INGEST.process(raw(event()), "police:INC-1", AT, 1234, {})
    assert outcome.decision is Decision.FORWARD and outcome.key == "police:INC-1"
    body = decode_fusion_message(outcome.fusion_message)
    assert body["trigger_produced_at_ms"] == 1234 and body["event_id"] == "e1"
    assert body["records"][0]["record_id"] == "INC-1#p0"
    assert outcome.memory == {"version": 1, "event_ids": ["e1"], "at": list(AT)}


def test_datetimes_become_iso_strings_and_key_defaults_to_envelope():
    ingest = Ingestor(lambda data: event(), validate, extract)
    outcome = ingest.process(b"x", None, AT, None, {})
    assert outcome.key == "police:INC-1"
    body = decode_fusion_message(outcome.fusion_message)
    assert body["records"][0]["provenance"]["occurred_at"] == "2026-01-01T00:00:00.000Z"


def test_repeats_are_dropped():
    first = INGEST.process(raw(event()), "police:INC-1", AT, 1, {})
    memory = {"police:INC-1": first.memory}
    again = INGEST.process(raw(event()), "police:INC-1", ("t.agency.police", 0, 9), 1, memory)
    assert again.decision is Decision.DUPLICATE_EVENT and again.fusion_message is None and again.memory is None
    stale = INGEST.process(raw(event(event_id="e0")), "police:INC-1", ("t.agency.police", 0, 9), 1, memory)
    assert stale.decision is Decision.STALE_VERSION
    replay = INGEST.process(raw(event()), "police:INC-1", AT, 1, memory)
    assert replay.decision is Decision.REPLAY and replay.fusion_message == first.fusion_message
