"""From the model's argument text to a call: parse (with repair), check, convert.

Every failure here is the model's to fix, so it is reported as one message listing all problems
(missing, unexpected and mistyped arguments together), never raised out of the chat.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import weakref
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from autogen.exceptions import MalformedArgumentsError, ToolArgumentError
from autogen.function_utils import adapter_for, get_typed_signature

__all__ = ["ToolArgumentError", "bind_arguments", "parse_arguments"]

_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def parse_arguments(text: Any) -> dict[str, Any]:
    """The arguments object of a function call.

    Models send JSON text; raw newlines inside strings (common in generated code) are accepted,
    and broken JSON gets one repair attempt with json_repair before it is rejected. Raises
    ValueError with the parser's message and what the model must send instead.
    """
    if isinstance(text, dict):
        return text
    if text is None or (isinstance(text, str) and not text.strip()):
        return {}
    if not isinstance(text, str):
        raise MalformedArgumentsError(f"The arguments must be a JSON object, got {type(text).__name__}.")
    try:
        value = json.loads(text, strict=False)
    except json.JSONDecodeError as e:
        value = _repair(text)
        if value is None:
            raise MalformedArgumentsError(f"{e}\n The argument must be in JSON format.") from e
    if not isinstance(value, dict):
        raise MalformedArgumentsError(
            f"The arguments must be a JSON object of parameter names to values, got {_short(value)}."
        )
    return value


def _repair(text: str) -> Any:
    """json_repair's reading of `text`, or None when even it finds no object there."""
    from json_repair import repair_json  # imported here: only broken JSON needs it

    try:
        value = repair_json(text, return_objects=True)
    except Exception:  # noqa: BLE001 - a failed repair just means the original error stands
        return None
    return value if isinstance(value, dict) and value else None


@dataclasses.dataclass(frozen=True)
class _Param:
    name: str
    positional_only: bool
    required: bool
    adapter: TypeAdapter[Any] | None  # None: the value passes through as is


@dataclasses.dataclass(frozen=True)
class _Binder:
    params: tuple[_Param, ...]
    accepts_extra: bool  # the function takes **kwargs


# one binder per function: building TypeAdapters costs far more than using them
_binders: weakref.WeakKeyDictionary[Any, _Binder] = weakref.WeakKeyDictionary()


def _binder_for(func: Callable[..., Any]) -> _Binder:
    try:
        return _binders[func]
    except (KeyError, TypeError):
        pass
    try:
        signature = get_typed_signature(func)
    except NameError:  # an annotation that cannot be evaluated: check names, not types
        signature = inspect.signature(func)
    except (ValueError, TypeError):  # no signature to read (some builtins): pass arguments through
        return _Binder((), accepts_extra=True)
    params = tuple(
        _Param(
            name=p.name,
            positional_only=p.kind is inspect.Parameter.POSITIONAL_ONLY,
            required=p.default is inspect.Parameter.empty,
            adapter=adapter_for(p.annotation),
        )
        for p in signature.parameters.values()
        if p.kind not in _VARIADIC
    )
    accepts_extra = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values())
    binder = _Binder(params, accepts_extra)
    try:
        _binders[func] = binder
    except TypeError:  # not weak-referenceable (a builtin): rebuilt per call
        pass
    return binder


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(name: str, error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"])
        label = f"argument '{name}" + (f".{where}'" if where else "'")
        problems.append(f"{label}: {item['msg']} (got {_short(item['input'])})")
    return problems


def bind_arguments(
    func: Callable[..., Any], arguments: dict[str, Any], *, name: str | None = None
) -> tuple[list[Any], dict[str, Any]]:
    """Check `arguments` against `func`'s signature and convert them to the annotated types.

    Returns (positional args, keyword args) for the call: a pydantic-model parameter receives a
    model, a dataclass parameter a dataclass, an Enum parameter its member. Raises
    ToolArgumentError listing every missing, unexpected and mistyped argument at once.
    """
    binder = _binder_for(func)
    fname = name or str(getattr(func, "__name__", "function"))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    problems: list[str] = []
    for param in binder.params:
        if param.name not in arguments:
            if param.required:
                problems.append(f"missing required argument '{param.name}'")
            continue
        value = arguments[param.name]
        if param.adapter is not None:
            try:
                value = param.adapter.validate_python(value)
            except ValidationError as e:
                problems.extend(_describe(param.name, e))
                continue
        if param.positional_only:
            args.append(value)
        else:
            kwargs[param.name] = value
    known = {p.name for p in binder.params}
    extra = [k for k in arguments if k not in known]
    if extra and binder.accepts_extra:
        kwargs.update({k: arguments[k] for k in extra})
    elif extra:
        accepted = ", ".join(f"'{p.name}'" for p in binder.params) or "none"
        problems.extend(f"unexpected argument '{k}' (accepted: {accepted})" for k in extra)
    if problems:
        raise ToolArgumentError(fname, problems)
    return args, kwargs
