"""The pydantic models and the .avsc files (events and the Judgement) name the same fields, optionality and types."""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any, Literal, Union

import pytest
from pydantic import BaseModel

from schemas import catalog
from schemas import judgements
from schemas.models import EVENT_MODELS, SHARED_MODELS

MODELS: dict[str, type[BaseModel]] = {**SHARED_MODELS, "Judgement": judgements.Judgement}
for _model in EVENT_MODELS.values():
    MODELS[_model.__name__] = _model
    MODELS[_model.model_fields["payload"].annotation.__name__] = _model.model_fields["payload"].annotation  # type: ignore[union-attr]

PRIMITIVE_TYPES = {"string": str, "int": int, "long": int, "double": float, "float": float, "boolean": bool}


def _strip(annotation: Any) -> Any:
    """The annotation without ``Annotated`` constraints."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _records(schema: Any, named: dict[str, Any]) -> None:
    if isinstance(schema, list):
        for branch in schema:
            _records(branch, named)
    elif isinstance(schema, dict):
        if schema.get("type") in ("record", "enum"):
            named[schema["name"]] = schema
        for field in schema.get("fields", []):
            _records(field["type"], named)
        for key in ("items", "values"):
            if key in schema:
                _records(schema[key], named)


NAMED: dict[str, Any] = {}
for _schema in [*catalog.current().values(), judgements.current_schema()]:
    _records(_schema.schema, NAMED)
RECORDS = sorted(name for name, s in NAMED.items() if s["type"] == "record")


def matches(avro: Any, annotation: Any) -> bool:
    """Whether a python annotation is the pydantic counterpart of an Avro type."""
    annotation = _strip(annotation)
    if isinstance(avro, list):
        if avro[0] != "null" or len(avro) != 2:
            return False
        if typing.get_origin(annotation) not in (Union, types.UnionType):
            return False
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return type(None) in typing.get_args(annotation) and len(args) == 1 and matches(avro[1], args[0])
    if avro == "string" and typing.get_origin(annotation) is Literal:  # a vocabulary Avro keeps open
        return all(isinstance(a, str) for a in typing.get_args(annotation))
    if isinstance(avro, str) and avro in PRIMITIVE_TYPES:
        return annotation is PRIMITIVE_TYPES[avro]
    if isinstance(avro, str):  # a reference to a named type
        return matches(NAMED[avro.rpartition(".")[2]], annotation)
    kind = avro["type"]
    if avro.get("logicalType") == "timestamp-millis":
        return annotation is datetime
    if kind in PRIMITIVE_TYPES:
        return annotation is PRIMITIVE_TYPES[kind]
    if kind == "enum":
        return typing.get_origin(annotation) is Literal and list(typing.get_args(annotation)) == avro["symbols"]
    if kind == "record":
        return isinstance(annotation, type) and annotation.__name__ == avro["name"]
    if kind == "array":
        return typing.get_origin(annotation) is list and matches(avro["items"], typing.get_args(annotation)[0])
    if kind == "map":
        key, value = typing.get_args(annotation) if typing.get_origin(annotation) is dict else (None, None)
        return key is str and matches(avro["values"], value)
    return False


def test_every_avro_record_has_a_model_and_back() -> None:
    assert set(RECORDS) == set(MODELS)


@pytest.mark.parametrize("name", RECORDS)
def test_fields_match(name: str) -> None:
    avro_fields = {f["name"]: f for f in NAMED[name]["fields"]}
    model_fields = MODELS[name].model_fields
    assert list(avro_fields) == list(model_fields)
    for field_name, field in avro_fields.items():
        info = model_fields[field_name]
        assert ("default" in field) == (not info.is_required()), f"{name}.{field_name} optionality"
        if "default" in field:
            assert info.get_default(call_default_factory=True) == field["default"], f"{name}.{field_name} default"
        annotation = info.annotation
        if info.metadata and typing.get_origin(annotation) is not typing.Annotated:
            annotation = typing.Annotated[annotation, *info.metadata]
        assert matches(field["type"], annotation), f"{name}.{field_name}: {field['type']} vs {info.annotation}"


@pytest.mark.parametrize(
    ("avro", "annotation", "ok"),
    [
        ("string", str, True),
        ("string", int, False),
        (["null", "string"], str | None, True),
        (["null", "string"], str, False),
        ({"type": "array", "items": "string"}, list[str], True),
        ({"type": "array", "items": "string"}, list[int], False),
        ({"type": "map", "values": "string"}, dict[str, str], True),
        ({"type": "enum", "name": "E", "symbols": ["A", "B"]}, Literal["A", "B"], True),
        ({"type": "enum", "name": "E", "symbols": ["A", "B"]}, Literal["A"], False),
        ({"type": "long", "logicalType": "timestamp-millis"}, datetime, True),
        ("string", Literal["entry", "exit"], True),
        ("int", Literal["entry", "exit"], False),
        ({"type": "record", "name": "Person", "fields": []}, dict, False),
    ],
)
def test_the_drift_matcher_itself(avro: Any, annotation: Any, ok: bool) -> None:
    assert matches(avro, annotation) is ok
