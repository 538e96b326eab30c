"""The reply chain: registered reply functions, tried in order until one gives a final reply.

Each entry is v0.2's dict (`trigger`, `reply_func`, `config`, `init_config`, `reset_config`,
`ignore_async_in_sync_chat`) plus `is_async`, computed once at registration so the turn loop
does not inspect functions again.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Iterable
from typing import Any

from autogen import _telemetry
from autogen._bridge import call_sync, is_async_callable
from autogen.agentchat.agent import Agent
from autogen.exceptions import InvalidTriggerError, ReplyFunctionError

__all__ = ["ReplyFunc", "make_entry", "match_trigger", "replace_func", "reset_entry", "run_chain"]

ReplyFunc = Callable[..., Any]
_TRIGGER_TYPES = (type, str, Agent, list)

_ISINSTANCE: dict[tuple[type, type], bool] = {}


def make_entry(
    trigger: Any,
    reply_func: ReplyFunc,
    config: Any,
    reset_config: Callable[[Any], None] | None,
    ignore_async_in_sync_chat: bool,
) -> dict[str, Any]:
    """A reply-chain entry; raises ValueError naming the trigger when it cannot match anything."""
    if trigger is not None and not (isinstance(trigger, _TRIGGER_TYPES) or callable(trigger)):
        raise InvalidTriggerError(
            f"register_reply: trigger {trigger!r} must be a class, a name (str), an agent, a callable, "
            "None, or a list of those."
        )
    if not callable(reply_func):
        raise ReplyFunctionError(f"register_reply: reply_func {reply_func!r} is not callable.")
    return {
        "trigger": trigger,
        "reply_func": reply_func,
        "config": copy.copy(config),
        "init_config": config,
        "reset_config": reset_config,
        "ignore_async_in_sync_chat": ignore_async_in_sync_chat,
        "is_async": is_async_callable(reply_func),
        # triggers made of classes and None match on the sender's type alone: remember answers
        "match_cache": {} if _by_type_only(trigger) else None,
    }


def replace_func(entry: dict[str, Any], reply_func: ReplyFunc) -> None:
    """Run `reply_func` for this entry from now on (v0.2 swaps only the function)."""
    if not callable(reply_func):
        raise ReplyFunctionError(f"replace_reply_func: new_reply_func {reply_func!r} is not callable.")
    entry["reply_func"] = reply_func
    entry["is_async"] = is_async_callable(reply_func)


def reset_entry(entry: dict[str, Any]) -> None:
    """Give the entry its config back as at registration: through `reset_config`, else a fresh copy."""
    if entry["reset_config"] is not None:
        entry["reset_config"](entry["config"])
    else:
        entry["config"] = copy.copy(entry["init_config"])


def _by_type_only(trigger: Any) -> bool:
    if trigger is None or isinstance(trigger, type):
        return True
    return isinstance(trigger, list) and all(_by_type_only(t) for t in trigger)


def _isinstance(obj: Any, cls: type) -> bool:
    # protocol checks walk the MRO on every call; the answer only depends on the two types
    key = (cls, type(obj))
    hit = _ISINSTANCE.get(key)
    if hit is None:
        hit = _ISINSTANCE[key] = isinstance(obj, cls)
    return hit


def match_trigger(trigger: Any, sender: Any) -> bool:
    """Whether a reply function registered for `trigger` applies to a message from `sender`."""
    if trigger is None:
        return sender is None
    if isinstance(trigger, list):
        return any(match_trigger(t, sender) for t in trigger)
    if isinstance(trigger, str):
        return sender is not None and trigger == sender.name
    if isinstance(trigger, type):
        return _isinstance(sender, trigger)
    if _isinstance(trigger, Agent):
        return trigger is sender
    if callable(trigger):
        result = trigger(sender)
        if result not in (True, False):
            raise InvalidTriggerError(f"trigger {trigger!r} must return True or False, not {result!r}.")
        return bool(result)
    raise InvalidTriggerError(f"Unsupported trigger type: {type(trigger).__name__}")


async def run_chain(
    agent: Any,
    entries: Iterable[dict[str, Any]],
    messages: list[dict[str, Any]] | None,
    sender: Any,
    excluded: frozenset[Any],
) -> tuple[bool, Any]:
    """Try each matching reply function in order; the first `(True, reply)` wins."""
    for entry in entries:
        func = entry["reply_func"]
        if excluded and func in excluded:
            continue
        cache = entry.get("match_cache")
        if cache is None:
            matched = match_trigger(entry["trigger"], sender)
        else:
            matched = cache.get(type(sender))
            if matched is None:
                matched = cache[type(sender)] = match_trigger(entry["trigger"], sender)
        if not matched:
            continue
        if entry["is_async"]:
            result = await func(agent, messages=messages, sender=sender, config=entry["config"])
        else:
            result = await call_sync(func, agent, messages=messages, sender=sender, config=entry["config"])
            if asyncio.iscoroutine(result):
                result = await result
        try:
            final, reply = result
        except (TypeError, ValueError):
            name = getattr(func, "__qualname__", repr(func))
            raise ReplyFunctionError(
                f"reply function {name} of agent {agent.name!r} returned {result!r}; "
                "a reply function must return a tuple (final: bool, reply)."
            ) from None
        _telemetry.reply_step(agent, func, final, reply)
        if final:
            return True, reply
    return False, None
