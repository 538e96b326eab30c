"""Python functions as tools: JSON schema from type hints, and arguments back into typed values.

The schema side (`get_function_schema`) turns a function's signature into the OpenAI tool
description v0.2 produced: `Annotated[T, "description"]` describes a parameter, defaults become
`default` and make a parameter optional, and every type pydantic can describe (Optional, Literal,
Enum, lists, dicts, pydantic models, dataclasses) is allowed. A type that JSON schema cannot carry
raises `FunctionSchemaError` naming the function and the parameter, at registration time rather
than when the model first calls the tool.

The execution side (`load_basemodels_if_needed`, `serialize_to_str`, and the argument checks in
`autogen.agentchat.replies._tool_arguments`) reverses it:
JSON arguments from the model are checked against the signature and converted to the annotated
types (a pydantic-model parameter receives a model, an Enum parameter its member), and the return
value is turned into the text the model reads.

Unlike v0.2, `$ref`s that pydantic emits for nested models and enums are inlined, so each
parameter's schema is self-contained; only recursive models keep `$defs`, hoisted to the
`parameters` object where the references resolve.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import json
import logging
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter
from pydantic.errors import PydanticUserError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticSerializationError, to_jsonable_python

from autogen.exceptions import FunctionSchemaError

__all__ = [
    "Function",
    "Parameters",
    "ToolFunction",
    "adapter_for",
    "get_default_values",
    "get_function_schema",
    "get_load_param_if_needed_function",
    "get_missing_annotations",
    "get_param_annotations",
    "get_parameter_json_schema",
    "get_parameters",
    "get_required_params",
    "get_typed_annotation",
    "get_typed_return_annotation",
    "get_typed_signature",
    "load_basemodels_if_needed",
    "serialize_to_str",
    "type2schema",
]

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
JsonSchemaValue = dict[str, Any]

_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
_EMPTY = inspect.Parameter.empty


# ---------------------------------------------------------------------------------------------
# Signatures with real (evaluated) annotations
# ---------------------------------------------------------------------------------------------


class _Hints:
    """Carries one string annotation into `typing.get_type_hints`, which knows how to evaluate it."""

    def __init__(self, annotation: str) -> None:
        self.__annotations__ = {"x": annotation}


def get_typed_annotation(annotation: Any, globalns: dict[str, Any]) -> Any:
    """Evaluate a string annotation (from `from __future__ import annotations`) in `globalns`.

    Raises NameError when the annotation names something `globalns` does not hold (a class
    defined inside a function, for instance).
    """
    if isinstance(annotation, str):
        return typing.get_type_hints(_Hints(annotation), globalns=globalns, include_extras=True)["x"]
    return annotation


def _globals_of(call: Callable[..., Any]) -> dict[str, Any]:
    target: Any = inspect.unwrap(call)
    while isinstance(target, functools.partial):
        target = inspect.unwrap(target.func)
    if not hasattr(target, "__globals__") and callable(target):  # an object with __call__
        target = inspect.unwrap(type(target).__call__)
    found = getattr(target, "__globals__", None)
    return found if isinstance(found, dict) else {}


def get_typed_signature(call: Callable[..., Any]) -> inspect.Signature:
    """`inspect.signature(call)` with string annotations evaluated in the function's module."""
    signature = inspect.signature(call)
    globalns = _globals_of(call)
    params = [
        param.replace(annotation=get_typed_annotation(param.annotation, globalns))
        for param in signature.parameters.values()
    ]
    return signature.replace(parameters=params)


def get_typed_return_annotation(call: Callable[..., Any]) -> Any:
    """The evaluated return annotation, or None when there is none."""
    annotation = inspect.signature(call).return_annotation
    if annotation is inspect.Signature.empty:
        return None
    return get_typed_annotation(annotation, _globals_of(call))


def _plain_params(typed_signature: inspect.Signature) -> list[inspect.Parameter]:
    """`*args` and `**kwargs` cannot be described to the model, so they are left out everywhere."""
    return [p for p in typed_signature.parameters.values() if p.kind not in _VARIADIC]


def get_param_annotations(typed_signature: inspect.Signature) -> dict[str, Any]:
    """Annotation of each annotated parameter, by name."""
    return {p.name: p.annotation for p in _plain_params(typed_signature) if p.annotation is not _EMPTY}


def get_required_params(typed_signature: inspect.Signature) -> list[str]:
    """Names of the parameters without a default: the model must always pass them."""
    return [p.name for p in _plain_params(typed_signature) if p.default is _EMPTY]


def get_default_values(typed_signature: inspect.Signature) -> dict[str, Any]:
    """Default of each parameter that has one, by name."""
    return {p.name: p.default for p in _plain_params(typed_signature) if p.default is not _EMPTY}


def get_missing_annotations(
    typed_signature: inspect.Signature, required: list[str]
) -> tuple[set[str], set[str]]:
    """(required parameters without annotation, optional parameters without annotation).

    The first set makes a schema impossible; the second is described as "any value".
    """
    unannotated = {p.name for p in _plain_params(typed_signature) if p.annotation is _EMPTY}
    missing = unannotated & set(required)
    return missing, unannotated - missing


# ---------------------------------------------------------------------------------------------
# JSON schema
# ---------------------------------------------------------------------------------------------


class Parameters(BaseModel):
    """The `parameters` object of a function (v0.2's model; `get_function_schema` returns dicts)."""

    type: Literal["object"] = "object"
    properties: dict[str, JsonSchemaValue]
    required: list[str]


class Function(BaseModel):
    """A function as the legacy `functions` API describes it."""

    description: Annotated[str, Field(description="Description of the function")]
    name: Annotated[str, Field(description="Name of the function")]
    parameters: Annotated[Parameters, Field(description="Parameters of the function")]


class ToolFunction(BaseModel):
    """A function as the `tools` API describes it."""

    type: Literal["function"] = "function"
    function: Annotated[Function, Field(description="Function under tool")]


def type2schema(t: Any) -> JsonSchemaValue:
    """JSON schema of one type, as pydantic describes it (may contain `$defs`/`$ref`)."""
    return TypeAdapter(t).json_schema()


def _inline_refs(schema: JsonSchemaValue) -> JsonSchemaValue:
    """Replace `{"$ref": "#/$defs/X"}` by the definition of X, except inside X itself (recursion).

    The definitions recursion still needs are returned under `$defs`.
    """
    defs: dict[str, Any] = schema.pop("$defs", {})
    kept: dict[str, Any] = {}

    def resolve(node: Any, stack: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolve(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
            name = ref[8:]
            if name in stack:  # recursive model: keep the reference, keep its definition
                if name not in kept:
                    kept[name] = {}
                    kept[name] = resolve(defs[name], frozenset({name}))
                return node
            target = resolve(defs[name], stack | {name})
            return {**target, **{k: resolve(v, stack) for k, v in node.items() if k != "$ref"}}
        return {k: resolve(v, stack) for k, v in node.items()}

    result: JsonSchemaValue = resolve(schema, frozenset())
    if kept:
        result["$defs"] = kept
    return result


def _description_of(name: str, annotation: Any) -> str:
    """`Annotated[T, "text"]` → "text"; `Annotated[T, Field(description=...)]` → that; else the name."""
    if get_origin(annotation) is Annotated:
        for meta in get_args(annotation)[1:]:
            if isinstance(meta, str):
                return meta
            if isinstance(meta, FieldInfo) and meta.description:
                return meta.description
    return name


def get_parameter_json_schema(k: str, v: Any, default_values: dict[str, Any]) -> JsonSchemaValue:
    """Schema of parameter `k` with annotation `v`: its type, `description` and `default`.

    Raises pydantic's errors when the type cannot be described; `get_function_schema` turns them
    into a `FunctionSchemaError` naming the function.
    """
    schema = _inline_refs(type2schema(v))
    if k in default_values:
        try:
            schema["default"] = to_jsonable_python(default_values[k])
        except PydanticSerializationError:
            logger.info("default of parameter %r is not JSON; the schema omits it", k)
    schema["description"] = _description_of(k, v)
    return schema


def get_parameters(
    required: list[str], param_annotations: dict[str, Any], default_values: dict[str, Any]
) -> JsonSchemaValue:
    """The `parameters` object of a tool: an object schema with `properties` and `required`."""
    properties = {k: get_parameter_json_schema(k, v, default_values) for k, v in param_annotations.items()}
    return _parameters_object(properties, required)


def _parameters_object(properties: dict[str, JsonSchemaValue], required: list[str]) -> JsonSchemaValue:
    defs: dict[str, Any] = {}
    for schema in properties.values():
        defs.update(schema.pop("$defs", {}))
    parameters: JsonSchemaValue = {"type": "object", "properties": properties, "required": required}
    if defs:
        parameters["$defs"] = defs
    return parameters


def get_function_schema(
    f: Callable[..., Any], *, name: str | None = None, description: str
) -> dict[str, Any]:
    """The OpenAI tool description of `f`, as v0.2 built it.

    ```python
    def f(a: Annotated[str, "Parameter a"], b: int = 2) -> str: ...

    get_function_schema(f, description="function f")
    # {"type": "function",
    #  "function": {"description": "function f", "name": "f",
    #               "parameters": {"type": "object",
    #                              "properties": {"a": {"type": "string", "description": "Parameter a"},
    #                                             "b": {"type": "integer", "description": "b", "default": 2}},
    #                              "required": ["a"]}}}
    ```

    Raises FunctionSchemaError (a TypeError, as v0.2 raised) when a parameter without a default
    has no annotation, or when an annotation cannot be expressed as JSON schema.
    """
    fname = name or getattr(f, "__name__", None) or type(f).__name__
    try:
        typed_signature = get_typed_signature(f)
    except NameError as e:
        raise FunctionSchemaError(
            f"Cannot read the type hints of function '{fname}': {e}. Define the types it names at "
            "module level, or drop `from __future__ import annotations` in that module."
        ) from e
    required = get_required_params(typed_signature)
    default_values = get_default_values(typed_signature)
    param_annotations = get_param_annotations(typed_signature)
    missing, unannotated_with_default = get_missing_annotations(typed_signature, required)

    if missing:
        names = ", ".join(f"'{k}'" for k in sorted(missing))
        raise FunctionSchemaError(
            f"All parameters of the function '{fname}' without default values must be annotated. "
            f"The annotations are missing for the following parameters: {names}"
        )
    if unannotated_with_default:
        names = ", ".join(f"'{k}'" for k in sorted(unannotated_with_default))
        logger.warning("Parameters of the function '%s' with defaults are not annotated: %s", fname, names)
        for k in unannotated_with_default:
            param_annotations[k] = Any
        param_annotations = {p.name: param_annotations[p.name] for p in _plain_params(typed_signature)}
    if typed_signature.return_annotation is inspect.Signature.empty:
        logger.debug("The return type of the function '%s' is not annotated.", fname)

    properties: dict[str, JsonSchemaValue] = {}
    for k, v in param_annotations.items():
        try:
            properties[k] = get_parameter_json_schema(k, v, default_values)
        except (PydanticUserError, TypeError, ValueError) as e:
            first_line = (str(e).strip().splitlines() or [type(e).__name__])[0].split(". ")[0].rstrip(".")
            raise FunctionSchemaError(
                f"Parameter '{k}' of function '{fname}' has type {_type_name(v)}, which cannot be "
                f"expressed as JSON schema ({first_line}). Use JSON-friendly types: str, int, float, "
                "bool, None, list, dict, Literal, Enum, pydantic models or dataclasses."
            ) from e
    parameters = _parameters_object(properties, required)
    function = {"description": description, "name": fname, "parameters": parameters}
    return {"type": "function", "function": function}


def _type_name(t: Any) -> str:
    return getattr(t, "__qualname__", None) or repr(t)


# ---------------------------------------------------------------------------------------------
# Execution: values in, text out (checking a model's arguments: agentchat/replies/_tool_arguments.py)
# ---------------------------------------------------------------------------------------------


def adapter_for(annotation: Any) -> TypeAdapter[Any] | None:
    """A validator that converts JSON values to `annotation`; None when there is nothing to check."""
    if annotation is _EMPTY or annotation is Any:
        return None
    try:
        return TypeAdapter(annotation)
    except (PydanticUserError, TypeError, ValueError):  # an arbitrary class: no conversion possible
        return None


def get_load_param_if_needed_function(t: Any) -> Callable[[Any, Any], BaseModel] | None:
    """v0.2's loader for one parameter: `(value, model_class) -> model` when `t` is a pydantic model."""
    if get_origin(t) is Annotated:
        return get_load_param_if_needed_function(get_args(t)[0])
    if isinstance(t, type) and issubclass(t, BaseModel):
        return _load_base_model
    return None


def _load_base_model(value: Any, model: Any) -> BaseModel:
    if get_origin(model) is Annotated:
        model = get_args(model)[0]
    return value if isinstance(value, model) else model.model_validate(value)  # type: ignore[no-any-return]


def load_basemodels_if_needed(func: F) -> F:
    """Decorate `func` so dict arguments become the pydantic models / dataclasses / enums it declares.

    As in v0.2, for calling a tool directly with JSON-shaped keyword arguments; values already of
    the declared type pass through unchanged.
    """
    signature = get_typed_signature(func)
    adapters = {
        p.name: a
        for p in _plain_params(signature)
        if _needs_loading(p.annotation) and (a := adapter_for(p.annotation)) is not None
    }

    def load(kwargs: dict[str, Any]) -> dict[str, Any]:
        return {k: adapters[k].validate_python(v) if k in adapters else v for k, v in kwargs.items()}

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def _a_load(*args: Any, **kwargs: Any) -> Any:
            return await func(*args, **load(kwargs))

        return typing.cast(F, _a_load)

    @functools.wraps(func)
    def _load(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **load(kwargs))

    return typing.cast(F, _load)


def _needs_loading(annotation: Any) -> bool:
    """True for types JSON cannot carry natively: models, dataclasses, enums (also nested)."""
    if get_origin(annotation) is Annotated:
        return _needs_loading(get_args(annotation)[0])
    if isinstance(annotation, type):
        return issubclass(annotation, (BaseModel, enum.Enum)) or dataclasses.is_dataclass(annotation)
    return any(_needs_loading(arg) for arg in get_args(annotation))


def serialize_to_str(x: Any) -> str:
    """The text the model reads for a tool's return value.

    str as is; pydantic models, dataclasses, dicts, lists (and what they contain) as JSON;
    anything JSON cannot hold by `str()`.
    """
    if isinstance(x, str):
        return x
    if isinstance(x, BaseModel):
        return x.model_dump_json()
    try:
        return json.dumps(x, default=to_jsonable_python)
    except (TypeError, ValueError, PydanticSerializationError):
        return str(x)
