"""Group chat history operations: the CLEAR HISTORY command and checks on a saved chat to resume.

CLEAR HISTORY (with `enable_clear_history=True`): a member's reply containing
`CLEAR HISTORY [agent_name] [n]` clears the history of that agent (or of every agent and of the
group chat), keeping the last `n` messages; the command words are removed from the reply.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from autogen.agentchat._groupchat.settings import GroupChatSettings
from autogen.agentchat.conversable_agent import ConversableAgent
from autogen.exceptions import InvalidMessageError
from autogen.io import IOStream

__all__ = [
    "apply_clear_history",
    "check_resume_messages",
    "load_saved_chat",
    "messages_from_string",
    "messages_to_string",
    "strip_termination",
    "wants_clear_history",
]

logger = logging.getLogger("autogen.groupchat")
_COMMAND = re.compile(r"\bclear\s+history\b", re.IGNORECASE)


def wants_clear_history(reply: Any) -> bool:
    """Whether a reply carries the CLEAR HISTORY command."""
    content = reply.get("content") if isinstance(reply, dict) else reply
    return isinstance(content, str) and bool(_COMMAND.search(content))


def apply_clear_history(reply: dict[str, Any], groupchat: GroupChatSettings) -> str:
    """Carry out the CLEAR HISTORY command in `reply`; return the reply's text without it."""
    content: str = reply["content"]
    match = list(_COMMAND.finditer(content))[-1]
    words = content[match.end() :].split()
    target: Any = None
    keep: int | None = None
    used = 0
    for word in words[:2]:
        bare = word.rstrip(".,;:!?")
        if bare.isdigit() and keep is None:
            keep, used = int(bare), used + 1
        elif target is None and groupchat.agent_by_name(bare) is not None:
            target, used = groupchat.agent_by_name(bare), used + 1
        else:
            break
    if "tool_responses" in reply and not keep:
        keep = 1  # keep the call that this tool result answers, or the history becomes invalid
        logger.warning("CLEAR HISTORY in a tool response keeps the last message, the call it answers.")
    iostream = IOStream.get_default()
    kept = f" except the last {keep} messages" if keep else ""
    if target is not None:
        iostream.print(f"Clearing history for {target.name}{kept}.")
        target.clear_history(nr_messages_to_preserve=keep)
    else:
        iostream.print(f"Clearing history for all agents{kept}.")
        preserved = groupchat.messages[-keep:] if keep else []
        groupchat.messages[:] = preserved
        for agent in groupchat.agents:
            getattr(agent, "clear_history", lambda **_: None)(nr_messages_to_preserve=keep)
    rest = " ".join(words[used:])
    return (content[: match.start()].rstrip() + (" " + rest if rest else "")).strip()


def check_resume_messages(
    messages: list[dict[str, Any]], groupchat: GroupChatSettings, manager_name: str
) -> None:
    """Raise ValueError, naming the problem, when `messages` cannot be resumed in `groupchat`."""
    if not messages:
        raise InvalidMessageError("Cannot resume a group chat from an empty list of messages.")
    if not groupchat.agents:
        raise InvalidMessageError("Cannot resume: the group chat has no agents.")
    known = {*groupchat.agent_names, manager_name, groupchat.admin_name}
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            raise InvalidMessageError(
                f"Cannot resume: message {index} is a {type(message).__name__}, not a dict."
            )
        name = message.get("name")
        if name is not None and name not in known and message.get("role") not in ("function", "tool"):
            raise InvalidMessageError(
                f"Cannot resume: message {index} was said by {name!r}, which is not an agent of this "
                f"group chat ({groupchat.agent_names}). Add that agent, or rename it in the saved messages."
            )


def strip_termination(
    message: dict[str, Any], remove: str | Callable[[str], str] | None, is_termination: Callable[[Any], bool]
) -> None:
    """Remove the termination text from the last message so the resumed chat does not end at once."""
    content = message.get("content")
    if remove is not None and isinstance(content, str):
        message["content"] = remove(content) if callable(remove) else content.replace(remove, "").strip()
    if is_termination(message):
        logger.warning(
            "The last message of the resumed chat meets the termination condition, so the chat may end "
            "at once. "
            "Pass remove_termination_string to resume() to strip it."
        )


def messages_to_string(messages: list[dict[str, Any]]) -> str:
    """Serialize group chat messages (for `resume`)."""
    return json.dumps(messages)


def messages_from_string(message_string: str) -> list[dict[str, Any]]:
    """Parse messages serialized with `messages_to_string`."""
    messages = json.loads(message_string)
    if not isinstance(messages, list):
        raise InvalidMessageError("The string does not hold a JSON list of messages.")
    return messages


async def load_saved_chat(
    manager: ConversableAgent,
    groupchat: GroupChatSettings,
    messages: list[dict[str, Any]] | str,
    remove_termination_string: str | Callable[[str], str] | None,
    silent: bool,
    is_termination: Callable[[Any], bool],
) -> tuple[Any, dict[str, Any]]:
    """`GroupChatManager.a_resume`: replay all but the last message; return (last speaker, last message).

    Every member's history and the group chat's messages are replaced by the saved ones, as if
    the chat had run: a member's own messages are recorded as sent to the manager, the others as
    received from it. Messages without a member's name are attributed to the manager.
    """
    if isinstance(messages, str):
        messages = messages_from_string(messages)
    elif not isinstance(messages, list):
        raise InvalidMessageError(
            f"resume() needs a list of message dicts or their JSON string, not {type(messages).__name__}."
        )
    check_resume_messages(messages, groupchat, manager.name)
    messages = [dict(m) for m in messages]
    for agent in groupchat.agents:
        if isinstance(agent, ConversableAgent):
            agent.clear_history()
    manager.clear_history()
    groupchat.reset()

    def speaker_of(message: dict[str, Any]) -> Any:
        name = message.get("name")
        agent = groupchat.agent_by_name(name) if isinstance(name, str) else None
        if agent is None:
            message.setdefault("name", manager.name)
            return manager
        return agent

    for message in messages[:-1]:
        speaker = speaker_of(message)
        for agent in groupchat.agents:
            if agent is speaker:
                await agent.a_send(message, manager, request_reply=False, silent=True)
            else:
                await manager.a_send(message, agent, request_reply=False, silent=True)
        groupchat.append(message, speaker)
    last = messages[-1]
    last_agent = speaker_of(last)
    strip_termination(last, remove_termination_string, is_termination)
    if not silent:
        IOStream.get_default().print(
            f"Prepared group chat with {len(messages)} messages; the last speaker is {last_agent.name}.",
            flush=True,
        )
    groupchat.send_introductions = False
    logger.info("Resumed a group chat of %d messages; %s spoke last.", len(messages), last_agent.name)
    return last_agent, last
