"""``enlace replay``: rebuild all derived state as generation N+1 beside the live one, then swap the alias.

The inputs (agency topics, judgements) are retained and shared; generation N+1 gets its own records
log, entities topic, changelogs, consumer groups (``streams.topology``) and index
(``consumers.generations``). First an ordered backfill (``streams.backfill``) writes N+1's records log
from every input message present when the replay started, in one deterministic order, so replaying
the same inputs always gives the same entities at the same versions. A worker and an indexer of
generation N+1 then run as child processes until they have resolved and indexed it, stage by stage
(ingest and judgements, then resolve, then index). One ``_aliases`` request then moves search from N's index to
N+1's: searches see one or the other, never neither. The alias is where the live generation is
recorded: the index it points at names it.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consumers.generations import live_generation as aliased_generation
from consumers.generations import swap_actions
from deploy.settings import Settings
from schemas.errors import EnlaceError

if TYPE_CHECKING:
    import subprocess

    from elasticsearch import Elasticsearch

    from deploy.lag import PartitionLag

Say = Callable[[str], None]
Offsets = dict[tuple[str, int], int]


class ReplayError(EnlaceError):
    """The replay could not finish; the live generation and the alias are untouched."""


@dataclass(frozen=True, slots=True)
class ReplayReport:
    previous: int
    """The generation search read before the swap."""
    generation: int
    previous_indices: tuple[str, ...]
    index: str
    messages: int
    """Input messages (agency events and judgements) the new generation consumed to catch up."""
    documents: int
    """Entity documents searchable in the new index at the swap."""
    seconds: float


@dataclass(frozen=True, slots=True)
class DropReport:
    generation: int
    topics: tuple[str, ...]
    groups: tuple[str, ...]
    index: str


def with_generation(settings: Settings, generation: int) -> Settings:
    """``settings`` running ``generation``: every derived topic, group and index name follows."""
    return settings.model_copy(update={"stream": settings.stream.model_copy(update={"generation": generation})})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def beside(settings: Settings) -> Settings:
    """Worker settings that can run on the same host as the live generation's worker (own web port, data dir)."""
    stream = settings.stream
    data_dir = stream.data_dir.with_name(f"{stream.data_dir.name}-g{stream.generation}")
    return settings.model_copy(update={"stream": stream.model_copy(update={"web_port": _free_port(), "data_dir": data_dir})})


def aliased_indices(client: Elasticsearch, alias: str) -> list[str]:
    """The indices the alias points at now (none if it doesn't exist)."""
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias))


def live_generation(settings: Settings, client: Elasticsearch) -> tuple[int, list[str]]:
    """The generation search reads (named by the index behind the alias; 1 without one) and those indices."""
    alias = settings.elastic.entities_alias
    indices = aliased_indices(client, alias)
    return aliased_generation(alias, indices), indices


# Progress: pure functions of lag rows.

def ends(rows: Iterable[PartitionLag]) -> Offsets:
    """Each partition's end offset now: the target a stage must reach."""
    return {(row.topic, row.partition): row.end for row in rows}


def behind(rows: Iterable[PartitionLag], targets: Offsets) -> int:
    """Messages before ``targets`` the group has not consumed and committed (a missing partition counts whole)."""
    position = {(row.topic, row.partition): row.end - row.lag for row in rows}  # committed, or the log start
    return sum(max(0, target - position.get(tp, 0)) for tp, target in targets.items())


def _rows(read: Callable[[], list[PartitionLag]], deadline: float) -> list[PartitionLag]:
    """Lag rows, asking again while the group's coordinator is still loading."""
    from deploy.lag import LagUnavailable

    while True:
        try:
            return read()
        except LagUnavailable:
            if time.monotonic() >= deadline:
                raise ReplayError("Kafka could not report the new generation's offsets before the deadline") from None
            time.sleep(0.5)  # polling the coordinator against the deadline


def _wait_stage(stage: str, read: Callable[[], list[PartitionLag]], targets: Offsets | None, deadline: float,
                processes: dict[str, subprocess.Popen[bytes]], logs: Path, say: Say) -> None:
    """Poll until the stage's group has committed up to ``targets`` (default: its end offsets now).

    Fails if a child process exits or the deadline passes.
    """
    last_said = 0.0
    while True:
        rows = _rows(read, deadline)
        targets = ends(rows) if targets is None else targets
        left = behind(rows, targets)
        if left == 0:
            say(f"  {stage}: caught up")
            return
        for name, process in processes.items():
            if process.poll() is not None:
                raise ReplayError(f"the {name} of the new generation exited ({process.returncode}) during {stage}; "
                                  f"see {logs}")
        now = time.monotonic()
        if now >= deadline:
            raise ReplayError(f"{stage} still {left} messages behind at the deadline; see {logs}")
        if now - last_said >= 10.0:
            say(f"  {stage}: {left} messages to go")
            last_said = now
        time.sleep(0.5)  # polling Kafka's committed offsets against the deadline above


def replay(settings: Settings, timeout: float, say: Say = lambda _: None, logs: Path | None = None) -> ReplayReport:
    """Build generation N+1 from the retained inputs, wait until it has caught up, then swap the alias to it.

    On failure (timeout, a child process exiting) the alias stays on generation N and N+1's topics,
    groups and unaliased index remain: running the replay again resumes from where they are.
    """
    from consumers.elastic import make_client
    from consumers.mappings import ensure_index
    from deploy.lag import group_lag
    from deploy.processes import running
    from streams.topology import ensure_topology, topology

    started = time.monotonic()
    deadline = started + timeout
    client = make_client(settings)
    alias = settings.elastic.entities_alias
    previous, old = live_generation(settings, client)
    target = beside(with_generation(settings, previous + 1))
    n = target.stream.generation
    logs = logs or Path(settings.stack.home) / "logs"
    say(f"Search reads generation {previous} ({', '.join(old) or 'no index yet'}); building generation {n}.")
    ensure_topology(target)
    index = ensure_index(client, target, attach_alias=False)
    t = topology(target)
    inputs = [*t.agency_topics, t.judgements]
    start_rows = _rows(lambda: group_lag(target, t.group, inputs), deadline)
    input_targets = ends(start_rows)
    messages = behind(start_rows, input_targets)
    say(f"Replaying {messages} input messages into {t.records}, {t.entities} and {index} (logs in {logs}).")
    if all(row.committed is None for row in start_rows):
        _ordered_backfill(target, input_targets, say)
    with running(["worker"], target, logs / f"replay-g{n}-worker.log") as worker, \
            running(["indexer"], target, logs / f"replay-g{n}-indexer.log") as indexer:
        processes = {"worker": worker, "indexer": indexer}
        _wait_stage("ingest and judgements", lambda: group_lag(target, t.group, inputs), input_targets,
                    deadline, processes, logs, say)
        # A stage commits an offset only once what it produced from it was delivered, so the next stage's
        # end offsets, read now, cover everything the inputs up to their targets led to.
        _wait_stage("resolve", lambda: group_lag(target, t.group, [t.records]), None, deadline, processes, logs, say)
        _wait_stage("index", lambda: group_lag(target, t.indexer_group, [t.entities]), None,
                    deadline, processes, logs, say)
        client.indices.refresh(index=index)
        documents = int(client.count(index=index)["count"])
        client.indices.update_aliases(body={"actions": swap_actions(alias, old, index)})
    report = ReplayReport(previous, n, tuple(old), index, messages, documents, time.monotonic() - started)
    say(f"Swapped {alias} to {index}: {documents} entities from {messages} input messages in {report.seconds:.1f} s.")
    return report


def _ordered_backfill(target: Settings, input_targets: Offsets, say: Say) -> None:
    """Write generation N+1's records log from the inputs in one deterministic order (``streams.backfill``)."""
    from streams.backfill import backfill
    from streams.catchup import end_offsets
    from streams.topology import RECORD_PARTITIONS, topology

    records = topology(target).records
    if any(end_offsets(target, records, RECORD_PARTITIONS)):
        raise ReplayError(f"{records} already holds commands but generation {target.stream.generation} never "
                          f"committed: an earlier replay stopped during its backfill. Drop it first "
                          f"(enlace replay --drop-generation {target.stream.generation}), then replay again.")
    report = backfill(target, input_targets, say)
    say(f"  backfill: {report.inputs:,} input messages in timestamp order -> {report.commands:,} commands, "
        f"{report.dead_letters:,} dead letters ({report.seconds:.1f} s)")


# Dropping an old generation.

def generation_topics(settings: Settings, existing: Iterable[str]) -> list[str]:
    """The existing topics that belong to ``settings.stream.generation`` alone (inputs are never among them)."""
    from streams.topology import topology

    t = topology(settings)
    named = {t.records, t.entities, t.redirects, t.dead_letters, t.index_dead_letters}
    mine = re.compile(rf"{re.escape(t.group)}-(?!g\d+-)")  # Faust's changelogs and internal topics; not N-gM's
    return sorted(name for name in existing if name in named or mine.match(name))


def drop_generation(settings: Settings, generation: int, say: Say = lambda _: None, timeout: float = 60.0) -> DropReport:
    """Delete a generation's topics, consumer groups and index; refused for the generation search reads."""
    from confluent_kafka.admin import AdminClient

    from consumers.elastic import make_client
    from consumers.mappings import index_name
    from streams.topology import topology

    client = make_client(settings)
    live, indices = live_generation(settings, client)
    old = with_generation(settings, generation)
    index = index_name(old)
    if generation == live or index in indices:
        raise ReplayError(f"generation {generation} is the one search reads ({', '.join(indices)}): not dropped")
    admin = AdminClient(settings.kafka.librdkafka())
    topics = generation_topics(old, admin.list_topics(timeout=timeout).topics)
    t = topology(old)
    groups = [t.group, t.indexer_group]
    errors = _settle(admin.delete_topics(topics, operation_timeout=timeout, request_timeout=timeout) if topics else {})
    errors.update(_settle(admin.delete_consumer_groups(groups, request_timeout=timeout), missing_ok=True))
    client.indices.delete(index=index, ignore_unavailable=True)
    if errors:
        raise ReplayError(f"generation {generation} partly dropped: {errors}")
    say(f"Dropped generation {generation}: index {index}, {len(topics)} topics, groups {', '.join(groups)}.")
    return DropReport(generation, tuple(topics), tuple(groups), index)


def _settle(futures: dict[str, Any], missing_ok: bool = False) -> dict[str, str]:
    """Wait for admin futures; the errors by name (a group that never existed is fine with ``missing_ok``)."""
    errors: dict[str, str] = {}
    for name, future in futures.items():
        try:
            future.result()
        except Exception as exc:  # noqa: BLE001 - a KafkaException wrapping the broker's error
            if not (missing_ok and "GROUP_ID_NOT_FOUND" in str(exc)):
                errors[name] = str(exc)
    return errors
