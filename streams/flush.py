"""Make Faust's commit wait for every buffered send, so at-least-once really holds for tables.

Before committing offsets, Faust flushes its producer: first the buffer, where table changelog
writes queue (``send_soon``), then the Kafka client's batches, where ``topic.send`` puts messages
directly. ``ProducerBuffer.flush`` gives up after 0.1 s without a send
and ignores a message it is handing to the client at that moment, so offsets can be committed
while changelog writes are still queued. A worker killed right then loses those writes even
though their source offsets are committed: the event is gone from the tables for good.

``install()`` replaces that flush with one that waits until every message put into the buffer
has been delivered (its future resolved). A commit then never gets ahead of the data it covers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faust.transport.producer import ProducerBuffer

_original_put = ProducerBuffer.put
_original_flush = ProducerBuffer.flush


def _put(self: Any, fut: Any) -> None:
    unsent = self.__dict__.setdefault("_enlace_unsent", set())
    unsent.add(fut)
    fut.add_done_callback(unsent.discard)
    _original_put(self, fut)


async def _flush(self: Any) -> None:
    """Return only when everything put into the buffer so far has been delivered (or has failed).

    While the buffer is stopping its sender loop has ended, so waiting could never finish: there
    Faust's own best-effort flush runs, as before.
    """
    while not self.should_stop:
        unsent = [fut for fut in self.__dict__.get("_enlace_unsent", ()) if not fut.done()]
        if not unsent:
            return
        await asyncio.wait(unsent, timeout=0.5)
    await _original_flush(self)


def install() -> None:
    """Idempotent: patch ``ProducerBuffer`` once per process."""
    ProducerBuffer.put = _put  # type: ignore[method-assign]
    ProducerBuffer.flush = _flush  # type: ignore[method-assign]
