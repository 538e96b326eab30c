"""Turn a stream of chunks into the one response a non-streamed call would have returned.

Text is written to `IOStream.get_default()` as it arrives (what a user watching the chat wants
to see); tool-call and function-call fragments are stitched together by index. A stream that
breaks off before every choice has a finish reason is an error, so a partial answer is never
returned or cached.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.completion import Completion

from autogen.exceptions import ModelError
from autogen.io import IOStream

__all__ = ["collect_chat_stream", "collect_completion_stream"]


class _Choice:
    __slots__ = ("content", "finish_reason", "function_call", "refusal", "role", "tool_calls")

    def __init__(self) -> None:
        self.role = "assistant"
        self.content: list[str] = []
        self.refusal: list[str] = []
        self.tool_calls: dict[int, dict[str, Any]] = {}
        self.function_call: dict[str, str] | None = None
        self.finish_reason: str | None = None

    def add(self, delta: Any) -> None:
        if delta.role:
            self.role = delta.role
        if delta.content:
            self.content.append(delta.content)
        if getattr(delta, "refusal", None):
            self.refusal.append(delta.refusal)
        if delta.function_call is not None:
            fc = self.function_call = self.function_call or {"name": "", "arguments": ""}
            fc["name"] += delta.function_call.name or ""
            fc["arguments"] += delta.function_call.arguments or ""
        for part in delta.tool_calls or ():
            call = self.tool_calls.setdefault(
                part.index, {"id": "", "type": "function", "function": {"name": "", "arguments": ""}}
            )
            if part.id:
                call["id"] = part.id
            if part.type:
                call["type"] = part.type
            if part.function is not None:
                call["function"]["name"] += part.function.name or ""
                call["function"]["arguments"] += part.function.arguments or ""

    def message(self) -> dict[str, Any]:
        msg: dict[str, Any] = {"role": self.role, "content": "".join(self.content) if self.content else None}
        if self.refusal:
            msg["refusal"] = "".join(self.refusal)
        if self.function_call is not None:
            msg["function_call"] = self.function_call
        if self.tool_calls:
            msg["tool_calls"] = [self.tool_calls[i] for i in sorted(self.tool_calls)]
        return msg


async def _read(chunks: AsyncIterator[Any], where: str, take: Callable[[Any], None]) -> tuple[Any, Any]:
    """Hand every choice part of every chunk to `take`; return the first chunk and the usage seen."""
    first: Any = None
    usage: Any = None
    try:
        async for chunk in chunks:
            first = first or chunk
            if chunk.usage is not None:
                usage = chunk.usage
            for part in chunk.choices:
                take(part)
    except ModelError:
        raise
    except Exception as err:  # httpx / SSE decoding errors: the stream broke off
        raise ModelError(f"The stream from {where} broke off: {type(err).__name__}: {err}") from err
    return first, usage


def _incomplete(where: str) -> ModelError:
    return ModelError(f"The stream from {where} ended before the answer was complete.")


def _envelope(first: Any, kind: str, usage: Any, choices: list[dict[str, Any]]) -> dict[str, Any]:
    """The response body around `choices`, with the id, time and model of the stream's first chunk."""
    return {
        "id": first.id,
        "object": kind,
        "created": first.created or int(time.time()),
        "model": first.model,
        "choices": choices,
        "usage": usage.model_dump() if usage is not None else None,
    }


async def collect_chat_stream(chunks: AsyncIterator[ChatCompletionChunk], where: str) -> ChatCompletion:
    """Read `chunks` to the end, echoing text, and build the ChatCompletion they add up to."""
    out = IOStream.get_default()
    choices: dict[int, _Choice] = {}

    def take(part: Any) -> None:
        choice = choices.setdefault(part.index, _Choice())
        choice.add(part.delta)
        if part.delta.content:
            out.print(part.delta.content, end="", flush=True)
        if part.finish_reason:
            choice.finish_reason = part.finish_reason

    first, usage = await _read(chunks, where, take)
    if not choices or any(c.finish_reason is None for c in choices.values()):  # also: no chunk at all
        raise _incomplete(where)
    if any(c.content for c in choices.values()):
        out.print("", flush=True)  # end the streamed line
    merged = [
        {"index": i, "finish_reason": c.finish_reason, "logprobs": None, "message": c.message()}
        for i, c in sorted(choices.items())
    ]
    data = _envelope(first, "chat.completion", usage, merged)
    return ChatCompletion.model_validate({**data, "system_fingerprint": first.system_fingerprint})


async def collect_completion_stream(chunks: AsyncIterator[Completion], where: str) -> Completion:
    """The legacy-completion twin of `collect_chat_stream`."""
    out = IOStream.get_default()
    texts: dict[int, list[str]] = {}
    reasons: dict[int, str | None] = {}

    def take(part: Any) -> None:
        texts.setdefault(part.index, []).append(part.text or "")
        if part.text:
            out.print(part.text, end="", flush=True)
        if part.finish_reason:
            reasons[part.index] = part.finish_reason

    first, usage = await _read(chunks, where, take)
    if not texts or any(reasons.get(i) is None for i in texts):  # also: no chunk at all
        raise _incomplete(where)
    out.print("", flush=True)
    merged = [
        {"index": i, "text": "".join(t), "finish_reason": reasons[i], "logprobs": None}
        for i, t in sorted(texts.items())
    ]
    return Completion.model_validate(_envelope(first, "text_completion", usage, merged))
