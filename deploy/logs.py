"""Structured logs: one JSON object per line, with message positions, never personal data or secrets.

``--log-format json`` on ``enlace worker`` and ``enlace indexer`` selects ``JsonFormatter``. A line
carries the time, level, logger, the message, the position of the message being handled
(``topic``, ``partition``, ``offset``; inside a Faust agent these come from the event itself) and
the safe fields a call passes in ``extra`` (``event_id``, ``entity_id``...). Enlace's own lines name
messages by position and errors by class, never by content. As a second line of defence the
formatter removes the value previews that libraries put into error texts (pydantic's
``input_value=``, Elasticsearch's "Preview of field's value", fastavro's datum), every quoted
literal of an exception's text, and any configured secret.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deploy.settings import Settings

class LogFormat(str, Enum):
    """``--log-format``: human text (the default) or JSON lines."""

    TEXT = "text"
    JSON = "json"


SAFE_FIELDS = ("event_id", "topic", "partition", "offset", "agent", "stage", "component", "entity_id",
               "error_class", "count", "attempt", "index", "group")
"""``extra`` keys copied into a JSON line (anything else passed in ``extra`` is left out)."""
REDACTED = "<redacted>"
_PREVIEWS = (
    (re.compile(r"input_value=.*?(?=, input_type=|\]$|\]\n|$)", re.MULTILINE), f"input_value={REDACTED}"),
    (re.compile(r"(Preview of field's value: )('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S+)"), rf"\1{REDACTED}"),
    (re.compile(r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S+)( \(type <class '[^']*'>\) do not match)"),
     rf"{REDACTED}\1"),
)
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value in ``settings`` (SASL password, API key, registry credentials)."""
    from pydantic import SecretStr

    found = []
    for group_name in type(settings).model_fields:
        group = getattr(settings, group_name)
        for field_name in type(group).model_fields:
            value = getattr(group, field_name)
            if isinstance(value, SecretStr) and value.get_secret_value():
                found.append(value.get_secret_value())
                if ":" in value.get_secret_value():  # "id:key" API keys: the key alone is secret too
                    found.extend(part for part in value.get_secret_value().split(":") if len(part) >= 8)
    return found


def scrub(text: str, secrets: Iterable[str] = (), quoted: bool = False) -> str:
    """``text`` without value previews, secrets and (``quoted``) any quoted literal."""
    for pattern, replacement in _PREVIEWS:
        text = pattern.sub(replacement, text)
    if quoted:
        text = _QUOTED.sub(f"'{REDACTED}'", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line (see the module docstring for what it holds and leaves out)."""

    def __init__(self, secrets: Iterable[str] = (), component: str | None = None) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage(), self.secrets),
        }
        if self.component:
            line["component"] = self.component
        for name in SAFE_FIELDS:
            value = record.__dict__.get(name)
            if isinstance(value, (str, int, float, bool)):
                line[name] = scrub(value, self.secrets) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            line["error_class"] = record.exc_info[0].__name__
            line["traceback"] = scrub(self.formatException(record.exc_info), self.secrets, quoted=True)
        return json.dumps(line, ensure_ascii=False, default=str)


class EventPosition(logging.Filter):
    """Adds the topic, partition and offset of the message a Faust agent is handling, when there is one."""

    def filter(self, record: logging.LogRecord) -> bool:
        faust = sys.modules.get("faust")
        if faust is None or "offset" in record.__dict__:
            return True
        try:
            event = faust.current_event()
        except Exception:  # noqa: BLE001 - outside an agent there is no event
            event = None
        message = getattr(event, "message", None)
        if message is not None:
            record.topic, record.partition, record.offset = message.topic, message.partition, message.offset
        return True


def logging_config(log_format: str | LogFormat, level: str, secrets: Iterable[str] = (), component: str | None = None,
                   stream: str = "ext://sys.stderr") -> dict[str, Any] | None:
    """A ``logging.config.dictConfig`` dict writing JSON lines to ``stream``; None for the human text format."""
    if LogFormat(log_format) is LogFormat.TEXT:
        return None
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"position": {"()": EventPosition}},
        "formatters": {"json": {"()": JsonFormatter, "secrets": list(secrets), "component": component}},
        "handlers": {"json": {"class": "logging.StreamHandler", "stream": stream, "formatter": "json",
                              "filters": ["position"]}},
        "root": {"level": level.upper(), "handlers": ["json"]},
    }
