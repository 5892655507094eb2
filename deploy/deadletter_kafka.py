"""Dead letters in Kafka: read them and the replay ledger, re-publish, and record what was replayed.

The Kafka shell around ``deploy.deadletters`` (pure). See that module for why replay is idempotent:
a compacted ledger topic ``<dead-letters topic>.replayed`` keyed by the dead letter's position.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from deploy.deadletters import (
    LEDGER_SUFFIX,
    DeadLetter,
    DeadLetterError,
    ReplayPlan,
    ReplayReport,
    ledger_entry,
    missing,
    parse_fixes,
    plan_replay,
    select,
)

if TYPE_CHECKING:
    from deploy.settings import Settings


def ledger_topic(dead_letters_topic: str) -> str:
    return f"{dead_letters_topic}{LEDGER_SUFFIX}"


def read_topic(settings: Settings, topic: str, start: int | None = None, limit: int | None = None,
               timeout: float = 60.0, missing_ok: bool = False) -> Iterator[DeadLetter]:
    """The messages of ``topic`` from ``start`` (default: its beginning) up to its end when reading began."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({**settings.kafka.librdkafka(), "group.id": "enlace-dlq", "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "enable.partition.eof": False})
    try:
        metadata = consumer.list_topics(topic, timeout=timeout).topics.get(topic)
        if metadata is None or metadata.error is not None:
            if missing_ok:
                return
            raise DeadLetterError(f"topic {topic} does not exist (no worker has run with these settings yet?)")
        ends: dict[int, int] = {}
        assignment = []
        for p in sorted(metadata.partitions):
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)
            first = low if start is None else max(low, start)
            if high > first:
                ends[p] = high
                assignment.append(TopicPartition(topic, p, first))
        if not assignment:
            return
        consumer.assign(assignment)
        deadline = time.monotonic() + timeout
        yielded = 0
        while ends:
            if time.monotonic() > deadline:
                raise DeadLetterError(f"{topic}: not read to its end within {timeout:.0f} s")
            for message in consumer.consume(1000, timeout=0.5):
                if message.error() is not None:
                    raise DeadLetterError(f"{topic}: {message.error()}")
                letter = _letter(topic, message)
                if letter.partition not in ends or letter.offset >= ends[letter.partition]:
                    continue
                if letter.offset + 1 >= ends[letter.partition]:
                    del ends[letter.partition]
                yield letter
                yielded += 1
                if limit is not None and yielded >= limit:
                    return
    finally:
        consumer.close()


def _letter(topic: str, message: Any) -> DeadLetter:
    kind, stamp = message.timestamp()
    headers = {str(k): (v or b"").decode("utf-8", "replace") for k, v in (message.headers() or [])}
    return DeadLetter(topic, int(message.partition()), int(message.offset()), message.key(), message.value(), headers,
                      stamp if kind else None)


def read_ledger(settings: Settings, dead_letters_topic: str, timeout: float = 60.0) -> dict[str, dict[str, Any]]:
    """Dead-letter id -> its ledger entry (empty when nothing was ever replayed)."""
    topic = ledger_topic(dead_letters_topic)
    entries: dict[str, dict[str, Any]] = {}
    for message in read_topic(settings, topic, timeout=timeout, missing_ok=True):
        if message.key is not None and message.value is not None:
            entries[message.key.decode()] = json.loads(message.value)
    return entries


def ensure_ledger(settings: Settings, dead_letters_topic: str) -> None:
    from producers.admin import TopicSpec, ensure_topics

    ensure_topics(settings, [TopicSpec(ledger_topic(dead_letters_topic), 1,
                                       {"cleanup.policy": "compact", "retention.ms": "-1"})])


def replayable_topics(settings: Settings) -> list[str]:
    """The topics the stream reads, where a dead letter may go back: agency feeds, judgements, records log."""
    from streams.topology import topology

    t = topology(settings)
    return [*t.agency_topics, t.judgements, t.records]


def execute(settings: Settings, plan: ReplayPlan, dead_letters_topic: str, timeout: float = 30.0) -> ReplayReport:
    """Send the plan's messages, wait for every acknowledgement, then write their ledger entries."""
    from confluent_kafka import Producer

    from producers.client import PRODUCER_DEFAULTS

    report = ReplayReport.of(plan)
    if not plan.sends:
        return report
    ensure_ledger(settings, dead_letters_topic)
    producer = Producer({**settings.kafka.librdkafka(), **PRODUCER_DEFAULTS, "linger.ms": 5})
    delivered: dict[int, int] = {}
    errors: list[str] = []

    def on_delivery(index: int) -> Callable[[Any, Any], None]:
        def done(err: Any, msg: Any) -> None:
            if err is not None:
                errors.append(f"{plan.sends[index].letter.id}: {err}")
            else:
                delivered[index] = msg.offset()
        return done

    for i, send in enumerate(plan.sends):
        producer.produce(send.topic, value=send.value, key=send.key, partition=send.partition, headers=send.headers,
                         on_delivery=on_delivery(i))
    producer.flush(timeout)
    # only what the broker acknowledged goes in the ledger; a failed send stays replayable
    entries = [ledger_entry(send, delivered[i]) for i, send in enumerate(plan.sends) if i in delivered]
    ledger = ledger_topic(dead_letters_topic)

    def recorded(err: Any, msg: Any) -> None:
        if err is not None:
            errors.append(f"ledger entry {msg.key().decode()} not written: {err}")

    for entry in entries:
        producer.produce(ledger, key=entry["dead_letter"].encode(), value=json.dumps(entry).encode(),
                         on_delivery=recorded)
    remaining = producer.flush(timeout)
    report.replayed = entries
    report.errors = errors + ([f"{remaining} message(s) still queued after {timeout:.0f} s"] if remaining else [])
    return report


def decoder(settings: Settings) -> Callable[[str, bytes], Any]:
    """``(source topic, payload) -> JSON``: agency events through the event codec, anything else as JSON."""
    from schemas.codec import make_codec
    from streams.ingest import plain
    from streams.topology import topology

    agency = set(topology(settings).agency_topics)
    codec = make_codec(settings)

    def decode(topic: str, value: bytes) -> Any:
        return plain(codec.decode(value)) if topic in agency else json.loads(value)
    return decode


def encoder(settings: Settings) -> Callable[[str | None, Mapping[str, Any]], bytes]:
    """``(source topic, JSON) -> payload``, the inverse of ``decoder``: events for agency topics, JSON otherwise."""
    from schemas.codec import make_codec
    from streams.topology import topology

    agency = set(topology(settings).agency_topics)
    codec = make_codec(settings)

    def encode(topic: str | None, event: Mapping[str, Any]) -> bytes:
        if topic is None or topic in agency:
            return codec.encode(event)
        return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()
    return encode


def dead_letters_topic(settings: Settings, index: bool = False) -> str:
    """The stream's dead-letter topic, or with ``index`` the indexer's (refused entity documents)."""
    from streams.topology import topology

    t = topology(settings)
    return t.index_dead_letters if index else t.dead_letters


def replay(settings: Settings, reasons: Iterable[str] = (), positions: Iterable[tuple[int, int]] = (),
           fix_lines: Iterable[str] | None = None, dry_run: bool = False) -> tuple[ReplayPlan, ReplayReport]:
    """Re-publish the stream's dead letters, each at most once, and say what was done.

    The dead letters replayed are those with one of ``reasons`` (any when empty) among the positions of
    ``positions`` and of the fix file (any when both are empty). Fixed ones carry the fix file's payload,
    the others their original bytes. With ``dry_run`` nothing is sent.
    """
    topic = dead_letters_topic(settings)
    letters = list(read_topic(settings, topic, missing_ok=True))
    sources = {(letter.partition, letter.offset): letter.source_topic for letter in letters}
    fixes = parse_fixes(fix_lines, encoder(settings), sources) if fix_lines is not None else {}
    asked = list(dict.fromkeys([*positions, *fixes]))
    plan = plan_replay(select(letters, reasons, asked), read_ledger(settings, topic), replayable_topics(settings),
                       fixes)
    plan.missing = missing(letters, asked)
    if dry_run:
        return plan, ReplayReport.of(plan)
    return plan, execute(settings, plan, topic)

