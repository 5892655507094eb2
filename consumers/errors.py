"""Indexing errors: bulk items Elasticsearch refused, with a sample to read."""

from __future__ import annotations

from typing import Any

from schemas.errors import EnlaceError

SAMPLE_SIZE = 5


class IndexingError(EnlaceError):
    """Documents that could not be indexed; ``items`` holds a sample of the failed bulk items."""

    def __init__(self, message: str, items: list[dict[str, Any]] | None = None, total: int | None = None) -> None:
        items = items or []
        self.total = len(items) if total is None else total
        self.items = items[:SAMPLE_SIZE]
        super().__init__(f"{message} ({self.total} item(s); first: {self.items[:1]})" if self.items else message)
