"""The LLM reply: the agent's system message plus the history, through its `OpenAIWrapper`.

The model call itself is `_model_call.a_reply_from_client` (the reflection summary makes it too).
The request is one new list holding the stored message dicts themselves (no per-message
copies). Tool results kept together in one message (`tool_responses`) are unrolled into the
separate messages the API wants; a history without any is only scanned, not copied. The scan
runs every time, because a history can also grow by other paths than the agent's own (the
`chat_messages` constructor argument, code appending to the live `chat_messages` lists).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autogen.agentchat._model_call import a_reply_from_client
from autogen.agentchat.agent import Agent
from autogen.agentchat.reply_context import SupportsReplyContext

if TYPE_CHECKING:
    from autogen.oai.client import OpenAIWrapper

__all__ = ["a_generate_oai_reply", "a_reply_from_client"]


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
