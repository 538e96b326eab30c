"""The one place where sync code waits for async code, and async code calls sync code.

Every behaviour in autogen is written once, as a coroutine. The sync facade (`initiate_chat`,
`OpenAIWrapper.create`, …) is `run_sync(self.a_x(...))`. Where the coroutine runs depends on
the calling thread, chosen so that nothing deadlocks and connection pools are reused:

* a worker thread running a sync user function for us (`call_sync`: a reply function, a tool,
  a human-input override) that itself calls a sync facade, say a nested chat: a fresh loop in
  that same thread, so nested chats never wait for a pool worker their parent is holding;
* anywhere else (a script's main thread, a thread whose loop is running as in Jupyter, other
  user threads): the "autogen-bridge" loop in a daemon thread, shared for the life of the
  process. It keeps running between calls, so pooled keep-alive connections notice at once when
  a server closes them (a loop driven only during calls would not);
* code running on the bridge loop itself: a private loop in a new thread.

Context variables set by the caller (the IO stream, the active cache) are visible to the
coroutine in every case. Sync user extension points run on worker threads through `call_sync`,
so they never block the loop that carries other conversations. `sync_method` and
`sync_function` make the sync twins from their async originals, so each signature is written
once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import inspect
import threading
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

__all__ = ["call_sync", "is_async_callable", "maybe_await", "run_sync", "sync_function", "sync_method"]

T = TypeVar("T")
P = ParamSpec("P")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None
_local = threading.local()  # .in_call_sync: this worker thread runs a user function for us


def _bridge_loop() -> asyncio.AbstractEventLoop:
    global _loop, _thread
    with _lock:
        if _loop is None or _loop.is_closed() or _thread is None or not _thread.is_alive():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="autogen-bridge", daemon=True)
            thread.start()
            _loop, _thread = loop, thread
        return _loop


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion from sync code and return its result (or raise its error)."""
    if getattr(_local, "in_call_sync", False) and _running_loop() is None:
        return asyncio.run(coro)
    if _thread is not None and threading.current_thread() is _thread:
        return _run_in_private_thread(coro)
    return _run_on_bridge(coro)


def _run_on_bridge(coro: Coroutine[Any, Any, T]) -> T:
    loop = _bridge_loop()
    done: concurrent.futures.Future[T] = concurrent.futures.Future()
    tasks: list[asyncio.Task[T]] = []

    def start() -> None:
        task = loop.create_task(coro)  # copies the caller's context: start runs inside it
        tasks.append(task)
        task.add_done_callback(lambda t: _settle(t, done))

    loop.call_soon_threadsafe(start, context=contextvars.copy_context())
    try:
        return done.result()
    except KeyboardInterrupt:
        if tasks:
            loop.call_soon_threadsafe(tasks[0].cancel)
        raise


def _settle(task: asyncio.Task[T], done: concurrent.futures.Future[T]) -> None:
    if task.cancelled():
        done.cancel()
    elif (exc := task.exception()) is not None:
        done.set_exception(exc)
    else:
        done.set_result(task.result())


def _run_in_private_thread(coro: Coroutine[Any, Any, T]) -> T:
    result: list[T] = []
    error: list[BaseException] = []
    ctx = contextvars.copy_context()

    def target() -> None:
        try:
            result.append(ctx.run(asyncio.run, coro))
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    worker = threading.Thread(target=target, name="autogen-bridge-nested", daemon=True)
    worker.start()
    worker.join()
    if error:
        raise error[0]
    return result[0]


def _marked(func: Callable[[], T]) -> T:
    _local.in_call_sync = True
    try:
        return func()
    finally:
        _local.in_call_sync = False


async def call_sync(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Call a sync user function on a worker thread, keeping the caller's context variables."""
    return await asyncio.to_thread(_marked, functools.partial(func, *args, **kwargs))


async def maybe_await(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call `func`, sync or async, without blocking the loop; return its (awaited) result."""
    if is_async_callable(func):
        return await func(*args, **kwargs)
    result = await call_sync(func, *args, **kwargs)
    if asyncio.iscoroutine(result):
        return await result
    return result


# -- sync twins, so that each signature is written once -------------------------------------
#
# class Agent:
#     async def a_send(self, message: str, recipient: Agent) -> None: ...
#     send = sync_method(a_send)
#
# `send` has `a_send`'s parameters (for `inspect.signature`, type checkers and help) and runs it
# through `run_sync`. A method twin looks the coroutine up on the instance at call time, so a
# subclass that overrides only `a_send` is what `send` runs, as with a hand-written twin.


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
