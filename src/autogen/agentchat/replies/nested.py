"""Nested chats: a reply made by running other chats first (`register_nested_chats`).

When the trigger matches, the agent runs `chat_queue` as sequential chats, itself as the default
sender. The first chat's message defaults to the last message received; a callable message is
called as `message(recipient, messages, sender, config)`. The reply is the last chat's summary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from autogen._bridge import maybe_await
from autogen.agentchat._sequential import a_initiate_chats_sequential
from autogen.agentchat.agent import Agent
from autogen.agentchat.reply_context import SupportsReplyContext
from autogen.exceptions import AgentConfigError

__all__ = ["a_summary_from_nested_chats", "make_nested_reply"]


async def a_summary_from_nested_chats(
    chat_queue: list[dict[str, Any]],
    recipient: SupportsReplyContext,
    messages: list[dict[str, Any]] | None = None,
    sender: Agent | None = None,
    config: Any = None,
) -> tuple[bool, Any]:
    """Run `chat_queue` and reply with the summary of its last chat (no chat to run: no reply)."""
    ctx = recipient.reply_context(sender, messages, config)
    to_run: list[dict[str, Any]] = []
    for i, chat in enumerate(chat_queue):
        chat = dict(chat)
        if chat.get("sender") is None:
            chat["sender"] = ctx.agent
        message = chat.get("message")
        if message is None and i == 0:
            last = ctx.messages[-1] if ctx.messages else None
            message = (last or {}).get("content")
        if callable(message):
            message = await maybe_await(message, recipient, messages, sender, config)
        if message:
            chat["message"] = message
            to_run.append(chat)
    if not to_run:
        return True, None
    results = await a_initiate_chats_sequential(to_run)
    return True, results[-1].summary


def make_nested_reply(
    chat_queue: list[dict[str, Any]], reply_func_from_nested_chats: str | Callable[..., Any]
) -> Callable[..., Any]:
    """A reply function running `chat_queue` through `reply_func_from_nested_chats` (v0.2 signature:
    `f(chat_queue, recipient, messages, sender, config) -> (final, reply)`)."""
    if reply_func_from_nested_chats == "summary_from_nested_chats":
        func: Callable[..., Any] = a_summary_from_nested_chats
    elif callable(reply_func_from_nested_chats):
        func = reply_func_from_nested_chats
    else:
        raise AgentConfigError(
            "reply_func_from_nested_chats must be 'summary_from_nested_chats' or a callable, "
            f"got {reply_func_from_nested_chats!r}."
        )

    async def nested_reply(
        recipient: SupportsReplyContext,
        messages: list[dict[str, Any]] | None = None,
        sender: Agent | None = None,
        config: Any = None,
    ) -> Any:
        return await maybe_await(func, chat_queue, recipient, messages, sender, config)

    functools.update_wrapper(nested_reply, func, assigned=("__name__", "__qualname__", "__doc__"))
    return nested_reply
