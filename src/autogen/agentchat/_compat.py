"""The `_`-prefixed `ConversableAgent` methods that v0.2.35 subclasses override or call.

Each keeps v0.2.35's name, signature and effect, and is a thin call into the module that does
the work, so overriding one changes what a v0.2 subclass expects it to change where it can:
`_process_received_message`, `_append_oai_message`, `_print_received_message` and
`_prepare_chat` are the agent's own methods (the turn loop calls them); the ones here are the
helpers around them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from autogen._bridge import run_sync
from autogen.agentchat import _hooks, _summary
from autogen.agentchat._model_call import _normalize_name, a_reply_from_client
from autogen.agentchat._reply_chain import match_trigger
from autogen.agentchat.replies import nested
from autogen.exceptions import SummaryMethodError

if TYPE_CHECKING:
    from autogen.agentchat.agent import Agent
    from autogen.agentchat.reply_context import ReplyContext
    from autogen.oai.client import OpenAIWrapper

__all__ = ["CompatMixin"]

Message = dict[str, Any]


class CompatMixin:
    hook_lists: dict[str, list[Callable[..., Any]]]
    client_cache: Any
    _oai_messages: Any

    if TYPE_CHECKING:

        @property
        def name(self) -> str: ...
        def reply_context(
            self, sender: Any, messages: list[Message] | None = None, config: Any = None
        ) -> ReplyContext: ...

    @staticmethod
    def _is_silent(agent: Any, silent: bool | None = False) -> bool:
        """v0.2.35: an agent's own `silent` setting wins over the call's."""
        own = getattr(agent, "silent", None)
        return bool(own) if own is not None else bool(silent)

    @staticmethod
    def _assert_valid_name(name: str) -> str:
        from autogen.agentchat._tool_registration import assert_valid_name

        return assert_valid_name(name)

    @staticmethod
    def _normalize_name(name: str) -> str:
        """A name the OpenAI API accepts: other characters become `_`, at most 64 long."""
        return _normalize_name(name)

    def _match_trigger(self, trigger: Any, sender: Any) -> bool:
        """Whether a reply function registered for `trigger` applies to a message from `sender`."""
        return match_trigger(trigger, sender)

    def _raise_exception_on_async_reply_functions(self) -> None:
        """v0.2 raised here when a sync chat met an async reply function. Both kinds run in both
        kinds of chat here (sync ones off the loop), so there is nothing to refuse: a no-op kept
        for subclasses that call it."""

    def _process_message_before_send(self, message: Message | str, recipient: Any, silent: bool) -> Any:
        """The message after the `process_message_before_send` hooks."""
        return run_sync(_hooks.apply_send_hooks(self.hook_lists, self, message, recipient, silent))

    def process_last_received_message(self, messages: list[Message]) -> list[Message]:
        """The messages after the `process_last_received_message` hooks (on the last one's text)."""
        only = {
            **_hooks.new_hook_lists(),
            "process_last_received_message": self.hook_lists["process_last_received_message"],
        }
        return run_sync(_hooks.apply_message_hooks(only, messages))

    def process_all_messages_before_reply(self, messages: list[Message]) -> list[Message]:
        """The messages after the `process_all_messages_before_reply` hooks."""
        only = {
            **_hooks.new_hook_lists(),
            "process_all_messages_before_reply": self.hook_lists["process_all_messages_before_reply"],
        }
        return run_sync(_hooks.apply_message_hooks(only, messages))

    def _generate_oai_reply_from_client(
        self, llm_client: OpenAIWrapper, messages: list[Message], cache: Any
    ) -> str | Message | None:
        """One model call with `llm_client` over `messages` (names made API-safe)."""
        return run_sync(a_reply_from_client(self, llm_client, messages, cache))  # type: ignore[arg-type]

    def _summarize_chat(
        self,
        summary_method: str | Callable[..., Any] | None,
        summary_args: dict[str, Any] | None,
        recipient: Any = None,
        cache: Any = None,
    ) -> Any:
        """The summary of this agent's chat with `recipient` by `summary_method`."""
        return run_sync(_summary.a_summarize(self, recipient, summary_method, summary_args or {}, cache))

    @staticmethod
    def _last_msg_as_summary(sender: Any, recipient: Any, summary_args: dict[str, Any] | None) -> str:
        return _summary.last_msg_summary(sender, recipient, summary_args or {})

    @staticmethod
    def _reflection_with_llm_as_summary(
        sender: Any, recipient: Any, summary_args: dict[str, Any] | None
    ) -> str:
        return run_sync(_summary.reflection_summary(sender, recipient, summary_args or {}))

    def _reflection_with_llm(
        self,
        prompt: str,
        messages: list[Message],
        llm_agent: Any = None,
        cache: Any = None,
        role: str | None = None,
    ) -> str:
        """`messages` plus `prompt` (as `role`, default system) to `llm_agent`'s model, else ours."""
        client = getattr(llm_agent, "client", None) or getattr(self, "client", None)
        if client is None:
            raise SummaryMethodError(f"{self.name!r} has no LLM to reflect with; give it an llm_config.")
        request = [*messages, {"role": role or "system", "content": prompt}]
        reply = run_sync(a_reply_from_client(cast("Agent", self), client, request, cache))
        return str(reply.get("content") or "") if isinstance(reply, dict) else (reply or "")

    @staticmethod
    def _get_chats_to_run(
        chat_queue: list[dict[str, Any]], recipient: Any, messages: Any, sender: Any, config: Any
    ) -> list[dict[str, Any]]:
        """The nested chats of `chat_queue` that will run, each with its message resolved.

        As v0.2.35: each chat's sender defaults to `recipient`; the first chat without a message
        takes the last received message's content; a callable message is called with
        (recipient, messages, sender, config); a chat whose message comes out empty is skipped.
        """
        last = messages[-1].get("content") if messages else None
        chats = []
        for i, chat in enumerate(chat_queue):
            message = chat.get("message")
            if message is None and i == 0:
                message = last
            if callable(message):
                message = message(recipient, messages, sender, config)
            if message:
                chats.append({**chat, "sender": chat.get("sender") or recipient, "message": message})
        return chats

    @staticmethod
    def _summary_from_nested_chats(
        chat_queue: list[dict[str, Any]],
        recipient: Any,
        messages: Any = None,
        sender: Any = None,
        config: Any = None,
    ) -> tuple[bool, Any]:
        return run_sync(nested.a_summary_from_nested_chats(chat_queue, recipient, messages, sender, config))

    @staticmethod
    async def _a_summary_from_nested_chats(
        chat_queue: list[dict[str, Any]],
        recipient: Any,
        messages: Any = None,
        sender: Any = None,
        config: Any = None,
    ) -> tuple[bool, Any]:
        return await nested.a_summary_from_nested_chats(chat_queue, recipient, messages, sender, config)

    def _wrap_function(self, func: Callable[..., Any]) -> Callable[..., Any]:
        from autogen.agentchat._tool_registration import wrap_function

        return wrap_function(func)

    @staticmethod
    def _format_json_str(jstr: str) -> str:
        """v0.2: newlines inside JSON strings escaped, outside them removed, so `json.loads` reads it."""
        out: list[str] = []
        inside = False
        for char in jstr:
            if char == '"':
                inside = not inside
            if char == "\n":
                if inside:
                    out.append("\\n")
                continue
            if char == "\t" and inside:
                out.append("\\t")
                continue
            out.append(char)
        return "".join(out)

    @staticmethod
    def _str_for_tool_response(tool_response: Message) -> str:
        return str(tool_response.get("content", ""))

    async def _a_execute_tool_call(self, tool_call: Message) -> Message:
        """One tool call of a model's message, answered as a `role: "tool"` message."""
        from autogen.agentchat.replies.tool_calls import _a_execute_tool_call

        return await _a_execute_tool_call(self.reply_context(None), tool_call)
