"""The built-in replies that run the functions a model asked for: `tool_calls` and legacy `function_call`.

Whatever goes wrong on the model's side—an unknown function, arguments that are not JSON or do
not fit the signature, the function raising or running past `function_timeout`—comes back as
the tool's reply text starting with "Error:", so the model can correct itself and the chat goes
on. Only bugs in autogen itself raise.

The calls of one message are independent by the API's definition, so they run concurrently;
their replies keep the order of the calls. Sync functions run on worker threads (never on the
event loop), async functions are awaited.

A function that times out is abandoned, not killed: an async function is cancelled, a sync one
keeps its worker thread until it returns (Python cannot stop a thread), so keep timeouts for
functions that are slow, not for ones that never end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from autogen import _telemetry
from autogen._bridge import is_async_callable, maybe_await, run_sync, sync_function
from autogen.agentchat._printing import colour, use_colour
from autogen.agentchat.replies._tool_arguments import ToolArgumentError, bind_arguments, parse_arguments
from autogen.function_utils import serialize_to_str
from autogen.io.base import IOStream

__all__ = [
    "a_execute_function",
    "a_generate_function_call_reply",
    "a_generate_tool_calls_reply",
    "execute_function",
    "generate_function_call_reply",
    "generate_tool_calls_reply",
]

logger = logging.getLogger(__name__)


def _colored(text: str) -> str:
    """Magenta on a terminal, as v0.2 printed function execution; plain text elsewhere."""
    return colour(text, "magenta", use_colour(IOStream.get_default()))


async def _run(
    func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], timeout: float | None
) -> Any:
    """Call `func`; raise _Timeout past `timeout` seconds."""
    task = asyncio.ensure_future(_guarded(func, args, kwargs))
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout)
    finally:
        if not task.done():
            task.cancel()
    if not done:
        raise _Timeout
    return task.result()


class _Timeout(Exception):
    """The function ran past `function_timeout` (kept apart from a TimeoutError it raises itself)."""


class _Exited(Exception):
    """The function called `sys.exit()`: a SystemExit must not leave a task (asyncio re-raises it
    out of the event loop), so it travels as this instead."""

    def __init__(self, error: SystemExit) -> None:
        super().__init__(str(error))
        self.error = error


async def _guarded(func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
    try:
        return await maybe_await(func, *args, **kwargs)
    except SystemExit as e:
        raise _Exited(e) from e


async def a_execute_function(
    function_map: Mapping[str, Callable[..., Any]],
    func_call: Mapping[str, Any],
    *,
    timeout: float | None = None,
    verbose: bool = False,
) -> tuple[bool, dict[str, str]]:
    """Run one function call `{"name", "arguments"}` from `function_map`; never raises for the model's errors.

    Returns (succeeded, `{"name", "role": "function", "content"}`) as v0.2's `execute_function`.
    `content` is the serialised return value, or "Error: ..." saying what went wrong.
    """
    iostream = IOStream.get_default()
    name = str(func_call.get("name") or "")
    func = function_map.get(name)
    arguments: dict[str, Any] | None = None
    succeeded = False
    if func is None:
        available = ", ".join(sorted(function_map)) or "none"
        content = f"Error: Function {name} not found. Available functions: {available}."
    else:
        try:
            arguments = parse_arguments(func_call.get("arguments"))
        except ValueError as e:
            content = f"Error: {e}"
        else:
            label = "ASYNC FUNCTION" if is_async_callable(func) else "FUNCTION"
            iostream.print(_colored(f"\n>>>>>>>> EXECUTING {label} {name}..."), flush=True)
            t0 = _telemetry.started()
            content, succeeded = await _call(func, name, arguments, timeout)
            _telemetry.function_use(None, func, arguments, content, t0)
    if verbose:
        iostream.print(_colored(f"\nInput arguments: {arguments}\nOutput:\n{content}"), flush=True)
    return succeeded, {"name": name, "role": "function", "content": content}


async def _call(
    func: Callable[..., Any], name: str, arguments: dict[str, Any], timeout: float | None
) -> tuple[str, bool]:
    try:
        args, kwargs = bind_arguments(func, arguments, name=name)
    except ToolArgumentError as e:
        return f"Error: {e}", False
    try:
        result = await _run(func, args, kwargs, timeout)
    except _Timeout:
        return f"Error: Function {name} timed out after {timeout} seconds and was abandoned.", False
    except _Exited as e:
        return f"Error: SystemExit: {e}", False
    except Exception as e:  # the function's own failure: the model reads it
        logger.info("function %r raised %s", name, type(e).__name__, exc_info=True)
        return f"Error: {type(e).__name__}: {e}", False
    return serialize_to_str(result), True


def execute_function(
    function_map: Mapping[str, Callable[..., Any]],
    func_call: Mapping[str, Any],
    *,
    timeout: float | None = None,
    verbose: bool = False,
) -> tuple[bool, dict[str, str]]:
    """Sync twin of `a_execute_function`."""
    return run_sync(a_execute_function(function_map, func_call, timeout=timeout, verbose=verbose))


def _last_message(
    recipient: Any, messages: list[dict[str, Any]] | None, sender: Any
) -> dict[str, Any] | None:
    if messages is None:
        messages = recipient.chat_messages.get(sender) if sender is not None else None
    if not messages:
        return None
    message = messages[-1]
    return message if isinstance(message, dict) else _as_dict(message)


def _as_dict(obj: Any) -> dict[str, Any]:
    """An SDK object (ChatCompletionMessage, a tool call) as the plain dict messages are made of."""
    if isinstance(obj, dict):
        return obj
    dump = getattr(obj, "model_dump", None)
    return dump() if callable(dump) else dict(obj)


def _timeout_of(recipient: Any) -> float | None:
    timeout = getattr(recipient, "function_timeout", None)
    return float(timeout) if timeout is not None else None


async def _a_execute_tool_call(recipient: Any, tool_call: Any) -> dict[str, Any]:
    tool_call = _as_dict(tool_call)
    function_call = _as_dict(tool_call.get("function") or {})
    _, reply = await a_execute_function(recipient.function_map, function_call, timeout=_timeout_of(recipient))
    content = reply.get("content") or ""
    call_id = tool_call.get("id")
    if call_id is None:  # some OpenAI-compatible APIs (Mistral) send no ids and accept none back
        return {"role": "tool", "content": content}
    return {"tool_call_id": call_id, "role": "tool", "content": content}


async def a_generate_tool_calls_reply(
    recipient: Any, messages: list[dict[str, Any]] | None = None, sender: Any = None, config: Any = None
) -> tuple[bool, dict[str, Any] | None]:
    """Run every tool call of the last message concurrently; one `role: "tool"` reply holds all results.

    Reply shape (v0.2): `{"role": "tool", "tool_responses": [{"tool_call_id", "role": "tool",
    "content"}, ...], "content": "<contents joined by blank lines>"}`. `messages` default to
    `recipient.chat_messages[sender]`; a last message without `tool_calls` gives (False, None).
    """
    message = _last_message(recipient, messages, sender)
    tool_calls = (message or {}).get("tool_calls") or []
    if not tool_calls:
        return False, None
    responses = await asyncio.gather(*(_a_execute_tool_call(recipient, call) for call in tool_calls))
    return True, {
        "role": "tool",
        "tool_responses": list(responses),
        "content": "\n\n".join(str(r.get("content", "")) for r in responses),
    }


async def a_generate_function_call_reply(
    recipient: Any, messages: list[dict[str, Any]] | None = None, sender: Any = None, config: Any = None
) -> tuple[bool, dict[str, Any] | None]:
    """Run the legacy `function_call` of the last message: `{"role": "function", "name", "content"}`."""
    message = _last_message(recipient, messages, sender)
    func_call = (message or {}).get("function_call")
    if not func_call:
        return False, None
    timeout = _timeout_of(recipient)
    _, reply = await a_execute_function(recipient.function_map, _as_dict(func_call), timeout=timeout)
    return True, reply


generate_tool_calls_reply = sync_function(a_generate_tool_calls_reply)


generate_function_call_reply = sync_function(a_generate_function_call_reply)
