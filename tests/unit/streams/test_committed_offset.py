"""``committed_offset`` asks again while the group coordinator is not there yet (just after a broker restart)."""

from __future__ import annotations

from typing import Any

import pytest
from confluent_kafka import KafkaError, KafkaException, TopicPartition

from deploy.settings import Settings
from streams import catchup


class Coordinator:
    """A consumer whose ``committed`` fails with ``errors`` (in order) before it answers ``offset``."""

    def __init__(self, errors: list[int], offset: int = 42) -> None:
        self.errors, self.offset, self.asked = list(errors), offset, 0

    def committed(self, partitions: list[TopicPartition], timeout: float) -> list[TopicPartition]:
        self.asked += 1
        if self.errors:
            raise KafkaException(KafkaError(self.errors.pop(0)))
        return [TopicPartition(tp.topic, tp.partition, self.offset) for tp in partitions]


@pytest.fixture(autouse=True)
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catchup, "RETRY_DELAY", 0.0)


def ask(consumer: Any, patience: float = 60.0) -> int | None:
    return catchup.committed_offset(Settings(), "g", "t", 0, patience=patience, consumer=consumer)


def test_not_coordinator_and_loading_are_asked_again_until_the_coordinator_answers() -> None:
    coordinator = Coordinator([KafkaError.NOT_COORDINATOR, KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
                               KafkaError.COORDINATOR_NOT_AVAILABLE, KafkaError._TIMED_OUT])
    assert ask(coordinator) == 42
    assert coordinator.asked == 5


def test_a_group_that_never_committed_reads_none() -> None:
    assert ask(Coordinator([KafkaError.NOT_COORDINATOR], offset=-1001)) is None


def test_an_error_that_does_not_pass_by_itself_is_raised_at_once() -> None:
    coordinator = Coordinator([KafkaError.GROUP_AUTHORIZATION_FAILED])
    with pytest.raises(KafkaException):
        ask(coordinator)
    assert coordinator.asked == 1


def test_a_transient_error_is_raised_once_patience_runs_out() -> None:
    coordinator = Coordinator([KafkaError.NOT_COORDINATOR] * 1000)
    with pytest.raises(KafkaException):
        ask(coordinator, patience=0.0)
    assert coordinator.asked == 1
