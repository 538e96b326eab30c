"""Offering functions to an agent's LLM, and letting an agent run them.

The two halves are separate on purpose (v0.2): the *caller* agent tells its model that a tool
exists (`register_for_llm` → `llm_config["tools"]`), the *executor* agent holds the function and
runs it when a tool call arrives (`register_for_execution` → `function_map`). Usually both:

```python
@user_proxy.register_for_execution()
@assistant.register_for_llm(description="Currency exchange calculator.")
def currency_calculator(amount: Annotated[float, "Amount"], currency: Literal["USD", "EUR"] = "USD") -> str:
    ...

# or, without decorators:
autogen.register_function(currency_calculator, caller=assistant, executor=user_proxy,
                          description="Currency exchange calculator.")
```

These are functions over an agent's public attributes (`llm_config`, `client`,
`register_function`); `ConversableAgent`'s methods of the same names call them.

Changing the tools rebuilds `agent.client` from `llm_config`, as v0.2 did; unlike v0.2, custom
model clients already registered with `register_model_client` are kept.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
import warnings
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from autogen.exceptions import NoLLMConfigError, ToolRegistrationError
from autogen.function_utils import get_function_schema, load_basemodels_if_needed, serialize_to_str

__all__ = [
    "register_for_execution",
    "register_for_llm",
    "register_function",
    "update_function_signature",
    "update_tool_signature",
    "wrap_function",
]

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_VALID_NAME = re.compile(r"^[a-zA-Z0-9_-]+$")


def _set(func: Any, attr: str, value: str) -> None:
    """Remember the tool's name/description on the function, so stacked decorators share them."""
    try:
        setattr(func, attr, value)
    except (AttributeError, TypeError):  # bound methods, builtins: nothing to remember on
        pass


def _tool_name(func: Any, name: str | None) -> str:
    found = name or getattr(func, "_name", None) or getattr(func, "__name__", None)
    if not found:
        raise ToolRegistrationError(f"Cannot tell the name of {func!r}: pass name=... when registering it.")
    return str(found)


def assert_valid_name(name: str) -> str:
    """OpenAI's rule for function names: letters, digits, `_` and `-`, at most 64 characters."""
    if not _VALID_NAME.match(name):
        raise ToolRegistrationError(f"Invalid name: {name}. Only letters, numbers, '_' and '-' are allowed.")
    if len(name) > 64:
        raise ToolRegistrationError(f"Invalid name: {name}. Name must be less than 64 characters.")
    return name


def register_for_llm(
    agent: Any,
    *,
    name: str | None = None,
    description: str | None = None,
    api_style: Literal["function", "tool"] = "tool",
) -> Callable[[F], F]:
    """Decorator: describe the function to `agent`'s LLM (its schema goes into `llm_config`).

    `name` defaults to the function's name, `description` to one given by an earlier decorator,
    then to the function's docstring (v0.2 required it; a function with neither is refused).
    `api_style="function"` uses the legacy `functions` list instead of `tools`.
    The function is returned unchanged, so decorators stack.
    """
    if api_style not in ("function", "tool"):
        raise ToolRegistrationError(f"Unsupported API style: {api_style!r}. Use 'tool' or 'function'.")

    def decorator(func: F) -> F:
        fname = _tool_name(func, name)
        fdescription = description or getattr(func, "_description", None) or _docstring(func)
        if not fdescription:
            raise ToolRegistrationError(
                f"Function '{fname}' needs a description for the LLM: pass description=... "
                "(or give the function a docstring)."
            )
        assert_valid_name(fname)
        _llm_config_of(agent, "register a function for the LLM")
        schema = get_function_schema(func, name=fname, description=fdescription)
        _set(func, "_name", fname)
        _set(func, "_description", fdescription)
        if api_style == "function":
            update_function_signature(agent, schema["function"], is_remove=False)
        else:
            update_tool_signature(agent, schema, is_remove=False)
        return func

    return decorator


def _docstring(func: Any) -> str | None:
    """A function's own docstring (not the one of `partial` or of a callable's class)."""
    return inspect.getdoc(func) if inspect.isfunction(func) or inspect.ismethod(func) else None


def wrap_function(func: F) -> F:
    """What an executor stores in `function_map`: converts dict arguments to the declared models,
    and the return value to text (v0.2's `_wrap_function`). `_origin` keeps the original."""
    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def _a_wrapped(*args: Any, **kwargs: Any) -> str:
            return serialize_to_str(await func(*args, **kwargs))

        wrapped: Any = load_basemodels_if_needed(_a_wrapped)
    else:

        @functools.wraps(func)
        def _wrapped(*args: Any, **kwargs: Any) -> str:
            return serialize_to_str(func(*args, **kwargs))

        wrapped = load_basemodels_if_needed(_wrapped)
    wrapped._origin = func
    return wrapped  # type: ignore[no-any-return]


def register_for_execution(agent: Any, name: str | None = None) -> Callable[[F], F]:
    """Decorator: let `agent` run the function when a tool call names it (adds it to `function_map`).

    The function is returned unchanged, so decorators stack.
    """

    def decorator(func: F) -> F:
        fname = _tool_name(func, name)
        _set(func, "_name", fname)
        agent.register_function({fname: wrap_function(func)})
        return func

    return decorator


def register_function(
    f: Callable[..., Any],
    *,
    caller: Any,
    executor: Any,
    name: str | None = None,
    description: str,
) -> None:
    """Offer `f` to `caller`'s LLM and let `executor` run it: both decorators in one call."""
    f = caller.register_for_llm(name=name, description=description)(f)
    executor.register_for_execution(name=name)(f)


def _llm_config_of(agent: Any, action: str) -> dict[str, Any]:
    llm_config = getattr(agent, "llm_config", None)
    if not isinstance(llm_config, dict):
        who = getattr(agent, "name", None) or type(agent).__name__
        raise NoLLMConfigError(
            f"Cannot {action}: agent '{who}' has no LLM (llm_config={llm_config!r}). "
            "Give it an llm_config, or register the function for execution only."
        )
    return llm_config


def _signature_name(sig: str | dict[str, Any], *, tool: bool) -> str:
    if isinstance(sig, str):
        return sig
    return str((sig["function"] if tool else sig)["name"])


def _update(agent: Any, key: str, sig: str | dict[str, Any], is_remove: bool | None, *, tool: bool) -> None:
    """Add, replace or remove one entry of `llm_config[key]`, then rebuild the agent's client."""
    kind = "tool" if tool else "function"
    llm_config = _llm_config_of(agent, f"update a {kind} signature")
    name = _signature_name(sig, tool=tool)
    current: list[dict[str, Any]] = list(llm_config.get(key) or [])
    if is_remove:
        if key not in llm_config:
            raise ToolRegistrationError(f"The agent config doesn't have {kind} {name}.")
        updated = [s for s in current if _signature_name(s, tool=tool) != name]
    else:
        if isinstance(sig, str):
            raise ToolRegistrationError(f"To add {kind} '{sig}', pass its full signature, not just its name.")
        assert_valid_name(name)
        if any(_signature_name(s, tool=tool) == name for s in current):
            warnings.warn(f"Function '{name}' is being overridden.", UserWarning, stacklevel=4)
        updated = [s for s in current if _signature_name(s, tool=tool) != name] + [sig]
    if updated:
        llm_config[key] = updated
    else:
        llm_config.pop(key, None)
    from autogen.oai.client import OpenAIWrapper  # the agent machinery loads the SDK only when used

    old_client = getattr(agent, "client", None)
    agent.client = OpenAIWrapper(**llm_config)
    _carry_custom_clients(old_client, agent.client)


def _carry_custom_clients(old: Any, new: Any) -> None:
    """Keep the custom model clients registered on the old wrapper (v0.2 dropped them, so a
    `register_model_client` before `register_for_llm` was silently undone)."""
    old_routes = getattr(old, "_routes", None)
    new_routes = getattr(new, "_routes", None)
    if not old_routes or not new_routes or len(old_routes) != len(new_routes):
        return
    for before, after in zip(old_routes, new_routes, strict=True):
        name = getattr(after, "client_cls_name", None)
        if name and getattr(after, "client", 1) is None and getattr(before, "client_cls_name", None) == name:
            after.client = getattr(before, "client", None)


def update_function_signature(agent: Any, func_sig: str | dict[str, Any], is_remove: bool | None) -> None:
    """Add or replace (`is_remove` false) or remove (by name) a legacy `functions` entry."""
    _update(agent, "functions", func_sig, is_remove, tool=False)


def update_tool_signature(agent: Any, tool_sig: str | dict[str, Any], is_remove: bool | None) -> None:
    """Add or replace (`is_remove` false) or remove (by name) a `tools` entry."""
    _update(agent, "tools", tool_sig, is_remove, tool=True)
