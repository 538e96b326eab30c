"""Turning what agents pass around into OpenAI-shaped message dicts.

A message may be a string, a dict, or an object with `model_dump` (an SDK message). The stored
form keeps only the fields the chat API understands plus our own (`tool_responses`, `context`),
and sets `role` from the point of view of the agent keeping the history: its own messages are
`assistant`, everybody else's `user`; `function` and `tool` messages keep their role; any message
carrying a function or tool call is `assistant`, the only role allowed to carry one.
"""

from __future__ import annotations

from typing import Any

__all__ = ["field_of", "message_to_dict", "to_oai_message", "unroll_tool_responses"]

_KEPT = ("content", "function_call", "tool_calls", "tool_responses", "tool_call_id", "name", "context")


def message_to_dict(message: Any) -> dict[str, Any]:
    """A message as a dict: strings become `{"content": ...}`; dicts are used as they are (not copied)."""
    if isinstance(message, dict):
        return message
    if isinstance(message, str):
        return {"content": message}
    if hasattr(message, "model_dump"):
        dumped: dict[str, Any] = message.model_dump(exclude_none=True)
        return dumped
    return dict(message)


def to_oai_message(message: dict[str, Any], role: str, name: str) -> dict[str, Any] | None:
    """The stored form of `message`, or None when it has neither content nor a call.

    `role` is the role from the keeper's point of view; `name` is the author's name, set when the
    message has none (function and tool results keep theirs).
    """
    oai = {k: message[k] for k in _KEPT if k in message and message[k] is not None}
    if "content" not in oai:
        if "function_call" in oai or "tool_calls" in oai:
            oai["content"] = None  # a call without text is still a message
        else:
            return None
    given_role = message.get("role")
    oai["role"] = given_role if given_role in ("function", "tool") else role
    if oai.get("function_call") or oai.get("tool_calls"):
        oai["role"] = "assistant"
    elif "name" not in oai:
        oai["name"] = name
    return oai


def unroll_tool_responses(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages as the chat API wants them: each `tool_responses` entry becomes its own message.

    A message whose role is `tool` only concatenates its responses, so it is replaced by them.
    `messages` itself is returned when none holds responses (the common case: a scan, no copy).
    """
    for first, message in enumerate(messages):
        if "tool_responses" in message:
            return messages[:first] + _unrolled(messages[first:])
    return messages


def _unrolled(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for message in messages:
        responses = message.get("tool_responses")
        if responses:
            out.extend(responses)
            if message.get("role") != "tool":
                out.append({k: v for k, v in message.items() if k != "tool_responses"})
        else:
            out.append(message)
    return out


def field_of(obj: Any, key: str) -> Any:
    """`obj[key]` of a dict, `obj.key` of an SDK object; None when absent."""
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
