"""JSON log lines carry positions and ids, never the personal values of the event being handled, nor secrets."""

from __future__ import annotations

import copy
import io
import json
import logging
import logging.config
from typing import Any

import pytest
from pydantic import SecretStr

from consumers.batch import Failure, Message
from consumers.errors import IndexingError
from deploy.logs import REDACTED, JsonFormatter, logging_config, secrets_of
from deploy.settings import Settings
from producers.simulator.scenario import simulate_events
from schemas.codec import make_codec
from schemas.validate import validate_event

PERSONAL = {
    "person": ("given_name", "family_name", "date_of_birth", "id_numbers", "address", "phone"),
    "vehicle": ("plate", "vin"),
    "firearm": ("serial_number",),
}
SECTIONS = {"persons": "person", "vehicles": "vehicle", "firearms": "firearm"}


def incident() -> dict[str, Any]:
    """A simulated incident report holding a person with a date of birth, a vehicle and a firearm."""
    for sim in simulate_events(400, seed=3):
        payload = sim.event["payload"]
        if sim.event["event_type"] == "incident_report" and payload["vehicles"] and payload["firearms"] and any(
                p["date_of_birth"] for p in payload["persons"]):
            return sim.event
    raise AssertionError("the simulator made no incident with a dated person, a vehicle and a firearm")


def personal_values(event: dict[str, Any]) -> set[str]:
    """Every personal value of the event long enough to be recognised (names, dates of birth, ids, plates, serials)."""
    found: set[str] = set()
    for section, kind in SECTIONS.items():
        for record in event["payload"].get(section, []):
            for name in PERSONAL[kind]:
                values = record.get(name)
                for value in values if isinstance(values, list) else [values]:
                    if isinstance(value, str) and len(value) >= 4:
                        found.add(value)
    return found


def records_about(event: dict[str, Any]) -> list[logging.LogRecord]:
    """Log records as the pipeline's failure paths produce them while handling ``event``."""
    person = next(p for p in event["payload"]["persons"] if p["date_of_birth"])
    vehicle, firearm = event["payload"]["vehicles"][0], event["payload"]["firearms"][0]
    position = {"topic": "enlace.agency.police", "partition": 3, "offset": 1234, "event_id": event["envelope"]["event_id"]}
    out = []

    def record(msg: str, *args: Any, exc: BaseException | None = None, **extra: Any) -> None:
        item = logging.LogRecord("enlace.test", logging.WARNING, __file__, 1, msg, args,
                                 (type(exc), exc, exc.__traceback__) if exc else None)
        item.__dict__.update(extra)
        out.append(item)

    bad = copy.deepcopy(event)  # a date of birth in the wrong format: pydantic quotes the input in its error
    bad_person = next(p for p in bad["payload"]["persons"] if p["date_of_birth"])
    bad_person["date_of_birth"] = " ".join((person["date_of_birth"], person["given_name"], person["family_name"]))
    try:
        validate_event(bad)
    except Exception as exc:  # noqa: BLE001
        record("dead letter %s[%s]@%s: %s", position["topic"], 3, 1234, type(exc).__name__, exc=exc, **position)
    bad = copy.deepcopy(event)  # a plate where a number belongs: fastavro quotes the datum
    bad["payload"]["vehicles"][0]["year"] = vehicle["plate"]
    try:
        make_codec(Settings()).encode(bad)
    except Exception as exc:  # noqa: BLE001
        record("could not encode %s", exc, exc=exc, **position)
    reason = (f"failed to parse field [date_of_birth] of type [date] in document with id 'per-1'. "
              f"Preview of field's value: '{person['date_of_birth']}'")
    failure = Failure(Message("enlace.entities", 0, 7, b"per-1", b"{}"), 400, "mapper_parsing_exception", reason, 4)
    refused = IndexingError("1 entity message(s) not indexed", [failure.item()], total=1)
    record("%s", refused, entity_id="per-1")
    record("%d item(s) refused (e.g. %s); retry %d/%d in %.1fs", 1, (400, "mapper_parsing_exception", reason), 1, 3, 0.2)
    try:
        raise ValueError(f"serial {firearm['serial_number']!r} and id {person['id_numbers'] or person['given_name']!r}")
    except ValueError as exc:
        record("agent crashed", exc=exc, **position)
    return out


def test_json_lines_hold_positions_but_no_personal_value() -> None:
    event = incident()
    values = personal_values(event)
    records = records_about(event)
    plain = "\n".join(logging.Formatter("%(message)s").format(r) + (
        logging.Formatter().formatException(r.exc_info) if r.exc_info else "") for r in records)
    assert sum(value in plain for value in values) >= 3  # the raw texts do carry personal data
    formatter = JsonFormatter(component="worker")
    lines = [formatter.format(r) for r in records]
    for line in lines:
        leaked = [value for value in values if value in line]
        assert not leaked, line
    parsed = [json.loads(line) for line in lines]
    first = parsed[0]
    assert first["message"] == "dead letter enlace.agency.police[3]@1234: InvalidEvent"
    assert (first["topic"], first["partition"], first["offset"]) == ("enlace.agency.police", 3, 1234)
    assert first["event_id"] == event["envelope"]["event_id"] and first["error_class"] == "InvalidEvent"
    assert "Traceback" in first["traceback"] and REDACTED in first["traceback"]
    assert all(line["component"] == "worker" and line["level"] == "warning" for line in parsed)


def test_secrets_never_reach_a_line() -> None:
    settings = Settings(kafka={"sasl_mechanism": "SCRAM-SHA-512", "sasl_username": "enlace",
                               "sasl_password": SecretStr("s3cret-sasl-pw")},
                        elastic={"api_key": SecretStr("key-id:s3cret-api-key")})
    secrets = secrets_of(settings)
    assert {"s3cret-sasl-pw", "key-id:s3cret-api-key", "s3cret-api-key"} <= set(secrets)
    record = logging.LogRecord("enlace.test", logging.ERROR, __file__, 1, "auth failed for %s with %s", (
        "enlace", settings.kafka.librdkafka()), None)
    line = JsonFormatter(secrets).format(record)
    assert "s3cret" not in line and REDACTED in line


def test_logging_config_routes_every_logger_to_json(capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.StringIO()
    config = logging_config("json", "info", ["hunter2-secret"], component="indexer")
    assert config is not None and logging_config("text", "info") is None
    config["handlers"]["json"]["stream"] = stream
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(config)
        logging.getLogger("consumers.indexer").info("indexing into %s", "t-entities-v1", extra={"index": "t-entities-v1"})
        logging.getLogger("elasticsearch").warning("GET http://u:hunter2-secret@es:9200/ [status:N/A]")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["logger"], line["component"]) for line in lines] == [("consumers.indexer", "indexer"),
                                                                      ("elasticsearch", "indexer")]
    assert lines[0]["index"] == "t-entities-v1" and "hunter2-secret" not in lines[1]["message"]
