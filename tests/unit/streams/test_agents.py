"""The agents' wiring, driven by Faust's ``test_context`` (no broker): outputs go to recorders."""

import asyncio
import json

import faust

from schemas.errors import DecodeError
from streams import commands
from streams.agents import Channels, Resolving, register_agents
from streams.dlq import headers_dict
from streams.ingest import Ingestor

from stream_records import person


def decode(data: bytes):
    if not data.startswith(b"{"):
        raise DecodeError("not an event")
    return json.loads(data)


def extract(event):
    return [person("police", f"{event['envelope']['source_record_id']}#p0", ids=["P8072881"])]


def event(event_id: str, source_record_id: str) -> bytes:
    envelope = {"event_id": event_id, "agency": "police", "source_record_id": source_record_id, "source_version": 1}
    return json.dumps({"event_type": "entity_report", "envelope": envelope, "payload": {}}).encode()


class Recorder:
    """Stands in for an output topic: records what the agent sends."""

    def __init__(self):
        self.sent = []

    async def send(self, key=None, value=None, headers=None, partition=None):
        self.sent.append((key, value, headers, partition))


def wiring(name, log=(), snapshot_every=1000):
    app = faust.App(name, store="memory://", web_enabled=False)
    out = Channels(app.channel(), app.channel(), app.channel(), Recorder(), Recorder(), Recorder())
    out.records = Recorder() if name.endswith("ingest") else out.records
    reads = []

    def read_log(partition, start, end):
        reads.append((partition, start, end))
        return [(o, v) for o, v in enumerate(log) if start <= o < end]

    resolving = Resolving({}, read_log, snapshot_every=snapshot_every)
    agents = register_agents(app, out, {}, resolving, Ingestor(decode, lambda e: None, extract), decode_judgement)
    return out, resolving, reads, agents


def decode_judgement(data: bytes):
    judgement = json.loads(data)
    if judgement["left"] == judgement["right"]:
        raise ValueError("a judgement needs two different things")
    return judgement


def test_ingest_agent_dead_letters_forwards_and_drops_repeats():
    async def scenario():
        out, _, _, (ingest, _, _) = wiring("t-ingest")
        async with ingest.test_context() as agent:
            await agent.put(b"garbage", key=b"police:X")
            await agent.put(event("e1", "INC-1"), key=b"police:INC-1")
            await agent.put(event("e1", "INC-1"), key=b"police:INC-1")  # republished: dropped
        return out

    out = asyncio.run(scenario())
    [(key, value, headers, _)] = out.dead_letters.sent
    assert value == b"garbage" and key == b"police:X"
    assert headers_dict(headers)["enlace.error.class"] == "DecodeError"
    [(key, value, _, partition)] = out.records.sent  # the republished copy was dropped
    assert key == b"police/INC-1#p0" and partition == 0 and commands.decode(value)["op"] == "upsert"


def test_judgements_agent_routes_to_the_kind_partition_and_dead_letters_bad_ones():
    good = {"judgement_id": "j1", "kind": "firearm", "left": "gun-1", "right": "gun-2", "verdict": "not_same"}

    async def scenario():
        app = faust.App("t-judge", store="memory://", web_enabled=False)
        out = Channels(app.channel(), app.channel(), Recorder(), Recorder(), Recorder(), Recorder())
        _, judgements, _ = register_agents(app, out, {}, Resolving({}, lambda *a: []), None, decode_judgement)
        async with judgements.test_context() as agent:
            await agent.put(json.dumps(good).encode())
            await agent.put(json.dumps({**good, "right": "gun-1"}).encode())
        return out

    out = asyncio.run(scenario())
    [(key, value, _, partition)] = out.records.sent
    assert (key, partition) == (b"j1", 2) and commands.decode(value)["judgement"]["verdict"] == "not_same"
    [(_, _, headers, _)] = out.dead_letters.sent
    assert "two different things" in headers_dict(headers)["enlace.error.message"]


def test_resolve_agent_emits_documents_catches_up_a_gap_and_snapshots():
    records = [person("police", "p1", ids=["BZ:P8072881"]), person("immigration", "i1", ids=["P8072881"]),
               person("customs", "c1", ids=["P8072881"])]
    log = [commands.upsert(r, 5).value for r in records]

    async def scenario():
        out, resolving, reads, (_, _, resolve) = wiring("t-resolve", log, snapshot_every=2)
        async with resolve.test_context() as agent:
            await agent.put(log[0], key=b"police/p1")
            agent.sent_offset = 2  # offset 1 was handled by another worker before a rebalance
            await agent.put(log[2], key=b"customs/c1")
        return out, resolving, reads

    out, resolving, reads = asyncio.run(scenario())
    assert reads == [(0, 1, 2)]  # the gap was read back from the log
    docs = [(k, json.loads(v)) for k, v, _, _ in out.entities.sent]
    assert [d["version"] for _, d in docs] == [1, 2, 3]  # the gap's entity at the version it had
    assert len(docs[-1][1]["records"]) == 3
    assert resolving.table["p0:manifest"] and json.loads(resolving.table["p0:manifest"])["next_offset"] == 3


def test_ingest_reads_back_a_stretch_the_consumer_skipped():
    from streams.agents import Gaps
    from streams.catchup import Raw

    skipped = {1: event("e2", "INC-2"), 2: event("e3", "INC-3")}
    reads, acked = [], []

    def read_range(topic, partition, start, end):
        reads.append((partition, start, end))
        return [Raw(o, f"police:INC-{o + 1}".encode(), skipped[o], 5) for o in range(start, end)]

    async def scenario():
        app = faust.App("t-gaps", store="memory://", web_enabled=False)
        out = Channels(app.channel(), app.channel(), Recorder(), Recorder(), Recorder(), Recorder())
        gaps = Gaps(read_range, lambda topic, partition: None, ack=lambda *tpo: acked.append(tpo[1:]))
        ingest, _, _ = register_agents(app, out, {}, Resolving({}, lambda *a: []),
                                       Ingestor(decode, lambda e: None, extract), decode_judgement, gaps)
        async with ingest.test_context() as agent:
            await agent.put(event("e1", "INC-1"), key=b"police:INC-1")
            agent.sent_offset = 3  # offsets 1 and 2 never reached the agent
            await agent.put(event("e4", "INC-4"), key=b"police:INC-4")
        return out

    out = asyncio.run(scenario())
    assert reads == [(0, 1, 3)]
    assert acked == [(0, 1), (0, 2)]  # Faust is told, so its commits can pass them
    assert [k for k, _, _, _ in out.records.sent] == [b"police/INC-1#p0", b"police/INC-2#p0", b"police/INC-3#p0",
                                                       b"police/INC-4#p0"]


def test_ingest_reads_back_from_the_start_when_the_group_never_committed():
    """Faust can drop the first fetched messages of a partition nobody committed on yet: they are read back."""
    from streams.agents import Gaps
    from streams.catchup import Raw

    reads = []

    def read_range(topic, partition, start, end):
        reads.append((partition, start, end))
        return [Raw(o, f"police:INC-{o + 1}".encode(), event(f"e{o + 1}", f"INC-{o + 1}"), 5) for o in range(start, end)]

    async def scenario():
        app = faust.App("t-gaps-first", store="memory://", web_enabled=False)
        out = Channels(app.channel(), app.channel(), Recorder(), Recorder(), Recorder(), Recorder())
        gaps = Gaps(read_range, lambda topic, partition: None)
        ingest, _, _ = register_agents(app, out, {}, Resolving({}, lambda *a: []),
                                       Ingestor(decode, lambda e: None, extract), decode_judgement, gaps)
        async with ingest.test_context() as agent:
            agent.sent_offset = 2  # the first delivered message is the third of the partition
            await agent.put(event("e3", "INC-3"), key=b"police:INC-3")
        return out

    out = asyncio.run(scenario())
    assert reads == [(0, 0, 2)]
    assert [k for k, _, _, _ in out.records.sent] == [b"police/INC-1#p0", b"police/INC-2#p0", b"police/INC-3#p0"]


def test_judgements_agent_reads_back_a_judgement_the_consumer_skipped():
    from streams.agents import Gaps
    from streams.catchup import Raw

    first = {"judgement_id": "j1", "kind": "person", "left": "a", "right": "b", "verdict": "not_same"}
    second = {**first, "judgement_id": "j2", "right": "c"}

    async def scenario():
        app = faust.App("t-judge-gap", store="memory://", web_enabled=False)
        out = Channels(app.channel(), app.channel(), Recorder(), Recorder(), Recorder(), Recorder())
        gaps = Gaps(lambda topic, partition, start, end: [Raw(0, None, json.dumps(first).encode(), 5)],
                    lambda topic, partition: None)
        _, judgements, _ = register_agents(app, out, {}, Resolving({}, lambda *a: []), None, decode_judgement, gaps)
        async with judgements.test_context() as agent:
            agent.sent_offset = 1  # the judgement at offset 0 was fetched and dropped around an assignment
            await agent.put(json.dumps(second).encode())
        return out

    out = asyncio.run(scenario())
    assert [key for key, _, _, _ in out.records.sent] == [b"j1", b"j2"]


class EventBoundTable(dict):
    """Stands in for a Faust table: like Faust's, refuses a write made outside a message's handling."""

    def __setitem__(self, key, value):
        from faust.streams import current_event

        event = current_event()
        if event is None:
            raise TypeError("Cannot modify table key from outside of stream iteration")
        assert key.startswith(f"p{event.message.partition}:")  # a snapshot goes to its records partition
        super().__setitem__(key, value)


def test_resolve_agent_writes_snapshots_as_the_handling_of_a_message_of_that_partition():
    records = [person("police", f"p{i}", ids=[f"BZ:P80728{i:02d}"]) for i in range(5)]
    log = [commands.upsert(r, 5).value for r in records]

    async def scenario():
        app = faust.App("t-snap-ctx", store="memory://", web_enabled=False)
        out = Channels(app.channel(), app.channel(), app.channel(), Recorder(), Recorder(), Recorder())
        resolving = Resolving(EventBoundTable(), lambda *a: [], snapshot_every=2)
        _, _, resolve = register_agents(app, out, {}, resolving, None, decode_judgement)
        async with resolve.test_context() as agent:
            for value in log:
                await agent.put(value)
        return resolving

    resolving = asyncio.run(scenario())
    assert json.loads(resolving.table["p0:manifest"])["next_offset"] >= 4


def test_a_partition_behind_holds_its_documents_for_at_most_hold_seconds():
    waiting = {0: 5000}
    resolving = Resolving({}, lambda *a: [], waiting=lambda partition, start: waiting[partition], backlog=1000, hold=2.0)
    part = resolving.partition(0, 0)
    assert resolving.holds(part, now=10.0) and resolving.holds(part, now=11.9)
    assert not resolving.holds(part, now=12.0)  # held 2 s: sent now, whatever is waiting
    assert resolving.holds(part, now=12.5)  # a new hold starts with the next batch
    waiting[0] = 999
    assert not resolving.holds(part, now=12.6)  # caught up (less than a backlog waiting): sent at once
    assert not Resolving({}, lambda *a: []).holds(part, now=0.0)  # nothing says what is waiting: never held


def test_resolve_agent_sends_held_documents_later_and_says_how_far_everything_was_sent():
    records = [person("police", f"p{i}", ids=[f"BZ:P80728{i:02d}"]) for i in range(4)]
    log = [commands.upsert(r, 5).value for r in records]
    waiting = {"n": 5000}

    async def scenario():
        app = faust.App("t-hold", store="memory://", web_enabled=False)
        out = Channels(app.channel(), app.channel(), app.channel(), Recorder(), Recorder(), Recorder())
        resolving = Resolving({}, lambda *a: [], waiting=lambda partition, start: waiting["n"], hold=60.0)
        _, _, resolve = register_agents(app, out, {}, resolving, None, decode_judgement)
        async with resolve.test_context() as agent:
            for value in log[:3]:
                await agent.put(value)
            held = (list(out.entities.sent), dict(resolving.sent))
            waiting["n"] = 0
            await agent.put(log[3])
        return out, resolving, held

    out, resolving, (held_sent, held_upto) = asyncio.run(scenario())
    assert held_sent == [] and held_upto == {}  # behind: nothing sent, nothing may be committed
    [(_, value, _, _)] = out.entities.sent  # one person, rendered once, as it is after the last command
    assert json.loads(value)["version"] == 4 and len(json.loads(value)["records"]) == 4
    assert resolving.sent == {0: 4}
