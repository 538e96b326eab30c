"""Sync twins made from their async originals, so each signature is written once; and the one
test of whether a user's callable is async.

```python
class Agent:
    async def a_send(self, message: str, recipient: Agent) -> None: ...
    send = sync_method(a_send)
```

`send` has `a_send`'s parameters (for `inspect.signature`, type checkers and help) and runs it
through `autogen._bridge.run_sync`. A method twin looks the coroutine up on the instance at call
time, so a subclass that overrides only `a_send` is what `send` runs, as with a hand-written twin.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from autogen._bridge import run_sync

__all__ = ["is_async_callable", "sync_function", "sync_method"]

P = ParamSpec("P")
T = TypeVar("T")


def _renamed(twin: Callable[..., Any], original: Callable[..., Any]) -> None:
    name = original.__name__.removeprefix("a_")
    prefix = original.__qualname__.rpartition(".")[0]
    twin.__name__ = name
    twin.__qualname__ = f"{prefix}.{name}" if prefix else name
    twin.__doc__ = f"Sync twin of `{original.__name__}`." + (
        f"\n\n{original.__doc__}" if original.__doc__ else ""
    )


def sync_method(async_method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """The sync twin of `async_method`, to be assigned in the same class body."""
    name = async_method.__name__

    @functools.wraps(async_method)
    def twin(*args: P.args, **kwargs: P.kwargs) -> T:
        self, *rest = args
        coro: Coroutine[Any, Any, T] = getattr(self, name)(*rest, **kwargs)
        return run_sync(coro)

    _renamed(twin, async_method)
    return twin


def sync_function(async_function: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """The sync twin of a module-level coroutine function."""

    @functools.wraps(async_function)
    def twin(*args: P.args, **kwargs: P.kwargs) -> T:
        return run_sync(async_function(*args, **kwargs))

    _renamed(twin, async_function)
    return twin


def is_async_callable(func: Any) -> bool:
    """Whether calling `func` gives a coroutine: an async function, or an object with an async `__call__`."""
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(getattr(func, "__call__", None))  # noqa: B004
