"""Two-agent chats: `initiate_chat`, `initiate_chats` on an agent, the first message, resuming.

The chat loop is written here, on the agent (a mixin of `ConversableAgent`), so the agents never
import the chats layer above them (`chat.py`); that layer imports this module. Without
`max_turns` the two agents reply to each other until one has no reply; with `max_turns=n` the
sender sends at most n messages, each answered once.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from autogen import _telemetry
from autogen._bridge import maybe_await, sync_method
from autogen.agentchat import _conversation, _summary
from autogen.agentchat._chat_result import ChatResult
from autogen.agentchat._sequential import a_initiate_chats_sequential
from autogen.agentchat.utils import gather_usage_summary
from autogen.exceptions import ChatNotFoundError

if TYPE_CHECKING:
    from autogen.oai.client import OpenAIWrapper

__all__ = ["ChatsMixin", "resume_two_agent_chat"]

_chat_ids = itertools.count(1)
Message = dict[str, Any]


class ChatsMixin:
    _finished_chats: list[ChatResult]
    _human_input: list[str]
    reply_at_receive: Any
    client_cache: Any
    previous_cache: Any

    if TYPE_CHECKING:  # provided by the other parts of ConversableAgent

        @property
        def name(self) -> str: ...
        @property
        def client(self) -> OpenAIWrapper | None: ...
        @property
        def chat_messages(self) -> dict[Any, list[Message]]: ...
        async def _a_ask_human(self, prompt: str) -> str: ...
        async def a_send(
            self,
            message: Message | str,
            recipient: Any,
            request_reply: bool | None = None,
            silent: bool = False,
        ) -> None: ...
        async def a_generate_reply(
            self, messages: list[Message] | None = None, sender: Any = None, **kwargs: Any
        ) -> str | Message | None: ...
        def reset_consecutive_auto_reply_counter(self, sender: Any = None) -> None: ...
        def clear_history(
            self, recipient: Any = None, nr_messages_to_preserve: int | None = None
        ) -> None: ...

    async def a_initiate_chat(
        self,
        recipient: ChatsMixin,
        clear_history: bool = True,
        silent: bool | None = False,
        cache: Any = None,
        max_turns: int | None = None,
        summary_method: str | Callable[..., Any] | None = "last_msg",
        summary_args: dict[str, Any] | None = None,
        message: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Start a chat with `recipient` by sending `message`; returns a `ChatResult` when it ends.

        Without `max_turns` the two agents reply to each other until one has no reply (termination,
        auto-reply limit, or a human's 'exit'). With `max_turns=n` this agent sends at most n
        messages. `carryover` (a str, or a list of str or messages) is appended to the first
        message as context.
        """
        _summary.check_summary_method(summary_method, self, recipient)
        quiet = bool(silent)
        with _telemetry.span("autogen.chat", self, recipient):
            async with _using_cache((self, recipient), cache):
                if isinstance(max_turns, int):
                    self._prepare_chat(recipient, clear_history, reply_at_receive=False)
                    for turn in range(max_turns):
                        if turn == 0:
                            outgoing = await _first_message(self, recipient, message, kwargs)
                        else:
                            outgoing = await _next_message(self, recipient)
                        if outgoing is None:
                            break
                        await self.a_send(outgoing, recipient, request_reply=True, silent=quiet)
                else:
                    self._prepare_chat(recipient, clear_history)
                    outgoing = await _first_message(self, recipient, message, kwargs)
                    await self.a_send(outgoing, recipient, silent=quiet)
                summary = await _summary.a_summarize(
                    self, recipient, summary_method, summary_args or {}, cache
                )
            return _result(self, recipient, summary, kwargs.get("chat_id"))

    initiate_chat = sync_method(a_initiate_chat)

    async def a_initiate_chats(self, chat_queue: list[dict[str, Any]]) -> list[ChatResult]:
        """Run `chat_queue` as sequential chats with this agent as sender; see `autogen.initiate_chats`."""
        queue = [{**chat, "sender": self} for chat in chat_queue]
        self._finished_chats = await a_initiate_chats_sequential(queue)
        return self._finished_chats

    initiate_chats = sync_method(a_initiate_chats)

    def get_chat_results(self, chat_index: int | None = None) -> list[ChatResult] | ChatResult:
        return self._finished_chats if chat_index is None else self._finished_chats[chat_index]

    async def a_generate_init_message(self, message: Any, **kwargs: Any) -> Any:
        """The first message of a chat: `message` (a human is asked when None) plus any carryover."""
        if message is None:
            message = await self._a_ask_human(">")
        return _summary.with_carryover(message, kwargs.get("carryover"))

    generate_init_message = sync_method(a_generate_init_message)

    def _process_carryover(self, content: str, kwargs: dict[str, Any]) -> str:
        """v0.2.35: `content` with the `carryover` of `kwargs` appended as context."""
        result: str = _summary.with_carryover(content, kwargs.get("carryover"))
        return result

    def _prepare_chat(
        self,
        recipient: ChatsMixin,
        clear_history: bool,
        prepare_recipient: bool = True,
        reply_at_receive: bool = True,
    ) -> None:
        self.reset_consecutive_auto_reply_counter(recipient)
        self.reply_at_receive[recipient] = reply_at_receive
        if clear_history:
            self.clear_history(recipient)
            self._human_input = []
        if prepare_recipient:
            recipient._prepare_chat(self, clear_history, False, reply_at_receive)


async def _first_message(
    sender: ChatsMixin, recipient: ChatsMixin, message: Any, kwargs: dict[str, Any]
) -> Any:
    if callable(message) and not isinstance(message, (str, dict)):
        return await maybe_await(message, sender, recipient, kwargs)
    return await sender.a_generate_init_message(message, **kwargs)


async def _next_message(sender: ChatsMixin, recipient: ChatsMixin) -> Any:
    generate = _conversation.override_of(sender, "generate_reply") or sender.a_generate_reply
    return await generate(messages=sender.chat_messages[recipient], sender=recipient)


@asynccontextmanager
async def _using_cache(agents: tuple[ChatsMixin, ...], cache: Any) -> AsyncIterator[None]:
    for agent in agents:
        agent.previous_cache, agent.client_cache = agent.client_cache, cache
    try:
        yield
    finally:
        for agent in agents:
            agent.client_cache, agent.previous_cache = agent.previous_cache, None


def _result(sender: ChatsMixin, recipient: ChatsMixin, summary: Any, chat_id: Any) -> ChatResult:
    return ChatResult(
        chat_id=chat_id if chat_id is not None else next(_chat_ids),
        chat_history=sender.chat_messages[recipient],
        summary=summary,
        cost=gather_usage_summary([sender, recipient]),
        human_input=sender._human_input,
    )


def _author_is_sender(history: list[Message], index: int) -> bool:
    """Whether the sender (whose history this is) wrote `history[index]`."""
    role = history[index].get("role")
    if role in ("tool", "function") and index > 0:
        return not _author_is_sender(history, index - 1)  # results answer the other side's call
    return role == "assistant"


async def resume_two_agent_chat(
    sender: ChatsMixin,
    recipient: ChatsMixin,
    silent: bool,
    max_turns: int | None,
    summary_method: str | Callable[..., Any] | None,
    summary_args: dict[str, Any] | None,
    cache: Any,
) -> ChatResult:
    """`chat.a_resume_chat`: whoever owes a reply answers the last message; the chat goes on."""
    history = sender.chat_messages.get(recipient)
    if not history:
        raise ChatNotFoundError(f"There is no chat between {sender.name!r} and {recipient.name!r} to resume.")
    _summary.check_summary_method(summary_method, sender, recipient)
    replier, other = (
        (recipient, sender) if _author_is_sender(history, len(history) - 1) else (sender, recipient)
    )
    async with _using_cache((sender, recipient), cache):
        if max_turns is None:
            sender.reply_at_receive[recipient] = recipient.reply_at_receive[sender] = True
            reply = await _next_message(replier, other)
            if reply is not None:
                await replier.a_send(reply, other, silent=silent)  # the driver carries the chat on
        else:
            sender.reply_at_receive[recipient] = recipient.reply_at_receive[sender] = False
            go_on = True
            if replier is recipient:
                reply = await _next_message(recipient, sender)
                go_on = reply is not None
                if go_on:
                    await recipient.a_send(reply, sender, request_reply=False, silent=silent)
            for _ in range(max_turns if go_on else 0):
                outgoing = await _next_message(sender, recipient)
                if outgoing is None:
                    break
                await sender.a_send(outgoing, recipient, request_reply=True, silent=silent)
        summary = await _summary.a_summarize(sender, recipient, summary_method, summary_args or {}, cache)
    return _result(sender, recipient, summary, None)
