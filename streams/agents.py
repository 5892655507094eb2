"""The two Faust agents: thin loops that hand each message to the pure core and send what it returns."""

from __future__ import annotations

import json
import logging
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from streams.dlq import dead_letter_headers
from streams.ingest import Ingestor, decode_fusion_message
from streams.journal import FusionStep

log = logging.getLogger("enlace.stream")


@dataclass(slots=True)
class Channels:
    """The Faust topics the agents read and write (raw bytes everywhere)."""

    agency: Any
    fusion: Any
    entities: Any
    redirects: Any
    dead_letters: Any


def _text(key: bytes | str | None) -> str | None:
    if key is None:
        return None
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)


def register_agents(
    app: Any, channels: Channels, dedupe: MutableMapping[str, Any], fusion_table: MutableMapping[str, Any], ingestor: Ingestor
) -> tuple[Any, Any]:
    """Attach the ingest and fusion agents to ``app``; returns them (for ``test_context``)."""
    step = FusionStep(fusion_table)

    async def ingest(stream: Any) -> Any:
        async for event in stream.events():
            msg = event.message
            position = (msg.topic, msg.partition, msg.offset)
            produced_ms = int(msg.timestamp * 1000) if msg.timestamp else None
            outcome = ingestor.process(event.value, _text(event.key), position, produced_ms, dedupe)
            if outcome.error is not None:
                log.warning("dead letter %s[%s]@%s: %s: %s", *position, type(outcome.error).__name__, outcome.error)
                headers = dead_letter_headers(msg.topic, msg.partition, msg.offset, outcome.error)
                await channels.dead_letters.send(key=event.key, value=event.value, headers=headers)
            elif outcome.fusion_message is not None and outcome.key is not None:
                # forward first: a crash before the mark below replays the message, never loses it
                await channels.fusion.send(key=outcome.key.encode(), value=outcome.fusion_message)
                dedupe[outcome.key] = outcome.memory
            yield outcome.decision

    async def fuse(stream: Any) -> Any:
        async for event in stream.events():
            emission = step.process(decode_fusion_message(event.value), event.message.offset)
            absorbed_versions = {entity_id: redirect["version"] for entity_id, redirect in emission.redirects}
            for entity_id, document in emission.entities:
                if document is None:  # tombstone: its version keeps a stale delete from removing a newer document
                    headers = [("enlace.version", str(absorbed_versions[entity_id]).encode())]
                    await channels.entities.send(key=entity_id.encode(), value=None, headers=headers)
                else:
                    value = json.dumps(document, separators=(",", ":")).encode()
                    await channels.entities.send(key=entity_id.encode(), value=value)
            for entity_id, redirect in emission.redirects:
                await channels.redirects.send(key=entity_id.encode(), value=json.dumps(redirect).encode())
            yield len(emission)

    return (
        app.agent(channels.agency, name="ingest")(ingest),
        app.agent(channels.fusion, name="fuse")(fuse),
    )
