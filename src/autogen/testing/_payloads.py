"""OpenAI wire shapes: completion bodies, stream chunks and error bodies, as plain JSON dicts.

Both test doubles build their answers here: the server serialises the dicts once per request,
the scripted client validates them into the SDK's typed objects. Streams split text at word
boundaries and tool-call arguments into short slices, so a consumer sees several deltas.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable
from typing import Any

from autogen.testing._replies import completion_tokens, estimate_tokens

__all__ = [
    "MALFORMED_BODY",
    "chat_chunks",
    "chat_completion",
    "completion_chunks",
    "dumps",
    "error_body",
    "new_id",
    "sse",
    "text_completion",
    "usage",
]

SYSTEM_FINGERPRINT = "fp_autogen_testkit"
MALFORMED_BODY = b'{"id": "chatcmpl-malformed", "object": "chat.completion", "choices": [{"index": 0, "mess'
_WORDS = re.compile(r"\S+\s*|\s+")
_ARGUMENT_SLICE = 16


def dumps(value: Any) -> bytes:
    """Compact JSON bytes: the one encoding step per response."""
    return json.dumps(value, separators=(",", ":")).encode()


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:24]}"


def usage(prompt: int, completion: int) -> dict[str, int]:
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def chat_completion(
    message: dict[str, Any], finish_reason: str, *, model: str, prompt_tokens: int, n: int = 1
) -> dict[str, Any]:
    """A ``chat.completion`` body with `n` identical choices of `message`."""
    return {
        "id": new_id("chatcmpl-"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": SYSTEM_FINGERPRINT,
        "choices": [
            {"index": i, "message": message, "logprobs": None, "finish_reason": finish_reason}
            for i in range(n)
        ],
        "usage": usage(prompt_tokens, completion_tokens(message) * n),
    }


def text_completion(text: str, *, model: str, prompt_tokens: int, n: int = 1) -> dict[str, Any]:
    """A legacy ``text_completion`` body with `n` identical choices of `text`."""
    return {
        "id": new_id("cmpl-"),
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": SYSTEM_FINGERPRINT,
        "choices": [{"index": i, "text": text, "logprobs": None, "finish_reason": "stop"} for i in range(n)],
        "usage": usage(prompt_tokens, max(1, estimate_tokens(text)) * n),
    }


def _slices(text: str, size: int = _ARGUMENT_SLICE) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _message_deltas(message: dict[str, Any]) -> Iterable[dict[str, Any]]:
    yield {"role": "assistant", "content": "" if message.get("content") is not None else None}
    for word in _WORDS.findall(message.get("content") or ""):
        yield {"content": word}
    for index, call in enumerate(message.get("tool_calls") or ()):
        function = call["function"]
        yield {
            "tool_calls": [
                {
                    "index": index,
                    "id": call["id"],
                    "type": "function",
                    "function": {"name": function["name"], "arguments": ""},
                }
            ]
        }
        for piece in _slices(function["arguments"]):
            yield {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}
    if message.get("function_call"):
        function = message["function_call"]
        yield {"function_call": {"name": function["name"], "arguments": ""}}
        for piece in _slices(function["arguments"]):
            yield {"function_call": {"arguments": piece}}


def chat_chunks(
    message: dict[str, Any],
    finish_reason: str,
    *,
    model: str,
    prompt_tokens: int,
    n: int = 1,
    include_usage: bool = False,
) -> list[dict[str, Any]]:
    """The ``chat.completion.chunk`` sequence a streaming request receives (before ``[DONE]``)."""
    head = {
        "id": new_id("chatcmpl-"),
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }
    extra: dict[str, Any] = {"usage": None} if include_usage else {}
    chunks: list[dict[str, Any]] = []
    for index in range(n):
        for delta in _message_deltas(message):
            chunks.append(
                {
                    **head,
                    "choices": [{"index": index, "delta": delta, "logprobs": None, "finish_reason": None}],
                    **extra,
                }
            )
        chunks.append(
            {
                **head,
                "choices": [{"index": index, "delta": {}, "logprobs": None, "finish_reason": finish_reason}],
                **extra,
            }
        )
    if include_usage:
        chunks.append({**head, "choices": [], "usage": usage(prompt_tokens, completion_tokens(message) * n)})
    return chunks


def completion_chunks(
    text: str, *, model: str, prompt_tokens: int, n: int = 1, include_usage: bool = False
) -> list[dict[str, Any]]:
    """The legacy ``text_completion`` chunk sequence of a streaming prompt request."""
    head = {"id": new_id("cmpl-"), "object": "text_completion", "created": int(time.time()), "model": model}
    chunks: list[dict[str, Any]] = []
    for index in range(n):
        for word in _WORDS.findall(text):
            chunks.append(
                {**head, "choices": [{"index": index, "text": word, "logprobs": None, "finish_reason": None}]}
            )
        chunks.append(
            {**head, "choices": [{"index": index, "text": "", "logprobs": None, "finish_reason": "stop"}]}
        )
    if include_usage:
        chunks.append(
            {**head, "choices": [], "usage": usage(prompt_tokens, max(1, estimate_tokens(text)) * n)}
        )
    return chunks


def sse(chunks: Iterable[dict[str, Any]], *, done: bool = True) -> bytes:
    """Server-sent events: one ``data:`` line per chunk, then ``data: [DONE]`` (unless not `done`)."""
    events = b"".join(b"data: " + dumps(chunk) + b"\n\n" for chunk in chunks)
    return events + b"data: [DONE]\n\n" if done else events


_ERROR_KINDS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "The request was invalid (scripted by the test server)."),
    401: (
        "invalid_request_error",
        "invalid_api_key",
        "Incorrect API key provided (scripted by the test server).",
    ),
    403: ("permission_error", None, "You are not allowed to do this (scripted by the test server)."),
    404: (
        "invalid_request_error",
        "model_not_found",
        "The model does not exist (scripted by the test server).",
    ),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached (scripted by the test server)."),
}


def error_body(
    status: int, message: str | None = None, *, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    """An OpenAI-shaped error: ``{"error": {"message", "type", "param", "code"}}``."""
    kind, default_code, default_message = _ERROR_KINDS.get(
        status, ("server_error", None, "The server had an error (scripted by the test server).")
    )
    return {
        "error": {
            "message": message or default_message,
            "type": kind,
            "param": param,
            "code": code or default_code,
        }
    }
