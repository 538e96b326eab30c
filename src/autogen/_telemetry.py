"""The hook points for runtime logging and tracing: one call each, nothing done while both are off.

The wrapper, the agents and the reply chain call these functions at a few places (see the list
below); each returns at once on the module flag `ACTIVE` unless `autogen.runtime_logging.start()`
set a logger or a tracer provider is configured (`autogen._tracing`). Sinks never raise into the
conversation.

Hook points (file: function):
* `oai/client.py: OpenAIWrapper.__init__` -> `new_wrapper`
* `oai/client.py: OpenAIWrapper._answer` -> `started`, `completion`
* `agentchat/conversable_agent.py: ConversableAgent.__init__` -> `new_agent`
* `agentchat/conversable_agent.py: ConversableAgent.a_generate_reply` -> `span("autogen.turn")`
* `agentchat/_chats.py: ChatsMixin.a_initiate_chat` -> `span("autogen.chat")`
* `agentchat/_reply_chain.py: run_chain` -> `reply_step`
* `agentchat/_speaker_selection.py` -> `event(manager, "select_speaker", ...)`
* `agentchat/replies/tool_calls.py` (function execution) -> `function_use`
* `agentchat/replies/code_execution.py` -> `code_execution`
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import time
import uuid
from typing import Any

from autogen import _tracing

__all__ = [
    "ACTIVE",
    "disable_tracing",
    "enable_tracing",
    "code_execution",
    "completion",
    "event",
    "function_use",
    "new_agent",
    "new_wrapper",
    "reply_step",
    "span",
    "started",
]

ACTIVE = False
"""True while a runtime logger or a tracer is on; every hook checks it first."""

_logger: Any = None  # the runtime-logging BaseLogger, or None
_tracer: Any = None  # an OpenTelemetry Tracer, or None
_tracing_checked_provider: Any = None
_NULL = contextlib.nullcontext()
_turn_agent: contextvars.ContextVar[Any] = contextvars.ContextVar("autogen_turn_agent", default=None)


def _set(logger: Any = ..., tracer: Any = ...) -> None:
    global ACTIVE, _logger, _tracer
    if logger is not ...:
        _logger = logger
    if tracer is not ...:
        _tracer = tracer
    ACTIVE = _logger is not None or _tracer is not None


def _refresh_tracing() -> None:
    """Turn tracing on when the program has configured an OpenTelemetry tracer provider.

    Checked at each chat start (cheap: a dict lookup when opentelemetry was never imported).
    """
    global _tracing_checked_provider
    trace = sys.modules.get("opentelemetry.trace")
    if trace is None:
        return
    provider = trace.get_tracer_provider()
    if provider is _tracing_checked_provider:
        return
    _tracing_checked_provider = provider
    tracer = _tracing.adopted_tracer(provider)
    if tracer is not None:
        _set(tracer=tracer)


def enable_tracing(tracer_provider: Any = None) -> None:
    """Trace with `tracer_provider` (default: the global one); needs the opentelemetry extra."""
    _set(tracer=_tracing.tracer_for(tracer_provider))


def disable_tracing() -> None:
    _set(tracer=None)


# -- creation -------------------------------------------------------------------------------------
def new_wrapper(wrapper: Any, init_args: dict[str, Any]) -> None:
    if not ACTIVE or _logger is None:
        return
    _logger.log_new_wrapper(wrapper, init_args)
    for route in getattr(wrapper, "_routes", ()):
        if route.client is not None:
            _logger.log_new_client(route.client, wrapper, {**route.request, **route.options})


def new_agent(agent: Any, init_args: dict[str, Any]) -> None:
    if not ACTIVE or _logger is None:
        return
    args = {k: v for k, v in init_args.items() if k not in ("self", "__class__", "builtin")}
    _logger.log_new_agent(agent, args)


# -- model calls ------------------------------------------------------------------------------------
def started() -> float:
    """The wall-clock start of a model call (0.0 while off)."""
    return time.time() if ACTIVE else 0.0


def completion(
    wrapper: Any,
    client: Any,
    request: dict[str, Any],
    response: Any,
    cached: bool,
    options: dict[str, Any],
    t0: float,
) -> None:
    """One answered model call (from the endpoint or the cache)."""
    if not ACTIVE:
        return
    agent = options.get("agent")
    if _logger is not None:
        from datetime import datetime, timezone

        start = datetime.fromtimestamp(t0 or time.time(), timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        snapshot = dict(request)
        if "messages" in snapshot:
            snapshot["messages"] = list(snapshot["messages"])  # the history may grow before it is written
        _logger.log_chat_completion(
            uuid.uuid4(),
            id(client),
            id(wrapper),
            agent if agent is not None else "",
            snapshot,
            response,
            int(cached),
            getattr(response, "cost", None),
            start,
        )
    if _tracer is not None:
        _tracing.llm_span(_tracer, request, response, cached, agent, t0)


# -- agents -------------------------------------------------------------------------------------------
def reply_step(agent: Any, func: Any, final: bool, reply: Any) -> None:
    """A reply function of `agent`'s chain ran (v0.2.35's "reply_func_executed" event)."""
    if not ACTIVE or _logger is None:
        return
    _logger.log_event(
        agent,
        "reply_func_executed",
        reply_func_module=getattr(func, "__module__", None),
        reply_func_name=getattr(func, "__name__", repr(func)),
        final=final,
        reply=reply,
    )


def event(source: Any, name: str, **state: Any) -> None:
    if not ACTIVE:
        return
    if _logger is not None:
        _logger.log_event(source, name, **state)
    if _tracer is not None:
        _tracing.add_event(name, state)


def function_use(source: Any, function: Any, args: Any, returns: Any, t0: float = 0.0) -> None:
    """A tool / function the model asked for ran (`t0` from `started()` gives its span a duration)."""
    if not ACTIVE:
        return
    source = source if source is not None else _turn_agent.get()
    if _logger is not None:
        _logger.log_function_use(source if source is not None else "", function, args, returns)
    if _tracer is not None:
        _tracing.tool_span(_tracer, source, function, args, returns, t0)


def code_execution(source: Any, blocks: Any, exit_code: int, output: str, t0: float) -> None:
    if not ACTIVE:
        return
    if _logger is not None:
        _logger.log_event(
            source,
            "code_execution",
            exit_code=exit_code,
            output=output,
            languages=[getattr(b, "language", None) for b in blocks or ()],
        )
    if _tracer is not None:
        _tracing.code_span(_tracer, source, blocks, exit_code, t0)


# -- spans around a chat and a turn ----------------------------------------------------------------------
def span(name: str, agent: Any = None, peer: Any = None) -> contextlib.AbstractContextManager[Any]:
    """A span around a chat or a turn; a shared no-op context while tracing is off."""
    if name == "autogen.chat":
        _refresh_tracing()
    elif ACTIVE:
        _turn_agent.set(agent)  # who runs the tools of this turn (the next turn sets its own)
    if _tracer is None:
        return _NULL
    return _tracing.block_span(_tracer, name, agent, peer)
