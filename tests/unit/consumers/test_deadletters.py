"""Index dead-letter headers: where the message came from, why it was refused, after how many tries."""

from __future__ import annotations

from datetime import datetime, timezone

from consumers.batch import Failure, Message
from consumers.deadletters import index_dead_letter_headers
from consumers.errors import IndexingError


def test_headers_name_origin_reason_and_attempts() -> None:
    failure = Failure(Message("p.entities", 2, 41, b"per-a", b"{}"), 400, "mapper_parsing_exception",
                      "failed to parse field [updated_at]", attempts=4)
    headers = dict(index_dead_letter_headers(failure, datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)))
    assert headers == {
        "enlace.original.topic": b"p.entities",
        "enlace.original.partition": b"2",
        "enlace.original.offset": b"41",
        "enlace.error.class": b"IndexingError",
        "enlace.error.message": b"mapper_parsing_exception: failed to parse field [updated_at]",
        "enlace.failed_at": b"2026-01-02T03:04:05.000+00:00",
        "enlace.index.status": b"400",
        "enlace.index.error_type": b"mapper_parsing_exception",
        "enlace.index.attempts": b"4",
    }


def test_indexing_error_keeps_a_sample_and_the_total() -> None:
    items = [{"_id": f"per-{i}", "status": 400} for i in range(12)]
    error = IndexingError("refused", items, total=12)
    assert (error.total, len(error.items), error.items[0]["_id"]) == (12, 5, "per-0")
    assert "12 item(s)" in str(error) and "per-0" in str(error)
