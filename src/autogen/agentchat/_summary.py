"""What a finished chat hands on: its summary, and the carryover that opens the next chat.

`check_summary_method` is the one check of a `summary_method` (in `initiate_chat` and in each
entry of a chat queue).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from autogen._bridge import maybe_await
from autogen._content import content_str
from autogen.agentchat._model_call import a_reply_from_client
from autogen.agentchat.prompts import SUMMARY_PROMPT, TERMINATION_WORD
from autogen.exceptions import InvalidCarryOverType, SummaryMethodError

__all__ = ["a_summarize", "check_summary_method", "post_process_carryover_item", "with_carryover"]


def post_process_carryover_item(carryover_item: Any) -> str:
    """One carryover item as text: a str as it is, a message dict as its content (v0.2.35)."""
    if isinstance(carryover_item, str):
        return carryover_item
    if isinstance(carryover_item, dict) and "content" in carryover_item:
        return content_str(carryover_item["content"], strict=False)
    return str(carryover_item)


def _carryover_text(carryover: Any) -> str:
    if isinstance(carryover, str):
        return carryover
    if isinstance(carryover, list):
        return "\n".join(post_process_carryover_item(item) for item in carryover)
    raise InvalidCarryOverType(
        f"carryover must be a string or a list of strings or messages, got {type(carryover).__name__}."
    )


def with_carryover(message: Any, carryover: Any) -> Any:
    """`message` with "\\nContext: \\n<carryover>" appended to its text (v0.2's format)."""
    if not carryover:
        return message
    context = "\nContext: \n" + _carryover_text(carryover)
    if isinstance(message, str):
        return message + context
    if isinstance(message, dict):
        message = dict(message)
        content = message.get("content")
        if isinstance(content, list):
            message["content"] = [*content, {"type": "text", "text": context}]
        else:
            message["content"] = (content or "") + context
        return message
    raise InvalidCarryOverType(
        f"a message with carryover must be a str or dict, got {type(message).__name__}."
    )


def last_msg_summary(sender: Any, recipient: Any, summary_args: dict[str, Any]) -> str:
    """The recipient's last message to `sender`, without the termination word."""
    try:
        message = recipient.last_message(sender)
        content = message["content"] if message else ""
    except (IndexError, KeyError, AttributeError, TypeError) as e:
        warnings.warn(
            f"Cannot extract summary using last_msg: {e}. Using an empty str as summary.",
            UserWarning,
            stacklevel=2,
        )
        return ""
    if isinstance(content, str):
        return content.replace(TERMINATION_WORD, "")
    if isinstance(content, list):
        return "\n".join(
            x["text"].replace(TERMINATION_WORD, "") for x in content if isinstance(x, dict) and "text" in x
        )
    return ""


async def reflection_summary(sender: Any, recipient: Any, summary_args: dict[str, Any]) -> str:
    """Ask an LLM (the recipient's, else the sender's) to summarize the chat."""
    prompt = summary_args.get("summary_prompt") or SUMMARY_PROMPT
    if not isinstance(prompt, str):
        raise SummaryMethodError("summary_args['summary_prompt'] must be a string.")
    role = summary_args.get("summary_role") or "system"
    if not isinstance(role, str):
        raise SummaryMethodError("summary_args['summary_role'] must be a string.")
    client = recipient.client if recipient is not None and recipient.client is not None else sender.client
    if client is None:
        raise SummaryMethodError(
            f"summary_method='reflection_with_llm' needs an LLM, but neither {sender.name!r} nor "
            f"{getattr(recipient, 'name', None)!r} has an llm_config."
        )
    messages = [*recipient.chat_messages_for_summary(sender), {"role": role, "content": prompt}]
    reply = await a_reply_from_client(sender, client, messages, summary_args.get("cache"))
    if isinstance(reply, dict):
        return str(reply.get("content") or "")
    return reply or ""


async def a_summarize(
    sender: Any,
    recipient: Any,
    summary_method: str | Callable[..., Any] | None,
    summary_args: dict[str, Any],
    cache: Any,
) -> Any:
    """The summary of the chat between `sender` and `recipient` by `summary_method`."""
    if summary_method is None:
        return ""
    args = dict(summary_args)
    args.setdefault("cache", cache)
    if summary_method == "last_msg":
        return last_msg_summary(sender, recipient, args)
    if summary_method == "reflection_with_llm":
        return await reflection_summary(sender, recipient, args)
    if callable(summary_method):
        return await maybe_await(summary_method, sender, recipient, args)
    check_summary_method(summary_method)
    return ""  # unreachable: check_summary_method raised


def check_summary_method(method: Any, sender: Any = None, recipient: Any = None) -> None:
    """Raise for a `summary_method` that is none of 'last_msg', 'reflection_with_llm', a callable, None.

    With the agents given, 'reflection_with_llm' also needs an LLM on one of them.
    """
    if method is None or callable(method) or method == "last_msg":
        return
    if method != "reflection_with_llm":
        raise SummaryMethodError(
            f"summary_method must be 'last_msg', 'reflection_with_llm', a callable or None, got {method!r}."
        )
    if sender is not None and recipient is not None and sender.client is None and recipient.client is None:
        raise SummaryMethodError(
            "summary_method='reflection_with_llm' needs an LLM client on "
            f"{sender.name!r} or {recipient.name!r}; give one of them an llm_config."
        )
