"""Status values and the error message a failed start produces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deploy.stack import ServiceStatus, StackError, StackStatus

LOG = Path("/srv/enlace/logs/kafka.log")


@pytest.mark.parametrize(
    ("kafka", "elastic", "running"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_running_only_when_every_service_answers(kafka: bool, elastic: bool, running: bool) -> None:
    status = StackStatus(Path("/srv"), (ServiceStatus("kafka", 1, 9092, kafka, LOG),
                                        ServiceStatus("elastic", 2, 9200, elastic, LOG)))
    assert status.running is running


@pytest.mark.parametrize(
    ("pid", "answering", "external"),
    [(None, True, True), (7, True, False), (None, False, False), (7, False, False)],
)
def test_external_means_answering_without_our_pid(pid: int | None, answering: bool, external: bool) -> None:
    assert ServiceStatus("kafka", pid, 9092, answering, LOG).external is external


def test_to_dict_is_json() -> None:
    status = StackStatus(Path("/srv"), (ServiceStatus("elastic", None, 9200, True, LOG, "7.10.2"),))
    assert json.loads(json.dumps(status.to_dict())) == {
        "home": "/srv",
        "running": True,
        "services": [{"name": "elastic", "pid": None, "port": 9200, "answering": True, "log": str(LOG),
                      "version": "7.10.2", "external": True}],
    }


def test_error_names_the_log_and_shows_its_tail() -> None:
    error = StackError("kafka exited while starting", LOG, "line one\nFATAL boom")
    assert str(error).splitlines() == [
        "kafka exited while starting",
        f"  log: {LOG}",
        "  last lines:",
        "    line one",
        "    FATAL boom",
    ]
    assert error.log == LOG
