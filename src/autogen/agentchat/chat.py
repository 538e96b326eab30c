"""Conversations as values: `ChatResult`, sequential chats, and saving and resuming a chat.

The public face of the chats layer (v0.2's `autogen.agentchat.chat`). `ChatResult` lives in
`_chat_result.py` and the chat queues in `_sequential.py`, below the agents, so that the agents
(which return results and run nested chats) never import this module; it imports them.
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
from collections.abc import Callable
from typing import Any

from autogen._bridge import run_sync, sync_function
from autogen.agentchat._chat_result import ChatResult
from autogen.agentchat._chats import resume_two_agent_chat
from autogen.agentchat._sequential import a_initiate_chats, a_initiate_chats_sequential
from autogen.agentchat._summary import post_process_carryover_item as _post_process_carryover_item  # noqa: F401 (v0.2.35 path)
from autogen.agentchat.conversable_agent import ConversableAgent
from autogen.exceptions import ChatNotFoundError

__all__ = [
    "ChatResult",
    "a_initiate_chats",
    "a_resume_chat",
    "initiate_chats",
    "load_chat",
    "resume_chat",
    "save_chat",
]


def initiate_chats(chat_queue: list[dict[str, Any]]) -> list[ChatResult]:
    """Run the chats of `chat_queue` one after another; each dict holds `initiate_chat` arguments
    plus `sender` and `recipient`. Returns their results in order."""
    return run_sync(a_initiate_chats_sequential(chat_queue))


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
            raise ChatNotFoundError(f"{os.fspath(path)!r} holds no state for an agent named {agent.name!r}.")
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
    return await resume_two_agent_chat(
        sender, recipient, silent, max_turns, summary_method, summary_args, cache
    )


resume_chat = sync_function(a_resume_chat)
