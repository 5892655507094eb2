"""The sink's delivery accounting (no broker needed: nothing here reaches the network)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from deploy.settings import Settings
from producers.client import DeliveryError
from streams.sink import Sink


class FailedMessage:
    def key(self) -> bytes:
        return b"per-1"

    def topic(self) -> str:
        return "entities"


def test_faust_flush_waits_for_the_sink_and_a_failed_delivery_stops_the_commit() -> None:
    sink = Sink(Settings())
    calls: list[str] = []

    async def faust_flush() -> None:
        calls.append("faust")

    app: Any = SimpleNamespace(producer=SimpleNamespace(flush=faust_flush))
    sink.attach(app)
    asyncio.run(app.producer.flush())
    assert calls == ["faust"]  # and the sink's own flush returned: nothing queued, nothing failed

    sink._on_delivery("Broker: Message timed out", FailedMessage())
    with pytest.raises(DeliveryError, match=r"entities\[per-1\]: Broker: Message timed out"):
        asyncio.run(app.producer.flush())  # Faust's commit awaits this: no offset passes a lost document
    asyncio.run(app.producer.flush())  # reported once; the worker restarts from its last commit anyway


def test_a_failed_delivery_stops_the_next_send() -> None:
    sink = Sink(Settings())
    sink._on_delivery("Broker: Message timed out", FailedMessage())
    with pytest.raises(DeliveryError):
        asyncio.run(sink.topic("entities").send(key=b"per-2", value=b"{}"))
