"""Faust's producer-buffer flush must not return before every buffered send is delivered."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from faust.transport.producer import ProducerBuffer

from streams import flush


async def _flush_with_slow_sends(flush_impl: Any) -> list[bool]:
    """Buffer three sends that each take longer than Faust's 0.1 s give-up; flush; report which were delivered."""
    buffer = ProducerBuffer()
    buffer.app = SimpleNamespace(conf=SimpleNamespace(producer_threaded=False))

    async def slow_send(fut: asyncio.Future[None]) -> None:
        await asyncio.sleep(0.25)  # a slow broker round trip, not synchronisation
        fut.set_result(None)

    buffer._send_pending = slow_send  # type: ignore[method-assign]
    await buffer.start()
    try:
        futures = [asyncio.get_running_loop().create_future() for _ in range(3)]
        for fut in futures:
            buffer.put(fut)
        await flush_impl(buffer)
        delivered = [fut.done() for fut in futures]
        await asyncio.wait(futures)  # let the sender finish before stopping the buffer
        return delivered
    finally:
        await buffer.stop()


def test_fausts_own_flush_returns_with_sends_still_queued() -> None:
    """The bug the patch exists for; if a Faust release fixes it, this fails and the patch can go."""
    flush.install()
    delivered = asyncio.run(_flush_with_slow_sends(flush._original_flush))
    assert delivered != [True, True, True]


def test_installed_flush_waits_for_every_buffered_send() -> None:
    flush.install()
    delivered = asyncio.run(_flush_with_slow_sends(ProducerBuffer.flush))
    assert delivered == [True, True, True]
