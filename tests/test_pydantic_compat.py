"""`autogen._pydantic`: the v1/v2 helpers v0.2 code imports."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from autogen._pydantic import (
    PYDANTIC_V1,
    JsonSchemaValue,
    evaluate_forwardref,
    model_dump,
    model_dump_json,
    type2schema,
)


class Point(BaseModel):
    x: int
    y: int = 0


def test_helpers() -> None:
    assert PYDANTIC_V1 is False
    p = Point(x=1)
    assert model_dump(p) == {"x": 1, "y": 0}
    assert model_dump_json(p) == '{"x":1,"y":0}'
    schema: JsonSchemaValue = type2schema(list[int])
    assert schema == {"type": "array", "items": {"type": "integer"}}


def test_evaluate_forwardref_is_lenient() -> None:
    assert evaluate_forwardref(typing.ForwardRef("Point"), globals(), None) is Point
    assert evaluate_forwardref("list[int]", {}, None) == list[int]
    unresolved = evaluate_forwardref(typing.ForwardRef("NoSuchThing"), {}, {})
    assert isinstance(unresolved, typing.ForwardRef)
