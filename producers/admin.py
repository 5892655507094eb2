"""Topic administration: create Enlace's topics idempotently, delete a test run's topics."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemas.errors import EnlaceError

if TYPE_CHECKING:
    from deploy.settings import Settings


class TopicError(EnlaceError):
    """A topic could not be created or deleted; ``errors`` maps topic -> broker error."""

    def __init__(self, message: str, errors: dict[str, str]) -> None:
        super().__init__(f"{message}: {errors}")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """A topic Enlace needs: name (prefix applied), partitions, and topic config."""

    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)
    replication_factor: int = -1  # the broker's default.replication.factor


FOREVER = {"retention.ms": "-1", "retention.bytes": "-1"}


def agency_topic_specs(settings: Settings) -> list[TopicSpec]:
    """One topic per agency, partitioned by ``settings.kafka.partitions``, kept forever: ``enlace replay`` rebuilds
    everything from them, so an event the broker deleted could never be fused again."""
    from deploy.settings import AGENCIES

    return [TopicSpec(settings.kafka.agency_topic(a), settings.kafka.partitions, {"cleanup.policy": "delete", **FOREVER})
            for a in AGENCIES]


JUDGEMENT_PARTITIONS = 1
"""One partition: judgements apply in the order analysts made them."""


def judgements_topic_spec(settings: Settings) -> TopicSpec:
    """The analysts' judgements topic: an input that replay re-reads, so it keeps everything."""
    return TopicSpec(settings.kafka.topic("judgements"), JUDGEMENT_PARTITIONS, {"cleanup.policy": "delete", **FOREVER})


def _admin(settings: Settings) -> Any:
    from confluent_kafka.admin import AdminClient

    return AdminClient(settings.kafka.librdkafka())


def existing_topics(settings: Settings, timeout: float = 10.0) -> set[str]:
    return set(_admin(settings).list_topics(timeout=timeout).topics)


def ensure_topics(settings: Settings, specs: list[TopicSpec], timeout: float = 30.0) -> None:
    """Create the topics that don't exist yet and wait until the metadata shows them all."""
    from confluent_kafka import KafkaError
    from confluent_kafka.admin import NewTopic  # type: ignore[attr-defined]

    admin = _admin(settings)
    present = set(admin.list_topics(timeout=timeout).topics)
    missing = [s for s in specs if s.name not in present]
    if missing:
        futures = admin.create_topics(
            [NewTopic(s.name, num_partitions=s.partitions, replication_factor=s.replication_factor, config=s.config)
             for s in missing],
            operation_timeout=timeout, request_timeout=timeout,
        )
        errors: dict[str, str] = {}
        for name, future in futures.items():
            try:
                future.result()
            except Exception as exc:  # noqa: BLE001 - a KafkaException wrapping the broker's error
                err = exc.args[0] if exc.args else exc
                if getattr(err, "code", lambda: None)() != KafkaError.TOPIC_ALREADY_EXISTS:
                    errors[name] = str(err)
        if errors:
            raise TopicError("could not create topics", errors)
    _wait_for(admin, {s.name for s in specs}, present=True, timeout=timeout)


def delete_topics(settings: Settings, prefix: str, timeout: float = 30.0) -> list[str]:
    """Delete every topic whose name starts with ``prefix`` (never an empty prefix); returns their names."""
    if not prefix:
        raise ValueError("refusing to delete topics with an empty prefix")
    admin = _admin(settings)
    names = sorted(t for t in admin.list_topics(timeout=timeout).topics if t.startswith(prefix))
    if not names:
        return []
    errors: dict[str, str] = {}
    for name, future in admin.delete_topics(names, operation_timeout=timeout, request_timeout=timeout).items():
        try:
            future.result()
        except Exception as exc:  # noqa: BLE001
            errors[name] = str(exc)
    if errors:
        raise TopicError("could not delete topics", errors)
    _wait_for(admin, set(names), present=False, timeout=timeout)
    return names


def _wait_for(admin: Any, names: set[str], *, present: bool, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        topics = admin.list_topics(timeout=timeout).topics
        pending = {n for n in names if (n in topics) != present or (present and topics[n].error is not None)}
        if not pending:
            return
        if time.monotonic() > deadline:
            state = "appear" if present else "disappear"
            raise TopicError(f"topics did not {state} within {timeout}s", {n: "pending" for n in sorted(pending)})
        time.sleep(0.1)  # polling the broker's metadata against a deadline, not synchronising on time
