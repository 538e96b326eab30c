"""`ChatResult`: what a finished chat returns. At the bottom of the house: it imports nothing of it.

`autogen.agentchat.chat` is its public home (v0.2's import path); it lives here so that the
agents, which return it, need not import the chats layer above them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ChatResult"]


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
