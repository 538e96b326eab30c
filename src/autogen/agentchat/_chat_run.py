"""One two-agent chat from start to `ChatResult`: what `initiate_chat` and `resume_chat` do.

Without `max_turns` the first message is sent with both agents set to reply on receipt, and the
turn driver carries the chat until somebody has no reply. With `max_turns` the sender drives:
it sends, the recipient answers (without the sender replying on receipt), the sender generates its
next message, n times at most.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from autogen._bridge import maybe_await
from autogen.agentchat import _conversation, _summary

if TYPE_CHECKING:
    from autogen.agentchat.chat import ChatResult
    from autogen.agentchat.conversable_agent import ConversableAgent

__all__ = ["resume_two_agent_chat", "run_two_agent_chat"]

_chat_ids = itertools.count(1)


async def _first_message(
    sender: ConversableAgent, recipient: Any, message: Any, kwargs: dict[str, Any]
) -> Any:
    if callable(message) and not isinstance(message, (str, dict)):
        return await maybe_await(message, sender, recipient, kwargs)
    return await sender.a_generate_init_message(message, **kwargs)


async def _next_message(sender: ConversableAgent, recipient: Any) -> Any:
    generate = _conversation.override_of(sender, "generate_reply") or sender.a_generate_reply
    return await generate(messages=sender.chat_messages[recipient], sender=recipient)


@asynccontextmanager
async def _using_cache(agents: tuple[ConversableAgent, ...], cache: Any) -> AsyncIterator[None]:
    for agent in agents:
        agent.previous_cache, agent.client_cache = agent.client_cache, cache
    try:
        yield
    finally:
        for agent in agents:
            agent.client_cache, agent.previous_cache = agent.previous_cache, None


def _result(sender: ConversableAgent, recipient: ConversableAgent, summary: Any, chat_id: Any) -> ChatResult:
    from autogen.agentchat.chat import ChatResult
    from autogen.agentchat.utils import gather_usage_summary

    return ChatResult(
        chat_id=chat_id if chat_id is not None else next(_chat_ids),
        chat_history=sender.chat_messages[recipient],
        summary=summary,
        cost=gather_usage_summary([sender, recipient]),
        human_input=sender._human_input,
    )


async def run_two_agent_chat(
    sender: ConversableAgent,
    recipient: ConversableAgent,
    clear_history: bool,
    silent: bool,
    cache: Any,
    max_turns: int | None,
    summary_method: str | Callable[..., Any] | None,
    summary_args: dict[str, Any] | None,
    message: Any,
    kwargs: dict[str, Any],
) -> ChatResult:
    _check_summary_method(summary_method, sender, recipient)
    async with _using_cache((sender, recipient), cache):
        if isinstance(max_turns, int):
            sender._prepare_chat(recipient, clear_history, reply_at_receive=False)
            for turn in range(max_turns):
                if turn == 0:
                    outgoing = await _first_message(sender, recipient, message, kwargs)
                else:
                    outgoing = await _next_message(sender, recipient)
                if outgoing is None:
                    break
                await sender.a_send(outgoing, recipient, request_reply=True, silent=silent)
        else:
            sender._prepare_chat(recipient, clear_history)
            outgoing = await _first_message(sender, recipient, message, kwargs)
            await sender.a_send(outgoing, recipient, silent=silent)
        summary = await _summary.a_summarize(sender, recipient, summary_method, summary_args or {}, cache)
    return _result(sender, recipient, summary, kwargs.get("chat_id"))


def _author_is_sender(history: list[dict[str, Any]], index: int) -> bool:
    """Whether the sender (whose history this is) wrote `history[index]`."""
    role = history[index].get("role")
    if role in ("tool", "function") and index > 0:
        return not _author_is_sender(history, index - 1)  # results answer the other side's call
    return role == "assistant"


async def resume_two_agent_chat(
    sender: ConversableAgent,
    recipient: ConversableAgent,
    silent: bool,
    max_turns: int | None,
    summary_method: str | Callable[..., Any] | None,
    summary_args: dict[str, Any] | None,
    cache: Any,
) -> ChatResult:
    history = sender.chat_messages.get(recipient)
    if not history:
        raise ValueError(f"There is no chat between {sender.name!r} and {recipient.name!r} to resume.")
    _check_summary_method(summary_method, sender, recipient)
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


def _check_summary_method(method: Any, sender: Any, recipient: Any) -> None:
    if method is None or callable(method) or method == "last_msg":
        return
    if method != "reflection_with_llm":
        raise ValueError(
            f"summary_method must be 'last_msg', 'reflection_with_llm', a callable or None, got {method!r}."
        )
    if sender.client is None and recipient.client is None:
        raise ValueError(
            "summary_method='reflection_with_llm' needs an LLM client on "
            f"{sender.name!r} or {recipient.name!r}; "
            "give one of them an llm_config."
        )
