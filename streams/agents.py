"""The Faust agents: thin loops that hand each message to the pure core and send what it returns.

- ``ingest`` (agency topics): decode, validate, drop repeats, turn events into records-log commands;
- ``judgements`` (judgements topic): analysts' verdicts into the records log, to the kind's partition;
- ``resolve`` (records log, one partition per kind): fold each command into that partition's
  resolver and send the changed entity documents, tombstones and redirects.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from deploy import metrics
from streams import commands, snapshots
from streams.catchup import Raw
from streams.dlq import dead_letter_headers
from streams.entity import encode_document
from streams.ingest import Ingestor
from streams.resolving import Emission, Partition
from streams.sweeper import Progress

log = logging.getLogger("enlace.stream")

ReadLog = Callable[[int, int, int], Iterator[tuple[int, bytes]]]
"""(partition, start, end) -> the records log's (offset, value) pairs in ``[start, end)``."""


@dataclass(slots=True)
class Channels:
    """The Faust topics the agents read and write (raw bytes everywhere)."""

    agency: Any
    judgements: Any
    records: Any
    entities: Any
    redirects: Any
    dead_letters: Any


@dataclass(slots=True)
class Resolving:
    """The resolve agent's state: live partitions, their snapshot table, and how to read the log."""

    table: MutableMapping[str, Any]
    read_log: ReadLog
    snapshot_every: int = 5000
    batch: int = 4000
    """Most records-log commands folded before the changed entities' documents are sent. Under a backlog every batch
    is full, and the bigger it is, the more changes of one busy entity share one document: at 500 commands the
    simulator's events sent 9 member records per event to the index, at 2,000 5.6, at 5,000 3.8."""
    within: float = 0.05
    """Seconds a batch waits to fill (the latency it may add when the log is quiet)."""
    flush: Callable[[], Any] | None = None
    """Awaitable that returns once every send so far is delivered (taken before a snapshot)."""
    waiting: Callable[[int, int], int] | None = None
    """(partition, next offset) -> how many messages of that records-log partition are already in Kafka from it on."""
    backlog: int = 1000
    """Messages waiting from which a partition counts as behind (about a second of commands or more)."""
    hold: float = 2.0
    """Most seconds the changed documents of a partition that is behind are held back. Batches stay small
    (``within``), so a quiet or steadily fed log is rendered at once; under a backlog, holding lets the next
    batches change the same busy entities before their documents are rendered, sent and indexed once."""
    partitions: dict[int, Partition] = field(default_factory=dict)
    snapshot_at: dict[int, int] = field(default_factory=dict)
    held_since: dict[int, float] = field(default_factory=dict)
    sent: dict[int, int] = field(default_factory=dict)
    """Per partition, the offset below which every command's documents were sent: the records log is committed
    only that far (``streams.commits``), so documents held back are never lost with a crash."""

    def partition(self, number: int, offset: int) -> Partition:
        """The partition's resolver, restored from its snapshot if this worker has none yet."""
        part = self.partitions.get(number)
        if part is None:
            part = self.partitions[number] = snapshots.load(self.table, number)
            self.snapshot_at[number] = part.next_offset
            log.info("records[%s]: restored at offset %s (%s records)", number, part.next_offset,
                     len(part.resolver.entries))
        return part

    def catch_up(self, part: Partition, offset: int) -> list[Emission]:
        """Fold the log between the resolver's offset and ``offset``; the changed entities' documents.

        The stretch was either resolved by a worker before this one, or skipped by the consumer
        (Faust can lose prefetched messages around a rebalance). Either way, re-sending the current
        documents of the entities it changed, at the versions they had, is safe and loses nothing.
        """
        for at, value in self.read_log(part.number, part.next_offset, offset):
            part.apply(value, at, emit=False)
        part.next_offset = max(part.next_offset, offset)
        return part.drain()

    def holds(self, part: Partition, now: float) -> bool:
        """Keep ``part``'s changed documents for a later batch: it is behind and they were not held ``hold`` s.

        Safe to stop at any point: the records log is committed only up to ``sent``, so a worker that takes the
        partition over (or this one, restarted) folds the held commands again and sends what they changed.
        """
        since = self.held_since.setdefault(part.number, now)
        if (self.waiting is not None and now - since < self.hold
                and self.waiting(part.number, part.next_offset) >= self.backlog):
            return True
        del self.held_since[part.number]
        return False

    def snapshot_due(self, part: Partition) -> bool:
        return part.next_offset - self.snapshot_at.get(part.number, 0) >= self.snapshot_every

    def take_snapshot(self, part: Partition) -> None:
        snapshots.apply_writes(self.table, snapshots.snapshot_writes(part, self.table))
        self.snapshot_at[part.number] = part.next_offset


@dataclass(slots=True)
class Watermark:
    """The offsets of one input partition this worker handled: every one below ``next``, and ``ahead``."""

    next: int
    ahead: set[int] = field(default_factory=set)

    def done(self, offset: int) -> None:
        if offset == self.next:
            self.next += 1
            while self.next in self.ahead:
                self.ahead.discard(self.next)
                self.next += 1
        elif offset > self.next:
            self.ahead.add(offset)


@dataclass(slots=True)
class Gaps:
    """Where each input partition must go on, so a stretch the consumer skipped is read back, not lost.

    Faust can drop prefetched messages around a rebalance. Before handling a message, the ingest
    and judgements agents ask ``skipped`` for the messages before it that this worker has not
    handled since the partition was assigned (from the group's committed offset the first time)
    and handle those first, read straight from Kafka. The same watermark caps what the worker
    commits (``streams.commits``): a commit never passes a message this worker did not handle.
    Re-reading a message that was handled after all is harmless: the dedupe step drops or replays
    it identically.
    """

    read_range: Callable[[str, int, int, int], Iterable[Raw]]
    committed: Callable[[str, int], int | None]
    progress: Progress = field(default_factory=Progress)
    ack: Callable[[str, int, int], Any] = lambda topic, partition, offset: None
    """Tell Faust a message it never delivered is handled, or its commits would stop short of it for good."""
    marks: dict[tuple[str, int], Watermark] = field(default_factory=dict)

    def start(self, topic: str, partition: int, offset: int) -> int:
        """Where ``topic[partition]`` must go on from, at most ``offset`` (the message just delivered).

        A group that never committed on the partition starts at its beginning (the consumer's
        ``auto.offset.reset`` is earliest): a first delivery past offset 0 means messages were skipped.
        """
        mark = self.marks.get((topic, partition))
        expected = mark.next if mark is not None else (self.committed(topic, partition) or 0)
        return min(expected, offset)

    async def skipped(self, topic: str, partition: int, offset: int) -> list[Raw]:
        """The messages before ``offset`` this worker must handle first (read straight from Kafka)."""
        tp = (topic, partition)
        mark = self.marks.get(tp)
        if mark is not None and mark.next >= offset:
            return []  # the usual case, decided without a thread hop: this runs for every message
        loop = asyncio.get_running_loop()
        start = await loop.run_in_executor(None, self.start, topic, partition, offset)
        self.marks.setdefault(tp, Watermark(start))
        if start >= offset:
            return []
        raws = await loop.run_in_executor(None, lambda: list(self.read_range(topic, partition, start, offset)))
        log.warning("%s[%s]: read back %s skipped messages before offset %s", topic, partition, len(raws), offset)
        return raws

    def done(self, topic: str, partition: int, offset: int, agent: str, read_back: bool = False) -> None:
        """``offset`` is handled (``read_back``: read by ``skipped``, so Faust must be told too)."""
        if read_back:
            self.ack(topic, partition, offset)
        tp = (topic, partition)
        mark = self.marks.get(tp)
        if mark is None:  # handled after its partition was revoked: the next assignment starts from the commit
            return
        mark.done(offset)
        self.progress.done(tp, mark.next - 1, agent)

    def watermark(self, topic: str, partition: int) -> int | None:
        """Every offset below this one was handled by this worker (None: none since the assignment)."""
        mark = self.marks.get((topic, partition))
        return None if mark is None else mark.next

    def forget(self, tps: Iterable[tuple[str, int]]) -> None:
        tps = list(tps)
        for tp in tps:
            self.marks.pop(tp, None)
        self.progress.forget(tps)


@contextmanager
def handling(event: Any) -> Iterator[None]:
    """Make ``event`` Faust's current event again, after a batch was taken: a table write goes to the changelog
    partition of the current event, and Faust refuses table writes without one (its context variable is
    ``faust.streams._current_event``; nothing public sets it)."""
    from faust.streams import _current_event

    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


def _text(key: bytes | str | None) -> str | None:
    if key is None:
        return None
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)


async def send_emission(channels: Channels, emission: Emission) -> None:
    """Documents, tombstones (their version in a header, so a stale delete can't remove a newer document), redirects."""
    for entity_id, document in emission.entities:
        if document is None:
            headers = [("enlace.version", str(emission.version).encode())]
            await channels.entities.send(key=entity_id.encode(), value=None, headers=headers)
        else:
            await channels.entities.send(key=entity_id.encode(), value=encode_document(document))
    for entity_id, redirect in emission.redirects:
        await channels.redirects.send(key=entity_id.encode(), value=json.dumps(redirect).encode())


@dataclass(frozen=True, slots=True)
class _Where:
    topic: str
    partition: int
    offset: int


async def dead_letter(channels: Channels, msg: Any, key: Any, value: Any, error: Exception) -> None:
    log.warning("dead letter %s[%s]@%s: %s", msg.topic, msg.partition, msg.offset, type(error).__name__)
    metrics.dead_letter(msg.topic, error)
    headers = dead_letter_headers(msg.topic, msg.partition, msg.offset, error)
    await channels.dead_letters.send(key=key, value=value, headers=headers)


def register_agents(app: Any, channels: Channels, dedupe: MutableMapping[str, Any], resolving: Resolving,
                    ingestor: Ingestor, decode_judgement: Callable[[bytes], dict[str, Any]],
                    gaps: Gaps | None = None) -> tuple[Any, Any, Any]:
    """Attach the three agents to ``app``; returns them (for ``test_context``)."""

    async def handle(topic: str, partition: int, offset: int, key: bytes | None, value: bytes | None,
                     produced_ms: int | None) -> Any:
        outcome = ingestor.process(value, _text(key), (topic, partition, offset), produced_ms, dedupe)
        metrics.event_in(topic, outcome.decision)
        if outcome.error is not None:
            await dead_letter(channels, _Where(topic, partition, offset), key, value, outcome.error)
        elif outcome.memory is not None and outcome.key is not None:
            # send first: a crash before the mark below replays the message, never loses it
            for command in outcome.commands:
                await channels.records.send(key=command.key.encode(), value=command.value, partition=command.partition)
            dedupe[outcome.key] = outcome.memory
        return outcome.decision

    async def ingest(stream: Any) -> Any:
        async for event in stream.events():
            msg = event.message
            if gaps is not None:
                for raw in await gaps.skipped(msg.topic, msg.partition, msg.offset):
                    await handle(msg.topic, msg.partition, raw.offset, raw.key, raw.value, raw.timestamp_ms)
                    gaps.done(msg.topic, msg.partition, raw.offset, "ingest", read_back=True)
            produced_ms = int(msg.timestamp * 1000) if msg.timestamp else None
            decision = await handle(msg.topic, msg.partition, msg.offset, event.key, event.value, produced_ms)
            if gaps is not None:
                gaps.done(msg.topic, msg.partition, msg.offset, "ingest")
            yield decision

    async def judge(where: _Where, key: bytes | None, value: bytes | None, produced_ms: int | None) -> str | None:
        try:
            command = commands.judge(decode_judgement(value or b""), produced_ms)
        except Exception as exc:  # noqa: BLE001 - any bad judgement is a dead letter, the stream goes on
            await dead_letter(channels, where, key, value, exc)
            return None
        await channels.records.send(key=command.key.encode(), value=command.value, partition=command.partition)
        return command.key

    async def judgements(stream: Any) -> Any:
        async for event in stream.events():
            msg = event.message
            if gaps is not None:
                for raw in await gaps.skipped(msg.topic, msg.partition, msg.offset):
                    await judge(_Where(msg.topic, msg.partition, raw.offset), raw.key, raw.value, raw.timestamp_ms)
                    gaps.done(msg.topic, msg.partition, raw.offset, "judgements", read_back=True)
            produced_ms = int(msg.timestamp * 1000) if msg.timestamp else None
            judged = await judge(_Where(msg.topic, msg.partition, msg.offset), event.key, event.value, produced_ms)
            if gaps is not None:
                gaps.done(msg.topic, msg.partition, msg.offset, "judgements")
            yield judged

    async def fold(batch: list[Any]) -> int:
        """Fold every command of ``batch``, then send each changed entity's document once; the number sent."""
        loop = asyncio.get_running_loop()
        touched: dict[int, tuple[Partition, Any]] = {}
        for event in batch:
            msg = event.message
            part = resolving.partition(msg.partition, msg.offset)
            touched[msg.partition] = (part, event)
            if msg.offset > part.next_offset:
                start = part.next_offset
                for caught in await loop.run_in_executor(None, resolving.catch_up, part, msg.offset):
                    await send_emission(channels, caught)
                if gaps is not None:
                    for offset in range(start, msg.offset):
                        gaps.ack(msg.topic, msg.partition, offset)
                log.info("records[%s]: caught up from offset %s to %s", part.number, start, msg.offset)
            refused = part.apply(event.value or b"", msg.offset, emit=False).error
            if refused is not None:
                await dead_letter(channels, msg, event.key, event.value, refused)
            if gaps is not None:
                gaps.progress.done((msg.topic, msg.partition), msg.offset, "resolve")
        sent = 0
        now = loop.time()
        for part, last in touched.values():
            metrics.resolver_changed(part)
            if resolving.holds(part, now):
                continue
            for emission in part.drain():
                await send_emission(channels, emission)
                sent += len(emission)
            resolving.sent[part.number] = part.next_offset
            if resolving.snapshot_due(part):
                if resolving.flush is not None:
                    await resolving.flush()  # everything the snapshot covers is delivered before it exists
                with handling(last):
                    resolving.take_snapshot(part)
        return sent

    async def resolve(stream: Any) -> Any:
        loop = asyncio.get_running_loop()
        # A batch folds every command it holds first and then sends each changed entity's document once, as it
        # is after the batch (at the version of the last command that changed it): under load a busy entity is
        # rendered and indexed once per batch instead of once per command, or once per ``hold`` while more of the
        # log is waiting (``Resolving.holds``). Faust acks the batch after this.
        # While a batch is folded and sent the agent is busy, so the sweeper leaves the records log alone.
        async for batch in stream.take_events(resolving.batch, within=resolving.within):
            started = loop.time()
            with gaps.progress.batch("resolve") if gaps is not None else nullcontext():
                sent = await fold(batch)
            metrics.batch_handled("resolve", len(batch), loop.time() - started)
            yield sent

    return (
        app.agent(channels.agency, name="ingest")(ingest),
        app.agent(channels.judgements, name="judgements")(judgements),
        app.agent(channels.records, name="resolve")(resolve),
    )
