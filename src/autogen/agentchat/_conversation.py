"""The turn driver: conversations run as a loop, not as a recursion.

In v0.2 a reply is sent from inside `receive`, which is called from inside `send`, so every turn
adds stack frames and a long chat dies of `RecursionError` after about 242 turns. Here `a_send`
starts a *driver* that delivers one message (a *hop*) at a time. When `ConversableAgent.a_receive`
has generated its reply, it does not call `a_send`; it appends the reply to its own history
and hands the next hop back to the driver that called it. The stack stays flat for any length.

Only the reply that `a_receive` itself makes is handed back. Any other `a_send` (from a reply
function, from user code) starts its own driver and returns when its chain has finished, exactly
as in v0.2. A hop is claimed by the first `a_receive` running for it (an override that calls
`super().a_receive` included); nested calls see no hop and drive their own.

Classes that override a method the driver would call (`send`, `receive`, `generate_reply`, sync or
async) are honoured: the override is called instead of the fast path, sync ones off the loop.
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import Any

from autogen._bridge import call_sync

__all__ = ["Hop", "TailSend", "claim_hop", "claim_tail", "drive", "override_of", "tail_send"]


class Hop:
    """One message on its way: `sender` has recorded it; `recipient` has yet to receive it."""

    __slots__ = ("recipient", "message", "sender", "request_reply", "silent", "queue", "claimed")

    def __init__(
        self, recipient: Any, message: Any, sender: Any, request_reply: bool | None, silent: bool
    ) -> None:
        self.recipient = recipient
        self.message = message
        self.sender = sender
        self.request_reply = request_reply
        self.silent = silent
        self.queue: list[Hop] = []
        self.claimed = False


_CURRENT: contextvars.ContextVar[Hop | None] = contextvars.ContextVar("autogen_hop", default=None)


def claim_hop(agent: Any) -> Hop | None:
    """The hop the driver is delivering to `agent`, if this is the first receive for it."""
    hop = _CURRENT.get()
    if hop is None or hop.claimed or hop.recipient is not agent:
        return None
    hop.claimed = True
    _CURRENT.set(None)  # what this receive calls runs its own drivers
    return hop


class TailSend:
    """A reply on its way out through a user's `send` override, to be queued, not driven."""

    __slots__ = ("sender", "recipient", "queue", "claimed")

    def __init__(self, sender: Any, recipient: Any, queue: list[Hop]) -> None:
        self.sender = sender
        self.recipient = recipient
        self.queue = queue
        self.claimed = False


_TAIL: contextvars.ContextVar[TailSend | None] = contextvars.ContextVar("autogen_tail_send", default=None)


def claim_tail(sender: Any, recipient: Any) -> list[Hop] | None:
    """The driver queue for the reply `sender` is sending to `recipient` through an override, if any.

    Without this, a `send` override (which calls `super().send`) would start a driver per turn and
    the stack (or, for sync overrides, the worker threads) would grow with the chat.
    """
    tail = _TAIL.get()
    if tail is None or tail.claimed or tail.sender is not sender or tail.recipient is not recipient:
        return None
    tail.claimed = True
    return tail.queue


async def tail_send(agent: Any, reply: Any, recipient: Any, silent: bool, hop: Hop | None) -> None:
    """Send `agent`'s reply through its overridden `send`/`a_send`, queueing it on `hop`'s driver."""
    send = override_of(agent, "send") or agent.a_send
    token = _TAIL.set(TailSend(agent, recipient, hop.queue) if hop is not None else None)
    try:
        await send(reply, recipient, None, silent)
    finally:
        _TAIL.reset(token)


async def drive(first: Hop) -> None:
    """Deliver `first` and every reply it leads to, one hop at a time."""
    queue = [first]
    while queue:
        hop = queue.pop()
        hop.queue = queue
        token = _CURRENT.set(hop)
        try:
            await _receive(hop.recipient)(hop.message, hop.sender, hop.request_reply, hop.silent)
        finally:
            _CURRENT.reset(token)


def _receive(agent: Any) -> Callable[..., Awaitable[Any]]:
    sync = override_of(agent, "receive")
    if sync is not None:
        return sync
    a_receive: Callable[..., Awaitable[Any]] = agent.a_receive
    return a_receive


_OVERRIDES: dict[tuple[type, str], tuple[bool, bool]] = {}
BASES: list[type] = []  # ConversableAgent registers itself here on import


def _overrides(cls: type, name: str) -> tuple[bool, bool]:
    """Whether `cls` overrides (sync `name`, async `a_name`) of the agent base it derives from."""
    key = (cls, name)
    found = _OVERRIDES.get(key)
    if found is None:
        found = (False, False)
        for base in BASES:
            if issubclass(cls, base):
                found = (
                    getattr(cls, name, None) is not getattr(base, name, None),
                    getattr(cls, "a_" + name, None) is not getattr(base, "a_" + name, None),
                )
                break
        _OVERRIDES[key] = found
    return found


def override_of(agent: Any, name: str) -> Callable[..., Awaitable[Any]] | None:
    """An awaitable for a user's *sync-only* override of `name` on `agent`'s class, else None.

    When a class overrides the sync `x` but not `a_x`, v0.2 code expects `x` to be called; this
    runs it on a worker thread. Overrides of `a_x` need nothing: callers call `a_x` anyway.
    """
    sync_over, async_over = _overrides(type(agent), name)
    if not sync_over or async_over:
        return None
    method = getattr(agent, name)

    async def call(*args: Any, **kwargs: Any) -> Any:
        return await call_sync(method, *args, **kwargs)

    return call


def send_overridden(agent: Any) -> bool:
    """Whether `agent`'s class overrides `send` or `a_send`, so replies must go through them."""
    return any(_overrides(type(agent), "send"))
