"""Ordered backfill: a new generation's records log written in one deterministic pass over the retained inputs.

Live workers interleave the agency partitions in whatever order Faust fetches them, and resolution
depends on order, so two rebuilds by workers can differ. ``enlace replay`` instead reads every input
message present when it starts (agency topics and judgements) merged by (timestamp, topic, partition,
offset), runs each through the same ``Ingestor`` the worker runs, and writes the commands in that
order. The same retained inputs then always give the same records log, hence the same entities at the
same versions. The new generation's workers take over from there:

- the dedupe memory is written to the generation's dedupe changelog (key and partition as Faust's
  table writes them), so a later version of a source record still retracts what it dropped;
- the generation's consumer group is committed at the inputs' end offsets, so its workers ingest
  only what arrives after the backfill.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemas.errors import EnlaceError
from streams import commands
from streams.catchup import Raw
from streams.dlq import dead_letter_headers
from streams.ingest import Ingestor

if TYPE_CHECKING:
    from deploy.settings import Settings

Offsets = dict[tuple[str, int], int]


class BackfillError(EnlaceError):
    """The backfill could not write what it read (the new generation's topics must be dropped before retrying)."""


@dataclass(frozen=True, slots=True)
class Input:
    """One retained input message."""

    timestamp_ms: int
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True, slots=True)
class Output:
    """One message for the new generation: records-log command, dead letter or dedupe memory."""

    topic: str
    partition: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]] | None = None


@dataclass(slots=True)
class BackfillReport:
    inputs: int = 0
    commands: int = 0
    dead_letters: int = 0
    memories: int = 0
    seconds: float = 0.0


def in_order(partitions: Iterable[Iterable[Input]]) -> Iterator[Input]:
    """The messages of every partition merged by (timestamp, topic, partition, offset): one order, always."""
    return heapq.merge(*partitions, key=lambda m: (m.timestamp_ms, m.topic, m.partition, m.offset))


class Backfill:
    """Pure: input messages in order -> the outputs to write, with the dedupe memory kept in between."""

    def __init__(self, ingestor: Ingestor, decode_judgement: Callable[[bytes], dict[str, Any]], judgements_topic: str,
                 records_topic: str, dead_letters_topic: str, dedupe_changelog: str) -> None:
        self.ingestor, self.decode_judgement = ingestor, decode_judgement
        self.judgements_topic, self.records_topic = judgements_topic, records_topic
        self.dead_letters_topic, self.dedupe_changelog = dead_letters_topic, dedupe_changelog
        self.memory: dict[str, dict[str, Any]] = {}
        self.memory_partition: dict[str, int] = {}

    def handle(self, message: Input) -> list[Output]:
        if message.topic == self.judgements_topic:
            try:
                out = [commands.judge(self.decode_judgement(message.value or b""), message.timestamp_ms)]
            except Exception as exc:  # noqa: BLE001 - as in the worker: a bad judgement is a dead letter
                return [self._dead_letter(message, exc)]
            return [self._command(c) for c in out]
        key = message.key.decode("utf-8", "replace") if message.key is not None else None
        outcome = self.ingestor.process(message.value, key, (message.topic, message.partition, message.offset),
                                        message.timestamp_ms, self.memory)
        if outcome.error is not None:
            return [self._dead_letter(message, outcome.error)]
        if outcome.memory is None or outcome.key is None:
            return []  # a repeat: dropped, as the worker drops it
        self.memory[outcome.key] = outcome.memory
        self.memory_partition[outcome.key] = message.partition
        return [self._command(c) for c in outcome.commands]

    def memories(self) -> Iterator[Output]:
        """The dedupe memory as Faust's table would have written it: JSON key and value, the event's partition."""
        for key in sorted(self.memory):
            yield Output(self.dedupe_changelog, self.memory_partition[key], json.dumps(key).encode(),
                         json.dumps(self.memory[key]).encode())

    def _command(self, command: commands.Command) -> Output:
        return Output(self.records_topic, command.partition, command.key.encode(), command.value)

    def _dead_letter(self, message: Input, error: Exception) -> Output:
        return Output(self.dead_letters_topic, 0, message.key, message.value,
                      dead_letter_headers(message.topic, message.partition, message.offset, error))


def _inputs(settings: Settings, topic: str, partition: int, end: int) -> Iterator[Input]:
    from streams.catchup import read_range

    raw: Raw
    for raw in read_range(settings, topic, partition, 0, end):
        yield Input(raw.timestamp_ms or 0, topic, partition, raw.offset, raw.key, raw.value)


def backfill(settings: Settings, ends: Offsets, say: Callable[[str], None] = lambda _: None) -> BackfillReport:
    """Write ``settings``' generation's records log, dead letters and dedupe memory from the inputs up to ``ends``,
    then commit its consumer group there. The generation's records log must be empty."""
    from confluent_kafka import Consumer, Producer, TopicPartition

    from schemas.judgements import read_judgement
    from streams.ingest import make_ingestor
    from streams.topology import DEDUPE_TABLE, topology

    started = time.monotonic()
    t = topology(settings)
    state = Backfill(make_ingestor(settings), read_judgement,
                     t.judgements, t.records, t.dead_letters, t.changelog(DEDUPE_TABLE))
    report = BackfillReport()
    failures: list[str] = []

    def delivered(err: Any, _msg: Any) -> None:
        if err is not None:
            failures.append(str(err))

    # idempotence keeps each partition's order through retries
    producer = Producer({**settings.kafka.librdkafka(), "enable.idempotence": True, "linger.ms": 20})

    def write(out: Output) -> None:
        while True:
            try:
                producer.produce(out.topic, out.value, out.key, partition=out.partition, headers=out.headers,
                                 on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.5)  # the local queue is full: let deliveries drain it
        producer.poll(0)

    for message in in_order(_inputs(settings, topic, partition, end) for (topic, partition), end in sorted(ends.items())):
        report.inputs += 1
        for out in state.handle(message):
            write(out)
            if out.topic == t.records:
                report.commands += 1
            else:
                report.dead_letters += 1
        if report.inputs % 10_000 == 0:
            say(f"  backfill: {report.inputs:,} input messages, {report.commands:,} commands")
    for out in state.memories():
        write(out)
        report.memories += 1
    if producer.flush(120.0) or failures:
        raise BackfillError(f"the backfill could not deliver everything ({len(failures)} failures: {failures[:3]})")
    committer = Consumer({**settings.kafka.librdkafka(), "group.id": t.group, "enable.auto.commit": False})
    try:
        committer.commit(offsets=[TopicPartition(topic, partition, end) for (topic, partition), end in sorted(ends.items())],
                         asynchronous=False)
    finally:
        committer.close()
    report.seconds = time.monotonic() - started
    return report
