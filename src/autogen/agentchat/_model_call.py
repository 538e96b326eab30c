"""One model call of an agent: the history in, the next message out (names made API-safe).

Used by the LLM reply and by the reflection summary; below both, so neither imports the other.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Any

from autogen.agentchat._messages import unroll_tool_responses
from autogen.agentchat.agent import Agent

if TYPE_CHECKING:
    from autogen.cache.abstract_cache_base import AbstractCache
    from autogen.oai.client import OpenAIWrapper

__all__ = ["a_reply_from_client"]

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
