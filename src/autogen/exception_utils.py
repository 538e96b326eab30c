"""v0.2.3x's `autogen.exception_utils`: the agent errors, which live in `autogen.exceptions`.

The names here are the same class objects, so `except autogen.exception_utils.NoEligibleSpeaker`
catches what the group chat raises.
"""

from __future__ import annotations

from autogen.exceptions import (
    AgentNameConflict,
    InvalidCarryOverType,
    NoEligibleSpeaker,
    SenderRequired,
    UndefinedNextAgent,
)

__all__ = [
    "AgentNameConflict",
    "InvalidCarryOverType",
    "NoEligibleSpeaker",
    "SenderRequired",
    "UndefinedNextAgent",
]
