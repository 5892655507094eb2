"""Confluent Schema Registry wire format: confluent-kafka's Avro serializers, one subject per event record name.

Framing: ``00`` + 4-byte big-endian schema id + Avro body. The record-name
subject strategy (``bz.enlace.events.IncidentReport``, ...) lets all event
types share an agency topic. Decoding resolves the writer schema to this
code's current schema of the same event type.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Mapping
from typing import Any

from schemas import catalog
from schemas.catalog import EventSchema
from schemas.codec import event_type_of, from_datum, to_datum
from schemas.errors import DecodeError, InvalidEvent

_BY_NAME = {f"{catalog.NAMESPACE}.{name}": event_type for event_type, name in catalog.EVENT_TYPES.items()}


class RegistryCodec:
    """Encodes with ``AvroSerializer`` (auto-registering) and decodes with ``AvroDeserializer`` per event type."""

    def __init__(self, client: Any, topic_for: Callable[[str], str],
                 current: Mapping[str, EventSchema] | None = None, auto_register: bool = True) -> None:
        from confluent_kafka.schema_registry import record_subject_name_strategy
        from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer

        schemas = dict(current or catalog.current())
        conf = {"auto.register.schemas": auto_register, "subject.name.strategy": record_subject_name_strategy}
        self._client = client
        self._topic_for = topic_for
        self._serializers = {t: AvroSerializer(client, s.json, conf=dict(conf)) for t, s in schemas.items()}
        self._deserializers = {t: AvroDeserializer(client, s.json) for t, s in schemas.items()}
        self._types_by_id: dict[int, str] = {}

    @classmethod
    def from_settings(cls, settings: Any) -> RegistryCodec:
        from confluent_kafka.schema_registry import SchemaRegistryClient

        conf: dict[str, Any] = {"url": settings.registry.url}
        if settings.registry.basic_auth_user_info is not None:
            conf["basic.auth.user.info"] = settings.registry.basic_auth_user_info.get_secret_value()
        return cls(SchemaRegistryClient.new_client(conf), settings.kafka.agency_topic)

    def encode(self, event: Mapping[str, Any]) -> bytes:
        from confluent_kafka.serialization import MessageField, SerializationContext, SerializationError

        event_type = event_type_of(event)
        datum = to_datum(event)
        ctx = SerializationContext(self._topic_for(str(datum["envelope"].get("agency"))), MessageField.VALUE)
        try:
            data = self._serializers[event_type](datum, ctx)
        except SerializationError as exc:
            raise InvalidEvent(f"event does not fit the {event_type} schema: {exc}",
                               errors=[{"loc": [], "msg": str(exc)}]) from exc
        assert data is not None
        return bytes(data)

    def _event_type(self, schema_id: int) -> str:
        event_type = self._types_by_id.get(schema_id)
        if event_type is None:
            schema = self._client.get_schema(schema_id)
            parsed = json.loads(schema.schema_str)
            name = catalog.full_name(parsed["name"], parsed.get("namespace")) if isinstance(parsed, dict) else None
            if name not in _BY_NAME:
                raise DecodeError(f"schema id {schema_id} is {name!r}, not an Enlace event schema")
            event_type = self._types_by_id[schema_id] = _BY_NAME[name]
        return event_type

    def decode(self, data: bytes) -> dict[str, Any]:
        if len(data) < 6:
            raise DecodeError(f"{len(data)} bytes is shorter than the Schema Registry framing (6 bytes or more)")
        if data[0] != 0:
            raise DecodeError(f"bad magic byte {data[0]:#04x}: not Schema Registry framing (want 0x00)")
        (schema_id,) = struct.unpack(">I", data[1:5])
        try:
            event_type = self._event_type(schema_id)
            datum = self._deserializers[event_type](data, None)
        except DecodeError:
            raise
        except Exception as exc:  # noqa: BLE001 - registry lookups and Avro bodies fail in many ways; all are undecodable
            raise DecodeError(f"cannot decode schema id {schema_id}: {type(exc).__name__}: {exc}") from exc
        if not isinstance(datum, dict):
            raise DecodeError(f"schema id {schema_id} did not decode to a record")
        return from_datum(event_type, datum)
