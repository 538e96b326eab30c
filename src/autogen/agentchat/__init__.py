"""Agents and conversations: the v0.2 multi-agent conversation framework.

`GroupChat` and `GroupChatManager` load on first use, so `import autogen.agentchat` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autogen._lazy import lazy_attributes
from autogen.agentchat.agent import Agent, LLMAgent
from autogen.agentchat.assistant_agent import AssistantAgent
from autogen.agentchat.chat import (
    ChatResult,
    a_initiate_chats,
    initiate_chats,
    load_chat,
    resume_chat,
    save_chat,
)
from autogen.agentchat.conversable_agent import ConversableAgent, register_function
from autogen.agentchat.user_proxy_agent import UserProxyAgent
from autogen.agentchat.utils import gather_usage_summary

if TYPE_CHECKING:
    from autogen.agentchat.groupchat import GroupChat, GroupChatManager

__all__ = [
    "Agent",
    "AssistantAgent",
    "ChatResult",
    "ConversableAgent",
    "GroupChat",
    "GroupChatManager",
    "LLMAgent",
    "UserProxyAgent",
    "a_initiate_chats",
    "gather_usage_summary",
    "initiate_chats",
    "load_chat",
    "register_function",
    "resume_chat",
    "save_chat",
]

_LAZY = {"GroupChat": "autogen.agentchat.groupchat", "GroupChatManager": "autogen.agentchat.groupchat"}


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)
