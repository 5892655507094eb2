"""Index dead letters: refused ``entities`` messages, copied unchanged with headers saying why."""

from __future__ import annotations

from datetime import datetime

from consumers.batch import Failure
from consumers.errors import IndexingError
from streams.dlq import Headers, dead_letter_headers

INDEX_STATUS = "enlace.index.status"
INDEX_ERROR_TYPE = "enlace.index.error_type"
INDEX_ATTEMPTS = "enlace.index.attempts"


def index_dead_letter_headers(failure: Failure, failed_at: datetime | None = None) -> Headers:
    """The stream's dead-letter headers (origin, error class and message, time) plus the bulk status and type."""
    message = failure.message
    error = IndexingError(f"{failure.error_type}: {failure.reason}")
    return [
        *dead_letter_headers(message.topic, message.partition, message.offset, error, failed_at),
        (INDEX_STATUS, str(failure.status).encode()),
        (INDEX_ERROR_TYPE, failure.error_type.encode()),
        (INDEX_ATTEMPTS, str(failure.attempts).encode()),
    ]
