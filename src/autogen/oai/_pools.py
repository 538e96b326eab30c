"""SDK clients (connection pools) per event loop and endpoint, shared by all wrappers.

Every agent has its own OpenAIWrapper, so pools are not per wrapper: the wrappers talking to
one endpoint share a few pools (and their warm keep-alive connections) on each loop. A few, not
one: httpcore's pool scans every connection it holds each time it places a request or releases
a response, so one pool serving a thousand concurrent conversations spends most of its time
scanning (measured: 5% of the ideal throughput at 1,000 chats, 15% with the pools split in
`SHARDS`). A wrapper keeps its shard for life (`next_shard`, round robin), so a single
conversation still reuses one warm connection. The price: each shard's SDK client is built
once (~25 ms, mostly loading CA certificates), so an app with many agents pays that up to
`SHARDS` times per loop and endpoint. An httpx pool belongs to the loop that opened
its sockets, hence the per-loop split.

Pools are closed on their own loop when it winds down: each is tied to a started async
generator, which `asyncio.run`, `asyncio.Runner` and pytest-asyncio close through
`loop.shutdown_asyncgens()`. The sync facade's bridge loop never ends, so its pools live for
the process, bounded by the number of distinct endpoints times `SHARDS`.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import AsyncGenerator, Callable, Hashable
from typing import Any

from openai import AsyncOpenAI

__all__ = ["SHARDS", "next_shard", "pool_key", "shared_client"]

_pools: dict[asyncio.AbstractEventLoop, dict[Hashable, tuple[AsyncOpenAI, AsyncGenerator[None, None]]]] = {}
_lock = threading.Lock()
SHARDS = 16
_next = itertools.count()


def next_shard() -> int:
    """The pool shard for a new wrapper's client: round robin over `SHARDS`."""
    return next(_next) % SHARDS


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
