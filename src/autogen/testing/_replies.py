"""What a scripted reply is, and how it becomes an OpenAI-shaped assistant message.

One reply model serves both test doubles (the in-process `ScriptedModelClient` and the HTTP
`OpenAITestServer`), so a script written for one works unchanged with the other. A reply is:

* ``str``: the assistant's text;
* ``dict``: message fields (``content``, ``tool_calls``, ``function_call``, ``refusal``) plus an
  optional ``finish_reason``; each tool call is ``{"name", "arguments"}`` (arguments a dict or a
  JSON string, kept verbatim so tests can script malformed arguments) or the full OpenAI shape;
* a `Fault`: the endpoint misbehaves instead of answering;
* an exception instance: raised by `ScriptedModelClient` (the server answers 500 naming it);
* a callable taking the request's JSON body (sync or async) and returning (or raising) one of
  the above.
"""

from __future__ import annotations

import inspect
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from autogen.exceptions import ScriptError

__all__ = [
    "Fault",
    "Reply",
    "Responder",
    "check_reply",
    "completion_tokens",
    "estimate_tokens",
    "normalize_message",
    "prompt_tokens",
    "reply_text",
    "resolve_reply",
]

FaultKind = Literal["http", "stall", "malformed", "disconnect", "cut"]


@dataclass(frozen=True)
class Fault:
    """A scripted misbehaviour of the model endpoint, used in place of a reply.

    Build one with the class methods; the in-process client turns each into the error the
    `openai` SDK would raise for it, the test server into the HTTP behaviour itself.
    """

    kind: FaultKind
    """Which misbehaviour: an HTTP error, a stall, a malformed body, a dropped connection, or a
    stream cut short."""
    status: int = 500
    """HTTP status of an ``http`` fault."""
    retry_after: float | None = None
    """Seconds sent in the ``Retry-After`` header of an ``http`` fault (None: no header)."""
    body: Any = None
    """Body of an ``http`` fault: a dict (sent as JSON), a str (sent as is), or None for an
    OpenAI-shaped ``{"error": {...}}`` body matching the status."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Extra response headers of an ``http`` fault (e.g. ``{"x-should-retry": "false"}``)."""
    seconds: float = 0.0
    """How long a ``stall`` keeps the request waiting before answering 504."""
    partial: str | dict[str, Any] | None = None
    """The reply a ``cut`` starts to stream."""
    after_chunks: int = 0
    """How many stream chunks a ``cut`` sends before dropping the connection."""

    @classmethod
    def http(
        cls,
        status: int,
        retry_after: float | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer with HTTP `status` (429, 500, 400, 401, ...) and an OpenAI-shaped error."""
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ScriptError(f"Fault.http status must be an int from 400 to 599, got {status!r}")
        if retry_after is not None and retry_after < 0:
            raise ScriptError(f"Fault.http retry_after must be >= 0 seconds, got {retry_after!r}")
        return cls("http", status=status, retry_after=retry_after, body=body, headers=dict(headers or {}))

    @classmethod
    def stall(cls, seconds: float) -> Fault:
        """Keep the request waiting `seconds` (past the client's timeout), then answer 504.

        The test server ends a stall early when it stops, so stalls never slow down teardown.
        """
        if seconds < 0:
            raise ScriptError(f"Fault.stall seconds must be >= 0, got {seconds!r}")
        return cls("stall", status=504, seconds=float(seconds))

    @classmethod
    def malformed(cls) -> Fault:
        """Answer 200 with a body that is not valid JSON."""
        return cls("malformed", status=200)

    @classmethod
    def disconnect(cls) -> Fault:
        """Close the connection without sending any response."""
        return cls("disconnect", status=0)

    @classmethod
    def cut(cls, reply: str | dict[str, Any], after_chunks: int = 2) -> Fault:
        """Start streaming `reply`, then drop the connection after `after_chunks` chunks.

        A request that does not stream is dropped before any response, as with `disconnect`.
        """
        if not isinstance(reply, str | dict):
            raise ScriptError(f"Fault.cut needs a str or dict reply to start streaming, got {reply!r}")
        if after_chunks < 0:
            raise ScriptError(f"Fault.cut after_chunks must be >= 0, got {after_chunks!r}")
        return cls("cut", status=200, partial=reply, after_chunks=after_chunks)


Resolved: TypeAlias = str | dict[str, Any] | Fault
Reply: TypeAlias = str | dict[str, Any] | Fault | BaseException | Callable[[dict[str, Any]], Any]
Responder: TypeAlias = Callable[[dict[str, Any]], Any]


def check_reply(reply: object) -> None:
    """Reject a reply of the wrong kind when it is scripted, not when it is finally used."""
    if isinstance(reply, str | dict | Fault | BaseException) or callable(reply):
        return
    raise ScriptError(
        f"a scripted reply must be a str, a dict of message fields, a Fault, an exception or a callable "
        f"taking the request JSON; got {type(reply).__name__}: {reply!r}"
    )


async def resolve_reply(reply: Reply, request: dict[str, Any]) -> Resolved:
    """Call a callable reply (awaiting it if async); raise an exception reply."""
    value: Any = reply
    if callable(value) and not isinstance(value, Fault):
        value = value(request)
        if inspect.isawaitable(value):
            value = await value
    if isinstance(value, str | dict | Fault):
        return value
    if isinstance(value, BaseException):
        raise value
    raise ScriptError(
        f"a reply function must return a str, a dict of message fields, a Fault or an exception; "
        f"got {type(value).__name__}: {value!r}"
    )


_MESSAGE_KEYS = frozenset({"content", "role", "tool_calls", "function_call", "refusal", "finish_reason"})


def _arguments(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _tool_call(item: Any, index: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ScriptError(
            f"tool_calls[{index}] must be a dict like {{'name': ..., 'arguments': ...}}, got {item!r}"
        )
    function = item.get("function", item)
    name = function.get("name") if isinstance(function, dict) else None
    if not isinstance(name, str) or not name:
        raise ScriptError(f"tool_calls[{index}] needs a function 'name' (a non-empty str), got {item!r}")
    return {
        "id": item.get("id") or f"call_{uuid.uuid4().hex[:24]}",
        "type": "function",
        "function": {"name": name, "arguments": _arguments(function.get("arguments", {}))},
    }


def normalize_message(reply: str | dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Turn a text or dict reply into (assistant message JSON, finish_reason)."""
    if isinstance(reply, str):
        return {"role": "assistant", "content": reply, "refusal": None}, "stop"
    unknown = set(reply) - _MESSAGE_KEYS
    if unknown:
        raise ScriptError(
            f"unknown key(s) {sorted(unknown)} in scripted reply {reply!r}; allowed: {sorted(_MESSAGE_KEYS)}"
        )
    content = reply.get("content")
    if content is not None and not isinstance(content, str):
        raise ScriptError(f"scripted reply 'content' must be a str or None, got {content!r}")
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": reply.get("refusal")}
    finish_reason = "stop"
    tool_calls = reply.get("tool_calls")
    if tool_calls:
        if not isinstance(tool_calls, list):
            raise ScriptError(f"scripted reply 'tool_calls' must be a list, got {tool_calls!r}")
        message["tool_calls"] = [_tool_call(item, i) for i, item in enumerate(tool_calls)]
        finish_reason = "tool_calls"
    function_call = reply.get("function_call")
    if function_call:
        name = function_call.get("name") if isinstance(function_call, dict) else None
        if not isinstance(name, str) or not name:
            raise ScriptError(f"scripted reply 'function_call' needs a 'name', got {function_call!r}")
        message["function_call"] = {"name": name, "arguments": _arguments(function_call.get("arguments", {}))}
        finish_reason = "function_call"
    finish_reason = reply.get("finish_reason", finish_reason)
    return message, finish_reason


def reply_text(reply: str | dict[str, Any]) -> str:
    """The text of a reply for the legacy (prompt) completions API."""
    if isinstance(reply, str):
        return reply
    text = reply.get("content")
    if not isinstance(text, str):
        raise ScriptError(f"a reply to a legacy completion must have str 'content', got {reply!r}")
    return text


def estimate_tokens(text: str) -> int:
    """About 4 characters a token, and never 0 for non-empty text: cheap and good enough for usage."""
    return (len(text) + 3) // 4


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # multimodal parts: count the text ones
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def prompt_tokens(request: Mapping[str, Any]) -> int:
    """Estimate the prompt tokens of a chat (``messages``) or legacy (``prompt``) request."""
    messages = request.get("messages")
    if isinstance(messages, list):
        total = 3  # priming of the reply
        for message in messages:
            if not isinstance(message, dict):
                continue
            total += 3 + estimate_tokens(_content_text(message.get("content")))
            if message.get("name"):
                total += 1
            for call in message.get("tool_calls") or ():
                function = call.get("function", {}) if isinstance(call, dict) else {}
                total += 3 + estimate_tokens(
                    str(function.get("name", "")) + str(function.get("arguments", ""))
                )
        for key in ("tools", "functions"):
            if request.get(key):
                total += estimate_tokens(json.dumps(request[key]))
        return total
    prompt = request.get("prompt", "")
    if isinstance(prompt, list):
        return max(1, sum(estimate_tokens(p) for p in prompt if isinstance(p, str)))
    return max(1, estimate_tokens(prompt if isinstance(prompt, str) else ""))


def completion_tokens(message: Mapping[str, Any]) -> int:
    """Estimate the tokens of an assistant message: its text plus any call names and arguments."""
    total = estimate_tokens(message.get("content") or "")
    for call in message.get("tool_calls") or ():
        total += 2 + estimate_tokens(call["function"]["name"] + call["function"]["arguments"])
    if message.get("function_call"):
        total += 2 + estimate_tokens(message["function_call"]["name"] + message["function_call"]["arguments"])
    return max(total, 1)
