"""Sequential and concurrent chats: a chat queue, each chat's carryover, and the order they run in.

Each chat of a queue is a dict of `initiate_chat` arguments plus `sender` and `recipient`; it
runs as `sender.a_initiate_chat(**chat)`, so this module needs no agent class (the nested-chat
reply, below the agents, runs its queue here too). Each chat's `carryover` is its own plus the
summaries of the chats before it (or of its `prerequisites`), appended to its first message.
`autogen.agentchat.chat` is the public face.
"""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

from autogen.agentchat._chat_result import ChatResult
from autogen.agentchat._printing import colour, use_colour
from autogen.agentchat._summary import check_summary_method
from autogen.exceptions import AgentConfigError
from autogen.io import IOStream

__all__ = ["a_initiate_chats", "a_initiate_chats_sequential"]


def _check_queue(chat_queue: list[dict[str, Any]]) -> None:
    for i, chat in enumerate(chat_queue):
        if "sender" not in chat or "recipient" not in chat:
            raise AgentConfigError(f"chat_queue[{i}] needs a 'sender' and a 'recipient' agent.")
        try:
            check_summary_method(chat.get("summary_method"))
        except ValueError as e:
            raise type(e)(f"chat_queue[{i}]: {e}") from None
        if "message" not in chat:
            warnings.warn(
                f"chat_queue[{i}] has no 'message': the human will be asked for one.",
                UserWarning,
                stacklevel=3,
            )
    recipients = [chat["recipient"] for chat in chat_queue]
    if len({id(r) for r in recipients}) < len(recipients):
        warnings.warn(
            "Repetitive recipients detected: the same agent receives several chats; its history is "
            "cleared for each unless clear_history=False.",
            UserWarning,
            stacklevel=3,
        )


def _announce(chat: dict[str, Any]) -> None:
    if chat.get("silent", False):
        return
    stream = IOStream.get_default()
    on = use_colour(stream)
    stream.print(colour("\n" + "*" * 80, "blue", on), flush=True, sep="")
    stream.print(colour("Starting a new chat....", "green", on), flush=True)
    if chat.get("verbose", False):
        stream.print(colour(f"Message:\n{chat.get('message')}", "green", on), flush=True)
        stream.print(colour("Carryover:\n" + "\n".join(map(str, chat["carryover"])), "green", on), flush=True)
    stream.print(colour("\n" + "*" * 80, "blue", on), flush=True, sep="")


def _with_carryover(chat: dict[str, Any], summaries: list[Any], exclude: Any = ()) -> dict[str, Any]:
    chat = dict(chat)
    own = chat.get("carryover") or []
    own = [own] if isinstance(own, str) else list(own)
    chat["carryover"] = own + [s for i, s in enumerate(summaries) if i not in exclude]
    return chat


async def a_initiate_chats_sequential(chat_queue: list[dict[str, Any]]) -> list[ChatResult]:
    _check_queue(chat_queue)
    finished: list[ChatResult] = []
    for chat in chat_queue:
        chat = _with_carryover(
            chat,
            [r.summary for r in finished],
            chat.get("finished_chat_indexes_to_exclude_from_carryover", ()),
        )
        _announce(chat)
        result = await chat["sender"].a_initiate_chat(**chat)
        finished.append(result)
    return finished


async def a_initiate_chats(chat_queue: list[dict[str, Any]]) -> dict[Any, ChatResult]:
    """Run the chats of `chat_queue` concurrently where `prerequisites` allow; results by `chat_id`.

    Each chat may name a `chat_id` (default: its index) and `prerequisites` (chat ids that must
    finish first, whose summaries become its carryover). Chats without prerequisites start at once.
    """
    _check_queue(chat_queue)
    chats = {
        chat.get("chat_id", i): {**chat, "chat_id": chat.get("chat_id", i)}
        for i, chat in enumerate(chat_queue)
    }
    for chat_id, chat in chats.items():
        missing = [p for p in chat.get("prerequisites", []) if p not in chats]
        if missing:
            raise AgentConfigError(
                f"chat {chat_id!r} has prerequisites {missing} that are not in the chat queue."
            )
    tasks: dict[Any, asyncio.Task[ChatResult]] = {}

    async def run(chat_id: Any) -> ChatResult:
        chat = chats[chat_id]
        prereqs = [await start(p) for p in chat.get("prerequisites", [])]
        chat = _with_carryover(chat, [r.summary for r in prereqs])
        _announce(chat)
        result: ChatResult = await chat["sender"].a_initiate_chat(**chat)
        return result

    def start(chat_id: Any) -> asyncio.Task[ChatResult]:
        if chat_id not in tasks:
            tasks[chat_id] = asyncio.ensure_future(run(chat_id))
        return tasks[chat_id]

    for chat_id in chats:
        start(chat_id)
    return {chat_id: await task for chat_id, task in list(tasks.items())}
