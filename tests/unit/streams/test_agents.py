"""The agents' wiring, driven by Faust's ``test_context`` (no broker): outputs go to in-memory channels."""

import asyncio
import json

import faust

from schemas.errors import DecodeError
from streams.agents import Channels, register_agents
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

    async def send(self, key=None, value=None, headers=None):
        self.sent.append((key, value, headers))


def channels(app, fusion_input: bool = False) -> Channels:
    fusion = app.channel() if fusion_input else Recorder()
    return Channels(app.channel(), fusion, Recorder(), Recorder(), Recorder())


def test_ingest_agent_dead_letters_forwards_and_drops_repeats():
    async def scenario():
        app = faust.App("test-agents", store="memory://", web_enabled=False)
        out = channels(app)
        dedupe: dict = {}
        ingest, _ = register_agents(app, out, dedupe, {}, Ingestor(decode, lambda e: None, extract))
        async with ingest.test_context() as agent:
            await agent.put(b"garbage", key=b"police:X")
            await agent.put(event("e1", "INC-1"), key=b"police:INC-1")
            await agent.put(event("e1", "INC-1"), key=b"police:INC-1")  # republished: dropped
        return out, dedupe

    out, dedupe = asyncio.run(scenario())
    [(key, value, headers)] = out.dead_letters.sent
    assert value == b"garbage" and key == b"police:X"
    assert headers_dict(headers)["enlace.error.class"] == "DecodeError"
    [(key, value, _)] = out.fusion.sent  # the republished copy was dropped
    assert key == b"police:INC-1"
    assert json.loads(value)["records"][0]["record_id"] == "INC-1#p0"
    assert dedupe["police:INC-1"]["event_ids"] == ["e1"]


def test_fuse_agent_emits_entity_documents():
    async def scenario():
        app = faust.App("test-fuse", store="memory://", web_enabled=False)
        out = channels(app, fusion_input=True)
        table: dict = {}
        _, fuse = register_agents(app, out, {}, table, Ingestor(decode, lambda e: None, extract))
        message = {"records": [person("police", "p1", ids=["P8072881"])], "trigger_produced_at_ms": 5}
        async with fuse.test_context() as agent:
            await agent.put(json.dumps(message).encode(), key=b"police:p1")
        return out.entities.sent, table

    [(key, value, _)], table = asyncio.run(scenario())
    doc = json.loads(value)
    assert key.decode() == doc["entity_id"] and doc["version"] == 1 and doc["trigger_produced_at_ms"] == 5
    assert "j:last" in table
