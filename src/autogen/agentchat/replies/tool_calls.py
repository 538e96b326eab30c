"""The built-in replies that run the functions a model asked for: `tool_calls` and legacy `function_call`.

Whatever goes wrong on the model's side—an unknown function, arguments that are not JSON or do
not fit the signature, the function raising or running past `function_timeout`—comes back as
the tool's reply text starting with "Error:", so the model can correct itself and the chat goes
on. Only bugs in autogen itself raise.

The calls of one message are independent by the API's definition, so they run concurrently;
their replies keep the order of the calls. Sync functions run on worker threads (never on the
event loop), async functions are awaited.

A function that times out is stopped: an async function is cancelled; a sync one, when a
timeout is set, runs in a worker process that is killed at the timeout (`_tool_process.py`).
Only a sync function that cannot be pickled (a lambda, a closure, one defined inside another
function) runs on a thread and is abandoned at the timeout, as its error message says.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from autogen import _telemetry
from autogen._bridge import is_async_callable, maybe_await, run_sync, sync_function
from autogen.agentchat._printing import colour, use_colour
from autogen.agentchat.agent import Agent
from autogen.agentchat.replies._tool_arguments import ToolArgumentError, bind_arguments, parse_arguments
from autogen.agentchat.replies._tool_process import ToolTimedOut, killable, run_in_process
from autogen.agentchat.reply_context import ReplyContext, SupportsReplyContext
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
    """Call `func`; raise _Timeout past `timeout` seconds (a sync function's process killed)."""
    origin = getattr(func, "_origin", func)  # a registered tool's own function, without the wrapper
    if timeout is not None and not is_async_callable(origin) and killable(origin, args, kwargs):
        try:
            return await run_in_process(origin, args, kwargs, timeout)
        except ToolTimedOut:
            raise _Timeout(killed=True) from None
        except SystemExit as e:
            raise _Exited(e) from e
    task = asyncio.ensure_future(_guarded(func, args, kwargs))
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout)
    finally:
        if not task.done():
            task.cancel()
    if not done:
        raise _Timeout(killed=is_async_callable(func))
    return task.result()


class _Timeout(Exception):
    """The function ran past `function_timeout` (kept apart from a TimeoutError it raises itself)."""

    def __init__(self, killed: bool) -> None:
        super().__init__()
        self.killed = killed  # stopped (process killed, task cancelled), not left running


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
    except _Timeout as e:
        if e.killed:
            return f"Error: Function {name} timed out after {timeout} seconds and was stopped.", False
        return (
            f"Error: Function {name} timed out after {timeout} seconds and was abandoned (it is not "
            "picklable, so it could not run in a worker process that can be stopped; define it at "
            "module level to make its timeout stop it).",
            False,
        )
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


def _last_message(ctx: ReplyContext) -> dict[str, Any] | None:
    if not ctx.messages:
        return None
    message = ctx.messages[-1]
    return message if isinstance(message, dict) else _as_dict(message)


def _as_dict(obj: Any) -> dict[str, Any]:
    """An SDK object (ChatCompletionMessage, a tool call) as the plain dict messages are made of."""
    if isinstance(obj, dict):
        return obj
    dump = getattr(obj, "model_dump", None)
    return dump() if callable(dump) else dict(obj)


async def _a_execute_tool_call(ctx: ReplyContext, tool_call: Any) -> dict[str, Any]:
    tool_call = _as_dict(tool_call)
    function_call = _as_dict(tool_call.get("function") or {})
    _, reply = await a_execute_function(ctx.function_map, function_call, timeout=ctx.function_timeout)
    content = reply.get("content") or ""
    call_id = tool_call.get("id")
    if call_id is None:  # some OpenAI-compatible APIs (Mistral) send no ids and accept none back
        return {"role": "tool", "content": content}
    return {"tool_call_id": call_id, "role": "tool", "content": content}


async def a_generate_tool_calls_reply(
    recipient: SupportsReplyContext,
    messages: list[dict[str, Any]] | None = None,
    sender: Agent | None = None,
    config: Any = None,
) -> tuple[bool, dict[str, Any] | None]:
    """Run every tool call of the last message concurrently; one `role: "tool"` reply holds all results.

    Reply shape (v0.2): `{"role": "tool", "tool_responses": [{"tool_call_id", "role": "tool",
    "content"}, ...], "content": "<contents joined by blank lines>"}`. `messages` default to
    `recipient.chat_messages[sender]`; a last message without `tool_calls` gives (False, None).
    """
    ctx = recipient.reply_context(sender, messages, config)
    message = _last_message(ctx)
    tool_calls = (message or {}).get("tool_calls") or []
    if not tool_calls:
        return False, None
    responses = await asyncio.gather(*(_a_execute_tool_call(ctx, call) for call in tool_calls))
    return True, {
        "role": "tool",
        "tool_responses": list(responses),
        "content": "\n\n".join(str(r.get("content", "")) for r in responses),
    }


async def a_generate_function_call_reply(
    recipient: SupportsReplyContext,
    messages: list[dict[str, Any]] | None = None,
    sender: Agent | None = None,
    config: Any = None,
) -> tuple[bool, dict[str, Any] | None]:
    """Run the legacy `function_call` of the last message: `{"role": "function", "name", "content"}`."""
    ctx = recipient.reply_context(sender, messages, config)
    message = _last_message(ctx)
    func_call = (message or {}).get("function_call")
    if not func_call:
        return False, None
    _, reply = await a_execute_function(ctx.function_map, _as_dict(func_call), timeout=ctx.function_timeout)
    return True, reply


generate_tool_calls_reply = sync_function(a_generate_tool_calls_reply)


generate_function_call_reply = sync_function(a_generate_function_call_reply)
