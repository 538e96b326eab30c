"""What a reply function may read and do: the public surface the built-in replies are written on.

A reply function keeps v0.2's signature, `reply_func(recipient, messages, sender, config) ->
(final, reply)`. To act as the built-ins do, it asks the agent for its context:

```python
def shout(recipient, messages, sender, config):
    ctx = recipient.reply_context(sender, messages, config)
    if ctx.client is None:
        return False, None
    return True, str(ctx.last_message(sender)["content"]).upper()
```

The context holds the history of this conversation, the agent's model client and cache, its
code executor and its settings (human input mode, termination test, auto-reply limit, the
functions it runs), and lets the function ask the human or `send`. It is a snapshot of
references, not copies: appending to `messages` appends to the agent's history. Nothing in
`replies/` reads an agent's private attributes, so a contrib agent or a user's subclass can
do everything the built-ins do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from autogen.agentchat._executors import executor_for
from autogen.agentchat.agent import Agent, HumanInputMode

if TYPE_CHECKING:
    from autogen.cache.abstract_cache_base import AbstractCache
    from autogen.coding.base import CodeExecutor
    from autogen.oai.client import OpenAIWrapper

__all__ = ["ReplyContext", "SupportsReplyContext"]

Message = dict[str, Any]


async def _no_human(prompt: str) -> str:
    return ""


def _never(message: Message) -> bool:
    return False


@dataclass
class ReplyContext:
    """The conversation and the agent's means, as one reply function sees them (see the module doc)."""

    agent: Agent
    """the agent replying"""
    sender: Agent | None = None
    """whom it replies to (None when asked without a sender)"""
    messages: list[Message] = field(default_factory=list)
    """the messages to reply to: the history with `sender` unless the caller gave others"""
    config: Any = None
    """the `config` this reply function was registered with"""
    chat_messages: Mapping[Agent, list[Message]] = field(default_factory=dict)
    """the agent's history with each peer (the live lists)"""
    client: OpenAIWrapper | None = None
    """the agent's model client; None when it has no LLM"""
    cache: AbstractCache | None = None
    """the cache of the running chat (`initiate_chat(cache=...)`), passed to `client.create`"""
    system_messages: list[Message] = field(default_factory=list)
    """what the model sees before the history"""
    code_execution_config: dict[str, Any] | Literal[False] = False
    """the agent's `code_execution_config` (False: it runs no code)"""
    function_map: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    """name → function the agent runs for a model's tool or function call"""
    function_timeout: float | None = None
    """seconds a function may run before its call is answered with a timeout error"""
    human_input_mode: HumanInputMode = "NEVER"
    is_termination_msg: Callable[[Message], bool] = _never
    ask_human: Callable[[str], Awaitable[str]] = _no_human
    """ask the agent's human (its `get_human_input`, an override included)"""
    auto_reply_counts: MutableMapping[Agent | None, int] = field(default_factory=dict)
    """consecutive auto replies per peer (the agent's live counters)"""
    max_auto_reply: int = 0
    """the auto-reply limit towards `sender`"""

    @property
    def name(self) -> str:
        return self.agent.name

    def history(self, peer: Agent | None = None) -> list[Message]:
        """The history with `peer` (default: `sender`); empty when there is none."""
        peer = self.sender if peer is None else peer
        return self.chat_messages.get(peer, []) if peer is not None else []

    def last_message(self, peer: Agent | None = None) -> Message | None:
        history = self.history(peer)
        return history[-1] if history else None

    def code_executor(self) -> CodeExecutor:
        """The agent's executor for its `code_execution_config` (or the given `config`), reused."""
        config = self.config if isinstance(self.config, dict) else self.code_execution_config
        return executor_for(self.agent, config or {})

    @property
    def auto_replies(self) -> int:
        """Consecutive auto replies to `sender` so far."""
        return self.auto_reply_counts.get(self.sender, 0)

    @auto_replies.setter
    def auto_replies(self, value: int) -> None:
        self.auto_reply_counts[self.sender] = value

    async def send(
        self,
        message: Message | str,
        recipient: Agent,
        request_reply: bool | None = None,
        silent: bool = False,
    ) -> None:
        """Send `message` as the agent (its history, hooks and the recipient's reply included)."""
        send: Callable[..., Awaitable[None]] = self.agent.a_send
        await send(message, recipient, request_reply, silent)


class SupportsReplyContext(Protocol):
    """An agent that gives reply functions a `ReplyContext` (every `ConversableAgent`)."""

    @property
    def name(self) -> str: ...

    def reply_context(
        self, sender: Agent | None, messages: list[Message] | None = None, config: Any = None
    ) -> ReplyContext: ...
