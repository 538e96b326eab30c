"""Tool and function calls inside a group chat: who can run them, and the answer when nobody can.

An assistant message that carries `tool_calls` must be followed by one tool message per call id,
or the next request to an OpenAI endpoint fails with a 400. So a call that no member of the
group can execute is answered by the manager with an error per call, and the model can recover.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from autogen._content import content_str as _content_str
from autogen.agentchat._groupchat.prompts import SPLIT_CALLS_TEMPLATE, UNEXECUTABLE_CALL_TEMPLATE
from autogen.agentchat._messages import field_of as _get

__all__ = [
    "called_function_names",
    "capable_agents",
    "content_str",
    "message_text",
    "unexecutable_calls_reply",
]


def _calls(message: dict[str, Any]) -> list[tuple[str | None, str, str]]:
    """(tool_call_id or None for a legacy function_call, function name, arguments) per call."""
    found: list[tuple[str | None, str, str]] = []
    for call in message.get("tool_calls") or ():
        function = _get(call, "function")
        found.append(
            (_get(call, "id"), str(_get(function, "name") or ""), str(_get(function, "arguments") or ""))
        )
    function_call = message.get("function_call")
    if function_call:
        found.append(
            (None, str(_get(function_call, "name") or ""), str(_get(function_call, "arguments") or ""))
        )
    return found


def called_function_names(message: dict[str, Any]) -> list[str]:
    """The function names a message asks to run (empty when it asks for none)."""
    return [name for _, name, _ in _calls(message)]


def _can_execute(agent: Any, names: list[str]) -> bool:
    check = getattr(agent, "can_execute_function", None)
    if callable(check):
        return bool(check(names))
    function_map = getattr(agent, "function_map", None) or {}
    return all(name in function_map for name in names)


def capable_agents(agents: Sequence[Any], names: list[str]) -> list[Any]:
    """The agents that can execute every one of `names`, in the group's order."""
    return [agent for agent in agents if _can_execute(agent, names)]


def unexecutable_calls_reply(message: dict[str, Any], agents: Sequence[Any]) -> dict[str, Any] | None:
    """The error answer to `message`'s calls when no single agent can run them all, else None.

    Shaped like the replies of the tool-call reply functions: a `tool` message with one
    `tool_responses` entry per call id, or a `function` message for a legacy `function_call`.
    """
    found = _calls(message)
    names = [name for _, name, _ in found]
    if not found or capable_agents(agents, names):
        return None
    available = sorted({name for agent in agents for name in (getattr(agent, "function_map", None) or {})})

    def error_for(name: str) -> str:
        if capable_agents(agents, [name]):
            return SPLIT_CALLS_TEMPLATE.format(function_name=name)
        return UNEXECUTABLE_CALL_TEMPLATE.format(function_name=name, available=available or "none")

    tool_responses = [
        {"tool_call_id": call_id, "role": "tool", "content": error_for(name)}
        for call_id, name, _ in found
        if call_id is not None
    ]
    if tool_responses:
        return {
            "role": "tool",
            "tool_responses": tool_responses,
            "content": "\n\n".join(r["content"] for r in tool_responses),
        }
    _, name, _ = found[-1]
    return {"role": "function", "name": name, "content": error_for(name)}


def content_str(content: Any) -> str:
    """Message content as text, multimodal parts joined by spaces (how group chats store it)."""
    return _content_str(content, " ", strict=False)


def message_text(message: dict[str, Any]) -> str:
    """A readable one-string rendering of any chat message, calls and tool results included."""
    pieces = [content_str(message.get("content"))] if message.get("content") not in (None, "") else []
    for _, name, arguments in _calls(message):
        pieces.append(f"[calls {name}({_short(arguments)})]")
    for response in message.get("tool_responses") or ():
        text = content_str(_get(response, "content"))
        if text and text not in "\n".join(pieces):
            pieces.append(text)
    return "\n".join(pieces)


def _short(arguments: str, limit: int = 200) -> str:
    try:
        arguments = json.dumps(json.loads(arguments), separators=(",", ":"))
    except (ValueError, TypeError):
        pass
    return arguments if len(arguments) <= limit else arguments[:limit] + "…"
