"""The built-in reply functions as v0.2's agent methods (`ConversableAgent.generate_oai_reply`, …).

Each is a thin method over its module in `replies/`. The constructor registers the async ones;
`SYNC_TWINS` maps each sync twin to its async one, so v0.2 code that names the sync method (in
`register_reply`, `exclude=`, `replace_reply_func`) means the same reply. The LLM and
termination replies run every turn and are imported up front; the others load what they need
(pydantic for tools, the executors for code) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autogen._bridge import sync_method
from autogen.agentchat.replies import llm, termination

if TYPE_CHECKING:
    from autogen.agentchat.reply_context import ReplyContext

__all__ = ["SYNC_TWINS", "BuiltinRepliesMixin"]

Messages = list[dict[str, Any]] | None
Reply = tuple[bool, Any]


class BuiltinRepliesMixin:
    if TYPE_CHECKING:  # provided by ConversableAgent: the surface the built-ins are written on

        @property
        def name(self) -> str: ...
        def reply_context(
            self, sender: Any, messages: list[dict[str, Any]] | None = None, config: Any = None
        ) -> ReplyContext: ...

    async def a_generate_oai_reply(
        self, messages: Messages = None, sender: Any = None, config: Any = None
    ) -> Reply:
        """Reply with the agent's LLM (or with `config`, an `OpenAIWrapper`, when given)."""
        return await llm.a_generate_oai_reply(self, messages, sender, config)

    generate_oai_reply = sync_method(a_generate_oai_reply)

    async def a_generate_code_execution_reply(
        self, messages: Messages = None, sender: Any = None, config: Any = None
    ) -> Reply:
        """Run the code blocks of the last message(s) and reply with the result."""
        if config is None and getattr(self, "_code_execution_config", False) is False:
            return False, None  # code execution off: skip without loading the executors
        from autogen.agentchat.replies.code_execution import a_generate_code_execution_reply

        return await a_generate_code_execution_reply(self, messages, sender, config)

    generate_code_execution_reply = sync_method(a_generate_code_execution_reply)

    async def a_generate_tool_calls_reply(
        self, messages: Messages = None, sender: Any = None, config: Any = None
    ) -> Reply:
        """Run the tool calls of the last message and reply with their results."""
        from autogen.agentchat.replies.tool_calls import a_generate_tool_calls_reply

        return await a_generate_tool_calls_reply(self, messages, sender, config)

    generate_tool_calls_reply = sync_method(a_generate_tool_calls_reply)

    async def a_generate_function_call_reply(
        self, messages: Messages = None, sender: Any = None, config: Any = None
    ) -> Reply:
        """Run the legacy function call of the last message and reply with its result."""
        from autogen.agentchat.replies.tool_calls import a_generate_function_call_reply

        return await a_generate_function_call_reply(self, messages, sender, config)

    generate_function_call_reply = sync_method(a_generate_function_call_reply)

    async def a_check_termination_and_human_reply(
        self, messages: Messages = None, sender: Any = None, config: Any = None
    ) -> Reply:
        """End the chat on a termination message or the auto-reply limit; ask the human per mode."""
        return await termination.a_check_termination_and_human_reply(self, messages, sender, config)

    check_termination_and_human_reply = sync_method(a_check_termination_and_human_reply)


_R = BuiltinRepliesMixin
SYNC_TWINS: dict[Any, Any] = {
    _R.generate_oai_reply: _R.a_generate_oai_reply,
    _R.generate_code_execution_reply: _R.a_generate_code_execution_reply,
    _R.generate_tool_calls_reply: _R.a_generate_tool_calls_reply,
    _R.generate_function_call_reply: _R.a_generate_function_call_reply,
    _R.check_termination_and_human_reply: _R.a_check_termination_and_human_reply,
}
