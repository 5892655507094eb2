"""The orjson serializer of the Elasticsearch client writes what the stock one writes."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from elasticsearch.exceptions import SerializationError
from elasticsearch.serializer import JSONSerializer

from consumers.documents import build_action
from consumers.serializer import OrjsonSerializer

STOCK, FAST = JSONSerializer(), OrjsonSerializer()
ENTITY = {
    "entity_id": "per-1", "kind": "person", "version": 3, "display_name": "José Ñandú \"el\" López\n\t\u2028 \x01",
    "records": [{"record_key": "police/1#p0", "agency": "police", "handling": "RESTRICTED", "releasable_to": []}],
    "attributes": {"given_name": [{"value": "JOSE", "raw": "José", "sources": ["police/1#p0"]}]},
    "links": [{"score": 0.875, "other": None, "flag": True}], "big": 2**63 - 1, "neg": -(2**63),
}


@pytest.mark.parametrize("data", [
    ENTITY,
    build_action("per-1", ENTITY, "idx"),
    {"index": {"_index": "idx", "_id": "per-1", "version": 3, "version_type": "external_gte"}},
    {"at": datetime(2026, 1, 2, 3, 4, 5, 6000), "tz": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-6))),
     "day": date(2026, 1, 2), "id": uuid.UUID(int=7), "amount": Decimal("1.25")},
    {"huge": 2**70, "keys": {1: "one", None: "none"}},   # beyond orjson: the stock serializer writes them
    [1, "two", [3.5e-9, 1e16]],
])
def test_dumps_writes_the_same_text_as_the_stock_serializer(data: Any) -> None:
    fast, stock = FAST.dumps(data), STOCK.dumps(data)
    assert isinstance(fast, str)
    assert json.loads(fast) == json.loads(stock)
    if "1e16" not in stock and "e-09" not in stock:  # floats' exponents are spelled differently, same numbers
        assert fast == stock


def test_strings_pass_through_and_unserializable_values_fail_as_before() -> None:
    assert FAST.dumps('{"already": "json"}') == '{"already": "json"}'
    with pytest.raises(SerializationError):
        FAST.dumps({"x": object()})


@pytest.mark.parametrize("text", ['{"a": [1, 2.5, "é"], "b": null}', '{"n": NaN}',
                                  '{"u": 18446744073709551615, "i": -9223372036854775808}'])
def test_loads_reads_what_the_stock_serializer_reads(text: str) -> None:
    assert json.dumps(FAST.loads(text)) == json.dumps(STOCK.loads(text))


def test_loads_refuses_what_the_stock_serializer_refuses() -> None:
    with pytest.raises(SerializationError):
        FAST.loads("{not json")


def test_the_client_uses_it() -> None:
    from consumers.elastic import make_client
    from deploy.settings import Settings

    assert isinstance(make_client(Settings()).transport.serializer, OrjsonSerializer)
