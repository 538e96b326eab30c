"""Conversations as values: `ChatResult`, sequential chats, and saving and resuming a chat.

Sequential chats (`initiate_chats`) run one chat after another; each chat's `carryover` is its
own plus the summaries of the chats before it, appended to its first message as context.

Save and resume
---------------
A conversation's state is both agents' histories with each other and their counters (auto-reply
counts and limits, who replies on receipt, human input so far). It is plain JSON:

```python
save_chat("chat.json", user_proxy, assistant)          # after (or during) a chat
...                                                     # new process, agents built the same way
load_chat("chat.json", user_proxy, assistant)
result = resume_chat(user_proxy, assistant)             # continues where it stopped
```

`resume_chat` lets whoever owes a reply answer the last message and carries the chat on as
`initiate_chat` would (`max_turns`, `summary_method`, … are accepted). Agents are matched by
name, so the file stays valid across processes. `ConversableAgent.save_state()` /
`load_state(state, peers)` do the same for one agent, as a dict.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from autogen._bridge import run_sync, sync_function
from autogen.agentchat._printing import colour, use_colour
from autogen.io import IOStream

if TYPE_CHECKING:
    from autogen.agentchat.conversable_agent import ConversableAgent

__all__ = [
    "ChatResult",
    "a_initiate_chats",
    "a_resume_chat",
    "initiate_chats",
    "load_chat",
    "resume_chat",
    "save_chat",
]


@dataclass
class ChatResult:
    """What a finished chat returns."""

    chat_id: Any = None
    """identifies the chat; `a_initiate_chats` keys results by it"""
    chat_history: list[dict[str, Any]] = field(default_factory=list)
    """the initiating agent's history with its peer (the live list)"""
    summary: Any = None
    """by `summary_method`: the last message by default"""
    cost: dict[str, Any] = field(default_factory=dict)
    """`gather_usage_summary` of both agents: usage including and excluding cached inference"""
    human_input: list[str] = field(default_factory=list)
    """what the human typed during the chat"""


def _check_queue(chat_queue: list[dict[str, Any]]) -> None:
    for i, chat in enumerate(chat_queue):
        if "sender" not in chat or "recipient" not in chat:
            raise ValueError(f"chat_queue[{i}] needs a 'sender' and a 'recipient' agent.")
        method = chat.get("summary_method")
        if not (method is None or callable(method) or method in ("last_msg", "reflection_with_llm")):
            raise ValueError(
                f"chat_queue[{i}]: summary_method must be 'last_msg', 'reflection_with_llm', "
                "a callable or None."
            )
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


def initiate_chats(chat_queue: list[dict[str, Any]]) -> list[ChatResult]:
    """Run the chats of `chat_queue` one after another; each dict holds `initiate_chat` arguments
    plus `sender` and `recipient`. Returns their results in order."""
    return run_sync(a_initiate_chats_sequential(chat_queue))


async def a_initiate_chats(chat_queue: list[dict[str, Any]]) -> dict[Any, ChatResult]:
    """Run the chats of `chat_queue` concurrently where `prerequisites` allow; results by `chat_id`.

    Each chat may name a `chat_id` (default: its index) and `prerequisites` (chat ids that must
    finish first, whose summaries become its carryover). Chats without prerequisites start at once.
    """
    import asyncio

    _check_queue(chat_queue)
    chats = {
        chat.get("chat_id", i): {**chat, "chat_id": chat.get("chat_id", i)}
        for i, chat in enumerate(chat_queue)
    }
    for chat_id, chat in chats.items():
        missing = [p for p in chat.get("prerequisites", []) if p not in chats]
        if missing:
            raise ValueError(f"chat {chat_id!r} has prerequisites {missing} that are not in the chat queue.")
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


# ---- save and resume ----------------------------------------------------------------------------
def save_chat(path: str | os.PathLike[str], *agents: ConversableAgent) -> None:
    """Write the state of `agents` (their histories with each other, counters) to a JSON file."""
    state = {"version": 1, "agents": [agent.save_state() for agent in agents]}
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, indent=1, default=str)
    os.replace(tmp, path)  # a crash mid-write never leaves half a file


def load_chat(path: str | os.PathLike[str], *agents: ConversableAgent) -> None:
    """Restore into `agents` (built as before, same names) the state `save_chat` wrote."""
    with open(path, encoding="utf-8") as f:
        state = json.load(f)
    by_name = {s["name"]: s for s in state.get("agents", [])}
    for agent in agents:
        if agent.name not in by_name:
            raise ValueError(f"{os.fspath(path)!r} holds no state for an agent named {agent.name!r}.")
        agent.load_state(by_name[agent.name], [a for a in agents if a is not agent])


async def a_resume_chat(
    sender: ConversableAgent,
    recipient: ConversableAgent,
    silent: bool = False,
    max_turns: int | None = None,
    summary_method: str | Callable[..., Any] | None = "last_msg",
    summary_args: dict[str, Any] | None = None,
    cache: Any = None,
) -> ChatResult:
    """Carry on the chat between `sender` (who started it) and `recipient` from its last message.

    Whoever owes a reply answers the last message, and the chat goes on as `initiate_chat` would
    (with `max_turns`, `sender` sends at most that many more messages).
    """
    from autogen.agentchat._chat_run import resume_two_agent_chat

    return await resume_two_agent_chat(
        sender, recipient, silent, max_turns, summary_method, summary_args, cache
    )


resume_chat = sync_function(a_resume_chat)
