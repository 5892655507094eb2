"""Crash safety of the fusion step: a journaled change is re-emitted identically; an unjournaled one recomputed."""

import copy

from streams.journal import JOURNAL_KEY, FusionStep

from stream_records import person, record


def message(*records, ms=1_767_225_600_000):
    return {"records": list(records), "trigger_produced_at_ms": ms}


def test_emits_documents_tombstones_and_redirects():
    table: dict = {}
    step = FusionStep(table)
    first = step.process(message(person("police", "p1", ids=["A11111"])), 0)
    second = step.process(message(person("customs", "c1", given="Chepe", ids=["B22222"])), 1)
    bridge = step.process(message(person("immigration", "i1", given="Pepe", ids=["A11111", "B22222"])), 2)
    # equal sizes: the smaller id survives
    survivor, gone = sorted([first.entities[0][0], second.entities[0][0]])
    assert [(k, d is None) for k, d in bridge.entities] == [(survivor, False), (gone, True)]
    assert bridge.redirects == [(gone, {"survivor": survivor, "version": 2})]
    doc = bridge.entities[0][1]
    assert doc["version"] == 2 and doc["merged_from"] == [gone] and len(doc["records"]) == 3


def test_replayed_fusion_message_changes_nothing_and_emits_nothing():
    table: dict = {}
    step = FusionStep(table)
    step.process(message(person("police", "p1")), 0)
    step.process(message(person("police", "p2", given="Ana")), 1)
    snapshot = copy.deepcopy(table)
    assert len(step.process(message(person("police", "p1")), 7)) == 0  # duplicate forward, new offset
    assert table == snapshot


def test_crash_after_journal_re_emits_the_same_documents():
    table: dict = {}
    step = FusionStep(table)
    step.process(message(person("police", "p1", ids=["A11111"])), 0)
    msg = message(person("customs", "c1", ids=["A11111"]), record("customs", "v1", "vehicle", vin="1HGCM82633A004352"))
    emitted = step.process(msg, 1)
    # a crash after the journal and some writes reached the changelog, before the offset commit:
    crashed = {k: v for k, v in table.items() if not k.startswith("e:")}
    replayed = FusionStep(crashed).process(msg, 1)
    assert replayed.replay and replayed.entities == emitted.entities
    assert crashed == table


def test_crash_before_journal_recomputes_identically():
    table: dict = {}
    step = FusionStep(table)
    step.process(message(person("police", "p1", ids=["A11111"])), 0)
    before = copy.deepcopy(table)
    msg = message(person("customs", "c1", ids=["A11111"]))
    emitted = step.process(msg, 1)
    again = FusionStep(before).process(msg, 1)  # nothing of offset 1 survived
    assert not again.replay and again.entities == emitted.entities
    assert before == table
    assert table[JOURNAL_KEY]["offset"] == 1
