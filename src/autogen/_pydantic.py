"""v0.2.3x's `autogen._pydantic`: the helpers that let v0.2 code run on pydantic 1 or 2.

This package requires pydantic 2, so `PYDANTIC_V1` is False and each helper is the pydantic-2
form; `type2schema` is the one `autogen.function_utils` uses for tool schemas.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel
from pydantic.version import VERSION as PYDANTIC_VERSION

from autogen.function_utils import JsonSchemaValue, type2schema

__all__ = [
    "PYDANTIC_V1",
    "JsonSchemaValue",
    "evaluate_forwardref",
    "model_dump",
    "model_dump_json",
    "type2schema",
]

PYDANTIC_V1 = PYDANTIC_VERSION.startswith("1.")


def model_dump(model: BaseModel) -> dict[str, Any]:
    """`model.model_dump()` (pydantic 1's `.dict()`)."""
    return model.model_dump()


def model_dump_json(model: BaseModel) -> str:
    """`model.model_dump_json()` (pydantic 1's `.json()`)."""
    return model.model_dump_json()


def evaluate_forwardref(
    value: Any, globalns: dict[str, Any] | None = None, localns: dict[str, Any] | None = None
) -> Any:
    """Evaluate a `ForwardRef` (or a string) in the given namespaces; unresolvable names stay as they are.

    Lenient like pydantic's own helper that v0.2 re-exported: a name that cannot be resolved gives
    the forward reference back instead of raising.
    """
    ref = typing.ForwardRef(value) if isinstance(value, str) else value
    if not isinstance(ref, typing.ForwardRef):
        return value
    try:
        return typing._eval_type(ref, globalns, localns)  # type: ignore[attr-defined]
    except NameError:
        return ref
