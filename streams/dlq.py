"""Dead letters: the headers that say where a bad message came from and why it was refused."""

from __future__ import annotations

from datetime import datetime, timezone

Headers = list[tuple[str, bytes]]

ORIGINAL_TOPIC = "enlace.original.topic"
ORIGINAL_PARTITION = "enlace.original.partition"
ORIGINAL_OFFSET = "enlace.original.offset"
ERROR_CLASS = "enlace.error.class"
ERROR_MESSAGE = "enlace.error.message"
FAILED_AT = "enlace.failed_at"
MAX_MESSAGE = 4000


def dead_letter_headers(
    topic: str, partition: int, offset: int, error: BaseException, failed_at: datetime | None = None
) -> Headers:
    """Headers for the dead-letter copy of the message at ``topic[partition]@offset`` refused with ``error``."""
    when = (failed_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return [
        (ORIGINAL_TOPIC, topic.encode()),
        (ORIGINAL_PARTITION, str(partition).encode()),
        (ORIGINAL_OFFSET, str(offset).encode()),
        (ERROR_CLASS, type(error).__name__.encode()),
        (ERROR_MESSAGE, (str(error) or repr(error))[:MAX_MESSAGE].encode("utf-8", "replace")),
        (FAILED_AT, when.isoformat(timespec="milliseconds").encode()),
    ]


def headers_dict(headers: Headers | dict[str, bytes] | None) -> dict[str, str]:
    """Headers as ``{name: text}``, whatever shape the client returned them in."""
    items = headers.items() if isinstance(headers, dict) else (headers or [])
    return {name: (value or b"").decode("utf-8", "replace") for name, value in items}
