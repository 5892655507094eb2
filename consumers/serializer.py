"""The Elasticsearch client's JSON serializer, encoding and decoding with orjson (bulk bodies are the indexer's hot path)."""

from __future__ import annotations

from typing import Any

import orjson
from elasticsearch.serializer import JSONSerializer

# Datetimes and dataclasses go to ``default`` as with the stdlib serializer (ISO strings; dataclasses refused).
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class OrjsonSerializer(JSONSerializer):
    """The stock ``JSONSerializer`` (compact, non-ASCII kept), with orjson doing the work.

    What orjson refuses (integers beyond 64 bits, non-string keys, invalid strings, NaN on input)
    falls back to the stock serializer, so anything it accepted before is still accepted.
    """

    def dumps(self, data: Any) -> Any:
        if isinstance(data, str):
            return data
        try:
            return orjson.dumps(data, default=self.default, option=_OPTIONS).decode()
        except TypeError:  # orjson.JSONEncodeError included
            return super().dumps(data)

    def loads(self, s: Any) -> Any:
        try:
            return orjson.loads(s)
        except (orjson.JSONDecodeError, TypeError):
            return super().loads(s)
