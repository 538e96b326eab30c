"""Message hooks: the steps where v0.2 capabilities (teachability, transforms, vision) plug in.

`register_hook(name, hook)` on an agent adds to one of these lists; the agent runs them here:
`process_message_before_send` on each message it sends, and before each reply
`process_last_received_message` (on the text of the last message) and
`process_all_messages_before_reply` (on the whole list the reply functions will see).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from autogen._bridge import maybe_await
from autogen.exceptions import AgentConfigError

__all__ = ["HOOKABLE", "apply_message_hooks", "apply_send_hooks", "check_hook", "new_hook_lists"]

HOOKABLE = (
    "process_last_received_message",
    "process_all_messages_before_reply",
    "process_message_before_send",
)
HookLists = Mapping[str, list[Callable[..., Any]]]


def new_hook_lists() -> dict[str, list[Callable[..., Any]]]:
    return {name: [] for name in HOOKABLE}


def check_hook(hook_lists: HookLists, hookable_method: str, hook: Callable[..., Any]) -> None:
    """Raise ValueError for an unknown step or a hook registered there already."""
    if hookable_method not in hook_lists:
        raise AgentConfigError(
            f"{hookable_method!r} is not a hookable method; choose from {list(hook_lists)}"
        )
    if hook in hook_lists[hookable_method]:
        raise AgentConfigError(f"{hook!r} is already registered as a hook for {hookable_method!r}")


async def apply_send_hooks(
    hook_lists: HookLists, sender: Any, message: Any, recipient: Any, silent: bool
) -> Any:
    """`message` after each `process_message_before_send` hook."""
    for hook in hook_lists["process_message_before_send"]:
        message = await maybe_await(hook, sender=sender, message=message, recipient=recipient, silent=silent)
    return message


async def apply_message_hooks(hook_lists: HookLists, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the `process_last_received_message` and `process_all_messages_before_reply` hooks.

    The history itself is never changed: a processed last message is a new dict in a new list.
    """
    last_hooks = hook_lists["process_last_received_message"]
    if last_hooks and messages:
        last = messages[-1]
        content = last.get("content")
        if (
            isinstance(content, (str, list))
            and content != "exit"
            and "function_call" not in last
            and "context" not in last
        ):
            processed = content
            for hook in last_hooks:
                processed = await maybe_await(hook, processed)
            if processed != content:
                messages = [*messages[:-1], {**last, "content": processed}]
    for hook in hook_lists["process_all_messages_before_reply"]:
        messages = await maybe_await(hook, messages)
    return messages
