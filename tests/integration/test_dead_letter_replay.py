"""``enlace dlq`` against the real stack: bad messages are listed by reason, fixed, replayed once, and indexed."""

from __future__ import annotations

import copy
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from deploy.deadletter_kafka import read_topic
from deploy.deadletters import REPLAY_OF
from deploy.processes import running
from deploy.settings import Settings
from producers.client import AgencyProducer
from schemas.codec import make_codec
from streams.ingest import plain
from streams.observe import TopicReader
from streams.topology import ensure_topology, topology
from test_lag_check import enlace, indexed_record_keys
from test_stream import person_event

from helpers import wait_until

pytestmark = pytest.mark.integration

JUNK = b"\x00not avro at all"


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def replay_marks(settings: Settings, topic: str) -> Counter[str]:
    """How many messages on ``topic`` carry each ``enlace.replay.of`` header value."""
    with TopicReader(settings, topic) as reader:
        reader.poll(100_000, 2.0)
        return Counter(m.headers[REPLAY_OF] for m in reader.messages if REPLAY_OF in m.headers)


def test_dead_letters_are_listed_fixed_replayed_once_and_indexed(settings: Settings, tmp_path: Path) -> None:
    police = settings.kafka.agency_topic("police")
    dead_letters = topology(settings).dead_letters
    codec = make_codec(settings)
    invalid = copy.deepcopy(person_event("police", "INC-9", 9, given_name="Ana", family_name="Pop"))
    invalid["envelope"]["event_id"] = ""
    invalid["envelope"]["agency"] = "atlantis"

    ensure_topology(settings)
    with running(["worker"], settings, tmp_path / "worker.log"), \
            running(["indexer"], settings, tmp_path / "indexer.log"):
        with AgencyProducer(settings) as producer:
            producer.publish_raw(police, "police:JUNK-1", JUNK)
            producer.publish_raw(police, "police:INC-9", codec.encode(invalid))
            producer.publish(person_event("police", "INC-10", 10, given_name="Rosa", family_name="Coc",
                                          id_numbers=["GT 55512345"]))
            producer.publish(person_event("customs", "C-1", 11, given_name="Elmer", family_name="Chub",
                                          date_of_birth="1979-02-03"))
        valid = {"police/INC-10-p0", "customs/C-1-p0"}
        wait_until(lambda: set(indexed_record_keys(settings)) == valid, 120,
                   f"the valid events were not indexed; see {tmp_path}", 0.5)
        wait_until(lambda: len(list(read_topic(settings, dead_letters, missing_ok=True))) == 2, 60,
                   "the two bad messages are not dead letters")

        listed = enlace(settings, "dlq", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert sorted((r["reason"], r["source_topic"], r["count"], r["replayed"]) for r in json_lines(listed.stdout)) == [
            ("DecodeError", police, 1, 0), ("InvalidEvent", police, 1, 0)]
        table = enlace(settings, "dlq", "list")
        assert table.returncode == 0 and "DecodeError" in table.stdout and "2 dead letters" in table.stdout

        shown = enlace(settings, "dlq", "show", "--json")
        assert shown.returncode == 0, shown.stderr
        letters = {item["reason"]: item for item in json_lines(shown.stdout)}
        assert letters["DecodeError"]["event"] is None  # bytes that never decoded
        assert letters["DecodeError"]["value_preview"] == JUNK.hex(" ")
        assert letters["DecodeError"]["source"]["topic"] == police
        assert letters["InvalidEvent"]["event"]["envelope"]["agency"] == "atlantis"  # decoded, to be corrected
        just_decode = enlace(settings, "dlq", "show", "--reason", "DecodeError")
        assert just_decode.returncode == 0 and "DecodeError" in just_decode.stdout
        assert "InvalidEvent" not in just_decode.stdout

        # the integrator's fixes: the event the junk should have been, and the invalid one corrected
        fixed_invalid = letters["InvalidEvent"]["event"]
        fixed_invalid["envelope"] |= {"agency": "police", "event_id": str(uuid.uuid4())}
        junk_event = plain(person_event("police", "JUNK-1", 12, given_name="Juana", family_name="Ical"))
        fixes = tmp_path / "fixed.jsonl"
        fixes.write_text(json.dumps(letters["InvalidEvent"] | {"event": fixed_invalid}) + "\n"
                         + json.dumps(letters["DecodeError"] | {"event": junk_event}) + "\n")
        dry = enlace(settings, "dlq", "replay", "--file", str(fixes), "--dry-run")
        assert dry.returncode == 0 and "would replay 2," in dry.stdout
        assert replay_marks(settings, police) == Counter()  # a dry run sends nothing

        first = enlace(settings, "dlq", "replay", "--file", str(fixes), "--json")
        assert first.returncode == 0, first.stderr
        done = json.loads(first.stdout)
        assert sorted(r["reason"] for r in done["replayed"]) == ["DecodeError", "InvalidEvent"]
        assert all(r["topic"] == police and r["fixed"] for r in done["replayed"])
        assert done["already_replayed"] == [] and done["errors"] == []

        everything = valid | {"police/INC-9-p0", "police/JUNK-1-p0"}
        wait_until(lambda: set(indexed_record_keys(settings)) == everything, 120,
                   f"the replayed events were not indexed; see {tmp_path}", 0.5)

        again = enlace(settings, "dlq", "replay", "--file", str(fixes))
        assert again.returncode == 0, again.stderr
        assert "replayed 0, already replayed 2," in again.stdout
        all_of_them = json.loads(enlace(settings, "dlq", "replay", "--all", "--json").stdout)
        assert (all_of_them["replayed"], len(all_of_them["already_replayed"])) == ([], 2)
        relisted = json_lines(enlace(settings, "dlq", "list", "--json").stdout)

    marks = replay_marks(settings, police)
    assert sorted(marks.values()) == [1, 1]  # replayed three times, published once each
    assert set(marks) == {r["dead_letter"] for r in done["replayed"]}
    assert len(list(read_topic(settings, dead_letters))) == 2  # the fixed events were not refused again
    assert sorted((r["reason"], r["count"], r["replayed"]) for r in relisted) == [
        ("DecodeError", 1, 1), ("InvalidEvent", 1, 1)]
    assert Counter(indexed_record_keys(settings)) == Counter({key: 1 for key in everything})
