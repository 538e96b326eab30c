"""Starting conversations: `initiate_chat`, sequential chats, the first message and its carryover."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autogen import _telemetry
from autogen._bridge import sync_method
from autogen.agentchat import _summary

if TYPE_CHECKING:
    from autogen.agentchat.chat import ChatResult

__all__ = ["ChatsMixin"]


class ChatsMixin:
    _finished_chats: list[ChatResult]
    _human_input: list[str]
    reply_at_receive: Any

    if TYPE_CHECKING:  # provided by the other parts of ConversableAgent

        async def _a_ask_human(self, prompt: str) -> str: ...
        def reset_consecutive_auto_reply_counter(self, sender: Any = None) -> None: ...
        def clear_history(
            self, recipient: Any = None, nr_messages_to_preserve: int | None = None
        ) -> None: ...

    async def a_initiate_chat(
        self,
        recipient: Any,
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
        messages. `carryover` (str or list of str) is appended to the first message as context.
        """
        from autogen.agentchat._chat_run import run_two_agent_chat

        agent: Any = self
        with _telemetry.span("autogen.chat", self, recipient):
            return await run_two_agent_chat(
                agent, recipient, clear_history, bool(silent), cache, max_turns, summary_method,
                summary_args, message, kwargs,
            )  # fmt: skip

    initiate_chat = sync_method(a_initiate_chat)

    async def a_initiate_chats(self, chat_queue: list[dict[str, Any]]) -> list[ChatResult]:
        """Run `chat_queue` as sequential chats with this agent as sender; see `autogen.initiate_chats`."""
        from autogen.agentchat.chat import a_initiate_chats_sequential

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

    def _prepare_chat(
        self,
        recipient: Any,
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
