"""Hand Faust back the messages its consumer fetched and then lost, so no partition stalls short of its end.

Around a (re)assignment Faust can fetch messages before it seeks to the committed offsets and
then drop them (the read position has already moved past them). A message in the middle of a
partition is caught by the agents' own gap checks when the next one arrives; the last messages
of a partition have no next one. Every few seconds the sweeper compares, for each assigned input
partition that has been idle a while, how far the worker got with the partition's end, and
re-injects the missing stretch into Faust's own delivery path: the agents handle and acknowledge
it as if it had just been fetched (handling a message twice is harmless by design).

An agent can also be idle because Faust's delivery is stuck behind another agent: the fetcher
hands each fetched batch to the agents in order and waits while an agent's buffer is full, so
under a backlog of agency events the resolve agent gets no records-log message for seconds. Those
messages are not lost, only queued; the sweeper leaves every partition alone while a buffer is
that deep (``crowded``), instead of reading thousands of messages a second time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("enlace.stream")

IDLE = 3.0
"""Seconds without a message on a partition before its tail is checked."""
RETRY = 15.0
"""Seconds before a stretch handed back and still not handled is handed back again."""

TP = tuple[str, int]


@dataclass(slots=True)
class Progress:
    """How far this worker handled each input partition, and when it last did."""

    next: dict[TP, int] = field(default_factory=dict)
    busy_at: dict[str, float] = field(default_factory=dict)
    """Agent -> when it last handled a message: a busy agent may just not have reached a partition yet."""
    handed_back: dict[TP, tuple[int, float]] = field(default_factory=dict)
    working: set[str] = field(default_factory=set)
    """Agents in the middle of a batch: busy, however long ago they last marked a message done."""

    @contextmanager
    def batch(self, agent: str) -> Iterator[None]:
        """``agent`` is busy for the whole block (sending a big batch's documents can outlast ``IDLE``)."""
        self.working.add(agent)
        try:
            yield
        finally:
            self.working.discard(agent)
            self.busy_at[agent] = time.monotonic()

    def done(self, tp: TP, offset: int, agent: str = "", now: float | None = None) -> None:
        self.next[tp] = max(offset + 1, self.next.get(tp, 0))
        self.busy_at[agent] = time.monotonic() if now is None else now

    def waiting(self, agents: Iterable[str], now: float) -> None:
        """The agents wait on Faust's delivery, not on Kafka: they count as busy until ``IDLE`` after it moves."""
        for agent in agents:
            self.busy_at[agent] = max(now, self.busy_at.get(agent, 0.0))

    def forget(self, tps: Iterable[TP]) -> None:
        for tp in tps:
            self.next.pop(tp, None)
            self.handed_back.pop(tp, None)

    def missing(self, tp: TP, position: int | None, end: int, now: float, agent: str = "") -> tuple[int, int] | None:
        """The stretch ``[start, end)`` to hand back for ``tp``: its agent is idle, yet it is short of its end."""
        start = self.next.get(tp, position)
        if start is None or start >= end or agent in self.working or now - self.busy_at.get(agent, 0.0) < IDLE:
            return None
        upto, when = self.handed_back.get(tp, (-1, 0.0))
        if upto >= end and now - when < RETRY:
            return None
        self.handed_back[tp] = (end, now)
        return start, end


def crowded(buffers: Iterable[Any]) -> bool:
    """Whether an agent's buffer is under pressure (Faust's own mark: four fifths full), so delivery may be waiting."""
    return any(buffer.qsize() >= buffer.pressure_high_size for buffer in buffers)


async def sweep(app: Any, progress: Progress, topics: dict[str, str], committed: Callable[[str, int], int | None],
                high: Callable[[str, int], int], read: Callable[[str, int, int, int], list[Any]],
                buffers: Callable[[], Iterable[Any]] = tuple) -> int:
    """One pass: re-inject the missing tail of every input partition of an idle agent (``topics``: topic -> agent).

    ``buffers``: the agents' buffers (Faust queues); while one is crowded the pass does nothing.
    """
    from faust.types import TP as FaustTP
    from faust.types.tuples import ConsumerMessage

    loop = app.loop
    handed = 0
    if crowded(buffers()):
        progress.waiting(set(topics.values()), time.monotonic())
        return 0
    for tp in sorted((tp.topic, tp.partition) for tp in app.consumer.assignment() if tp.topic in topics):
        position = progress.next.get(tp)
        try:
            if position is None:
                position = await loop.run_in_executor(None, committed, *tp)
            end = await loop.run_in_executor(None, high, *tp)
        except Exception as exc:  # noqa: BLE001 - e.g. a leader moving: the next pass asks again
            log.info("%s[%s]: end offset unavailable (%s); next pass", tp[0], tp[1], exc)
            continue
        stretch = progress.missing(tp, position if position is not None else 0, end, time.monotonic(), topics[tp[0]])
        if stretch is None:
            continue
        raws = await loop.run_in_executor(None, read, tp[0], tp[1], *stretch)
        log.warning("%s[%s]: handing back %s messages Faust did not deliver (offsets %s-%s)",
                    tp[0], tp[1], len(raws), stretch[0], stretch[1] - 1)
        for raw in raws:
            # a ConsumerMessage, as the consumer builds: only its final ack reaches the consumer (a plain Message's
            # just marks itself acked, and the offset would never be committed)
            message = ConsumerMessage(tp[0], tp[1], raw.offset, (raw.timestamp_ms or 0) / 1000, 0, [], raw.key, raw.value,
                                      None, tp=FaustTP(*tp), generation_id=app.consumer_generation_id)
            await app.topics.on_message(message)
            handed += 1
    return handed
