"""What every agent is: something with a name that sends, receives and replies.

`Agent` is a protocol, so anything with these members takes part in a conversation (group chats
and `register_reply` triggers check it with `isinstance`). It also keeps v0.2's constructor, so
old code that subclasses it (`class MyAgent(Agent): super().__init__(name)`) still works.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol, runtime_checkable

__all__ = ["HUMAN_INPUT_MODES", "Agent", "HumanInputMode", "LLMAgent"]

HumanInputMode = Literal["ALWAYS", "NEVER", "TERMINATE"]
"""When an agent asks its human: every turn, never, or at termination and the auto-reply limit."""
HUMAN_INPUT_MODES: tuple[HumanInputMode, ...] = ("ALWAYS", "NEVER", "TERMINATE")


@runtime_checkable
class Agent(Protocol):
    """An agent in a conversation. Messages are OpenAI-shaped dicts (or a plain string)."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name  # v0.2's base-class constructor, for subclasses that call it

    @property
    def name(self) -> str:
        """How other agents address this one; unique within a group chat."""
        return str(self.__dict__.get("_name", ""))

    @property
    def description(self) -> str:
        """What this agent does, for others deciding who should speak next."""
        return ""

    def send(
        self, message: dict[str, Any] | str, recipient: Agent, request_reply: bool | None = None
    ) -> None:
        """Send a message to `recipient`."""
        ...

    async def a_send(
        self, message: dict[str, Any] | str, recipient: Agent, request_reply: bool | None = None
    ) -> None:
        """Send a message to `recipient`, without blocking the event loop."""
        ...

    def receive(
        self, message: dict[str, Any] | str, sender: Agent, request_reply: bool | None = None
    ) -> None:
        """Take a message from `sender`, and reply to it when asked to."""
        ...

    async def a_receive(
        self, message: dict[str, Any] | str, sender: Agent, request_reply: bool | None = None
    ) -> None:
        """Take a message from `sender`, and reply to it when asked to, without blocking the loop."""
        ...

    def generate_reply(
        self, messages: list[dict[str, Any]] | None = None, sender: Agent | None = None, **kwargs: Any
    ) -> str | dict[str, Any] | None:
        """The reply to `messages` (by default the history with `sender`); None means no reply."""
        ...

    async def a_generate_reply(
        self, messages: list[dict[str, Any]] | None = None, sender: Agent | None = None, **kwargs: Any
    ) -> str | dict[str, Any] | None:
        """The reply to `messages`, computed without blocking the event loop."""
        ...


@runtime_checkable
class LLMAgent(Agent, Protocol):
    """An agent steered by a system message."""

    @property
    def system_message(self) -> str:
        """The instructions the model sees first."""
        ...

    def update_system_message(self, system_message: str) -> None:
        """Replace the instructions the model sees first."""
        ...
