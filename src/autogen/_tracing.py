"""OpenTelemetry spans for chats, turns, model calls, tool calls and code execution.

On when the `opentelemetry` extra is installed and the program configures a tracer provider
(`opentelemetry.trace.set_tracer_provider(...)`; noticed at the next chat start), or when
`autogen._telemetry.enable_tracing(provider)` is called; `disable_tracing()` turns it off. Off,
opentelemetry is never imported.

Spans: `autogen.chat` (initiator, recipient) > `autogen.turn` (agent, sender) >
`autogen.llm_call` (`gen_ai.request.model`, `gen_ai.usage.input_tokens` / `output_tokens`,
`autogen.cost`, `autogen.cache_hit`), `autogen.tool_call` (`autogen.tool.name`),
`autogen.code_execution` (`autogen.exit_code`). Model, tool and code spans are recorded when the
call ends, with its real start time.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from autogen._extras import require

__all__ = ["adopted_tracer", "block_span", "code_span", "llm_span", "tool_span", "tracer_for"]

_SCOPE = "autogen"


def tracer_for(tracer_provider: Any = None) -> Any:
    """Our tracer from `tracer_provider` (default: the global one)."""
    trace = _trace()
    provider = tracer_provider or trace.get_tracer_provider()
    return provider.get_tracer(_SCOPE)


def adopted_tracer(provider: Any) -> Any | None:
    """A tracer from a globally configured provider; None for the API's default (proxy /
    no-op) one, which means the program configured nothing."""
    trace = _trace()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return None
    return provider.get_tracer(_SCOPE)


def _trace() -> Any:
    return require("opentelemetry.trace", extra="opentelemetry", purpose="tracing")


def _name(obj: Any) -> str:
    name = getattr(obj, "name", None)
    return name if isinstance(name, str) else "" if obj is None else str(obj)


@contextlib.contextmanager
def block_span(tracer: Any, name: str, agent: Any, peer: Any) -> Iterator[Any]:
    attrs = {"autogen.agent": _name(agent), "autogen.peer": _name(peer)}
    with tracer.start_as_current_span(name, attributes=attrs) as span:
        yield span


def _ns(t0: float) -> int | None:
    return int(t0 * 1e9) if t0 else None


def llm_span(
    tracer: Any, request: dict[str, Any], response: Any, cached: bool, agent: Any, t0: float
) -> None:
    usage = getattr(response, "usage", None)
    attrs: dict[str, Any] = {
        "gen_ai.request.model": str(request.get("model") or ""),
        "gen_ai.response.model": str(getattr(response, "model", "") or ""),
        "gen_ai.usage.input_tokens": int(getattr(usage, "prompt_tokens", 0) or 0),
        "gen_ai.usage.output_tokens": int(getattr(usage, "completion_tokens", 0) or 0),
        "autogen.cost": float(getattr(response, "cost", 0.0) or 0.0),
        "autogen.cache_hit": bool(cached),
        "autogen.agent": _name(agent),
    }
    tracer.start_span("autogen.llm_call", attributes=attrs, start_time=_ns(t0)).end()


def tool_span(tracer: Any, source: Any, function: Any, args: Any, returns: Any, t0: float) -> None:
    name = getattr(function, "__name__", None) or str(function)
    attrs = {"autogen.tool.name": name, "autogen.agent": _name(source)}
    tracer.start_span("autogen.tool_call", attributes=attrs, start_time=_ns(t0)).end()


def code_span(tracer: Any, source: Any, blocks: Any, exit_code: int, t0: float) -> None:
    languages = ",".join(str(getattr(b, "language", "")) for b in blocks or ())
    attrs = {
        "autogen.agent": _name(source),
        "autogen.exit_code": int(exit_code),
        "autogen.languages": languages,
    }
    tracer.start_span("autogen.code_execution", attributes=attrs, start_time=_ns(t0)).end()


def add_event(name: str, state: dict[str, Any]) -> None:
    span = _trace().get_current_span()
    if span.is_recording():
        attrs = {k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in state.items()}
        span.add_event(name, attributes=attrs, timestamp=time.time_ns())
