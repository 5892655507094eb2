"""Publishing jobs behind ``enlace publish`` and ``enlace simulate``: files or the simulator to agency topics."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from producers.files import Line, read_lines
from producers.ratelimit import TokenBucket
from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from deploy.settings import Settings
    from producers.client import AgencyProducer

EVENT_NAMESPACE = uuid.UUID("6f1c1f52-5b1e-4c55-9f8e-2f0c7a5d3b10")
"""Namespace of deterministic event ids: re-publishing a file repeats its event ids, so the stream drops them."""

Progress = Callable[[int], None]


@dataclass(slots=True)
class PublishReport:
    """What a publish run did."""

    lines: int = 0
    records: int = 0
    events: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    delivery_failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.delivery_failures


def agency_of(record: dict[str, Any], override: str | None) -> str:
    """The agency feed a record goes to: the override, its source if that is an agency, else partners."""
    from deploy.settings import AGENCIES

    if override:
        return override
    source = record.get("source")
    return source if source in AGENCIES else "partners"


def entity_report(records: list[dict[str, Any]], agency: str, source_record_id: str) -> dict[str, Any]:
    """An ``entity_report`` event for canonical records, with an id derived from its content's identity."""
    from producers.events import build_event

    version = int(records[0].get("source_version") or 1)
    event_id = str(uuid.uuid5(EVENT_NAMESPACE, f"{agency}:{source_record_id}:{version}"))
    clean = [{**r, "source": r.get("source") or agency} for r in records]
    for r in clean:
        r.pop("source_version", None)
    event: dict[str, Any] = build_event(agency=agency, event_type="entity_report", source_record_id=source_record_id,
                                        records=clean, source_version=version, event_id=event_id)
    return event


def events_from_lines(lines: Iterable[Line], agency: str | None = None, group_by: str | None = None,
                      ) -> Iterator[tuple[Line, dict[str, Any] | None, str | None, int]]:
    """(last line, event or None, error, records in it): full events pass through; records become entity reports.

    With ``group_by``, consecutive records sharing that field's value (and agency) go in one event.
    """
    group: list[dict[str, Any]] = []
    group_key: tuple[str, str] | None = None
    last: Line | None = None

    def flush_group() -> Iterator[tuple[Line, dict[str, Any] | None, str | None, int]]:
        assert last is not None and group_key is not None
        try:
            yield last, entity_report(group, group_key[0], group_key[1]), None, len(group)
        except (EnlaceError, ValueError, TypeError, KeyError) as exc:
            yield last, None, f"{type(exc).__name__}: {exc}", len(group)

    for line in lines:
        if line.item is None:
            yield line, None, line.error, 0
            continue
        if line.is_event:
            yield _checked(line)
            continue
        record = line.item
        rec_agency = agency_of(record, agency)
        key_value = str(record.get(group_by) or record["record_id"]) if group_by else str(record["record_id"])
        key = (rec_agency, key_value)
        if group and key != group_key:
            yield from flush_group()
            group = []
        group.append(record)
        group_key, last = key, line
        if not group_by:
            yield from flush_group()
            group = []
    if group:
        yield from flush_group()


def _checked(line: Line) -> tuple[Line, dict[str, Any] | None, str | None, int]:
    """A full event line, validated so a bad one is reported here rather than dead-lettered downstream."""
    from schemas.errors import InvalidEvent
    from schemas.validate import validate_event

    assert line.item is not None
    try:
        validate_event(line.item)
    except InvalidEvent as exc:
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in exc.errors[:3])
        return line, None, f"invalid event: {detail or exc}", 0
    return line, line.item, None, len(_records_in(line.item))


def publish_file(settings: Settings, path: str | Path, *, agency: str | None = None, fmt: str | None = None,
                 group_by: str | None = None, producer: AgencyProducer | None = None,
                 on_progress: Progress | None = None, on_reject: Callable[[int, str], None] | None = None,
                 flush_timeout: float = 60.0) -> PublishReport:
    """Publish a file of canonical records (as entity reports) or events to the agency topics."""
    from producers.client import AgencyProducer, DeliveryError

    report = PublishReport()
    start = time.perf_counter()
    producer = producer or AgencyProducer(settings)
    for line, event, error, n_records in events_from_lines(read_lines(path, fmt), agency, group_by):
        report.lines = max(report.lines, line.number)
        if on_progress:
            on_progress(line.size)
        if event is not None:
            try:
                producer.publish(event)
            except (EnlaceError, ValueError, TypeError, KeyError) as exc:  # the codec refused it
                error = f"{type(exc).__name__}: {exc}"
            else:
                report.events += 1
                report.records += n_records
                continue
        report.rejected.append((line.number, error or "unknown error"))
        if on_reject:
            on_reject(line.number, error or "unknown error")
    try:
        producer.flush(flush_timeout)
    except DeliveryError as exc:
        report.delivery_failures = [f"{f.topic}[{f.key}]: {f.error}" for f in exc.failures]
        if exc.undelivered:
            report.delivery_failures.append(f"{exc.undelivered} messages still queued at timeout")
    report.seconds = time.perf_counter() - start
    return report


def _records_in(event: dict[str, Any]) -> list[Any]:
    """The record dicts in an event's payload slots (persons, traveller, firearm, ...)."""
    from schemas.layout import layout

    payload = event.get("payload") or {}
    out: list[Any] = []
    for slot in layout(str(event["event_type"])).slots:
        value = payload.get(slot.field)
        out += value if isinstance(value, list) else [] if value is None else [value]
    return out


@dataclass(slots=True)
class SimulationReport:
    events: int = 0
    records: int = 0
    seconds: float = 0.0
    delivery_failures: list[str] = field(default_factory=list)
    unplaced: list[tuple[str, int, str | None]] = field(default_factory=list)
    """Messages Kafka confirmed without an offset (``AgencyProducer.unplaced``)."""

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def simulate(settings: Settings, *, events: int, rate: float = 0.0, seed: int = 0, truth_out: str | Path | None = None,
             producer: AgencyProducer | None = None, on_progress: Progress | None = None,
             clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
             flush_timeout: float = 60.0) -> SimulationReport:
    """Publish ``events`` simulated events paced at ``rate`` per second (0 = as fast as possible)."""
    from producers.client import AgencyProducer, DeliveryError
    from producers.simulator.scenario import simulate_events

    report = SimulationReport()
    producer = producer or AgencyProducer(settings)
    bucket = TokenBucket(rate, clock=clock, sleep=sleep)
    truth_file = open(truth_out, "w", encoding="utf-8") if truth_out else None
    start = time.perf_counter()
    try:
        for sim in simulate_events(events, seed):
            bucket.acquire()
            producer.publish(sim.event)
            report.events += 1
            report.records += len(sim.truth)
            if truth_file:
                for key, entity in sim.truth.items():
                    truth_file.write(json.dumps({"record_key": key, "entity_id": entity, "story": sim.story,
                                                 "event_id": sim.event["envelope"]["event_id"]}) + "\n")
            if on_progress:
                on_progress(1)
        producer.flush(flush_timeout)
    except DeliveryError as exc:
        report.delivery_failures = [f"{f.topic}[{f.key}]: {f.error}" for f in exc.failures]
        if exc.undelivered:
            report.delivery_failures.append(f"{exc.undelivered} messages still queued at timeout")
    finally:
        if truth_file:
            truth_file.close()
    report.unplaced = list(producer.unplaced)
    report.seconds = time.perf_counter() - start
    return report
