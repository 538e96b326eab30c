"""One `openai` SDK client (one connection pool) per event loop and endpoint, shared by all wrappers.

Every agent has its own OpenAIWrapper, so pools are not per wrapper: a thousand agents talking
to one endpoint share one pool (and its warm keep-alive connections) on each loop. An httpx
pool belongs to the loop that opened its sockets, hence the per-loop split.

Pools are closed on their own loop when it winds down: each is tied to a started async
generator, which `asyncio.run`, `asyncio.Runner` and pytest-asyncio close through
`loop.shutdown_asyncgens()`. The sync facade's bridge loop never ends, so its pools live for
the process, bounded by the number of distinct endpoints.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Callable, Hashable
from typing import Any

from openai import AsyncOpenAI

__all__ = ["pool_key", "shared_client"]

_pools: dict[asyncio.AbstractEventLoop, dict[Hashable, tuple[AsyncOpenAI, AsyncGenerator[None, None]]]] = {}
_lock = threading.Lock()


def pool_key(kind: str, kwargs: dict[str, Any]) -> Hashable:
    """What makes two SDK clients interchangeable: the client class and its settings."""

    def freeze(value: Any) -> Hashable:
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, dict):
            return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
        return ("id", id(value))  # http_client, token providers: same object, same pool

    return (kind, tuple(sorted((k, freeze(v)) for k, v in kwargs.items())))


async def _close_with_loop(
    loop: asyncio.AbstractEventLoop, key: Hashable, client: AsyncOpenAI
) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        with _lock:
            by_key = _pools.get(loop)
            if by_key is not None and key in by_key and by_key[key][0] is client:
                del by_key[key]
                if not by_key:
                    del _pools[loop]
        await client.close()


async def shared_client(key: Hashable, build: Callable[[], AsyncOpenAI]) -> AsyncOpenAI:
    """The running loop's SDK client for `key`, built with `build()` the first time."""
    loop = asyncio.get_running_loop()
    held = _pools.get(loop, {}).get(key)
    if held is not None:
        return held[0]
    client = build()
    keeper = _close_with_loop(loop, key, client)
    await keeper.__anext__()  # now the loop knows it, and will close it at shutdown
    with _lock:
        by_key = _pools.setdefault(loop, {})
        if key in by_key:  # another task built one meanwhile: use it, drop ours
            winner = by_key[key][0]
        else:
            by_key[key] = (client, keeper)
            return client
    await keeper.aclose()
    return winner
