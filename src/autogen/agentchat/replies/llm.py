"""The LLM reply: the agent's system message plus the history, through its `OpenAIWrapper`.

The request is one new list holding the stored message dicts themselves (no per-message
copies). Tool results kept together in one message (`tool_responses`) are unrolled into the
separate messages the API wants; a history without any is only scanned, not copied. The scan
runs every time, because a history can also grow by other paths than the agent's own (the
`chat_messages` constructor argument, code appending to the live `chat_messages` lists).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from autogen.agentchat._messages import unroll_tool_responses

__all__ = ["a_generate_oai_reply", "a_reply_from_client"]

_INVALID_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")


def _normalize_name(name: str) -> str:
    return _INVALID_NAME_CHARS.sub("_", name)[:64]


async def a_reply_from_client(
    agent: Any, client: Any, messages: list[dict[str, Any]], cache: Any
) -> str | dict[str, Any] | None:
    """Ask `client` for the next message after `messages`; None when the model gave nothing usable."""
    messages = unroll_tool_responses(messages)
    context = messages[-1].pop("context", None) if messages else None
    response = await client.a_create(context=context, messages=messages, cache=cache, agent=agent)
    extracted = client.extract_text_or_completion_object(response)[0]
    if extracted is None:
        warnings.warn(f"The model's response has no message: {response!r}", UserWarning, stacklevel=2)
        return None
    if not isinstance(extracted, str) and hasattr(extracted, "model_dump"):
        extracted = extracted.model_dump(exclude_none=True)
    if isinstance(extracted, dict):
        # names go back to the API on the next turn, which accepts only [a-zA-Z0-9_-]{1,64}
        call = extracted.get("function_call")
        if call and call.get("name"):
            call["name"] = _normalize_name(call["name"])
        for tool_call in extracted.get("tool_calls") or []:
            function = tool_call.get("function") or {}
            if function.get("name"):
                function["name"] = _normalize_name(function["name"])
    result: str | dict[str, Any] = extracted
    return result


async def a_generate_oai_reply(
    recipient: Any, messages: list[dict[str, Any]] | None = None, sender: Any = None, config: Any = None
) -> tuple[bool, str | dict[str, Any] | None]:
    """`(True, reply)` from the model; `(False, None)` when the agent has no LLM or `config` none."""
    client = recipient.client if config is None else config
    if client is None:
        return False, None
    if messages is None:
        messages = recipient.chat_messages[sender]
    reply = await a_reply_from_client(
        recipient, client, recipient._oai_system_message + messages, recipient.client_cache
    )
    return (reply is not None), reply
