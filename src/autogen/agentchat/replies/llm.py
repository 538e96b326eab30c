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
from typing import TYPE_CHECKING, Any

from autogen.agentchat._messages import unroll_tool_responses
from autogen.agentchat.agent import Agent
from autogen.agentchat.reply_context import SupportsReplyContext

if TYPE_CHECKING:
    from autogen.cache.abstract_cache_base import AbstractCache
    from autogen.oai.client import OpenAIWrapper

__all__ = ["a_generate_oai_reply", "a_reply_from_client"]

_INVALID_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")


def _normalize_name(name: str) -> str:
    return _INVALID_NAME_CHARS.sub("_", name)[:64]


async def a_reply_from_client(
    agent: Agent | None, client: OpenAIWrapper, messages: list[dict[str, Any]], cache: AbstractCache | None
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
    recipient: SupportsReplyContext,
    messages: list[dict[str, Any]] | None = None,
    sender: Agent | None = None,
    config: OpenAIWrapper | None = None,
) -> tuple[bool, str | dict[str, Any] | None]:
    """`(True, reply)` from the model; `(False, None)` when the agent has no LLM or `config` none.

    `config`, when given, is the `OpenAIWrapper` to ask instead of the agent's own.
    """
    ctx = recipient.reply_context(sender, messages)
    client = ctx.client if config is None else config
    if client is None:
        return False, None
    reply = await a_reply_from_client(ctx.agent, client, ctx.system_messages + ctx.messages, ctx.cache)
    return (reply is not None), reply
