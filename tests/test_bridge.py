"""The sync facade: one bridge that works with and without a running loop, and never deadlocks."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest

from autogen._bridge import call_sync, maybe_await, run_sync

var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")


async def where() -> tuple[str, str]:
    await asyncio.sleep(0)
    return threading.current_thread().name, var.get()


async def loop_id() -> int:
    return id(asyncio.get_running_loop())


def test_run_sync_keeps_the_callers_context() -> None:
    token = var.set("caller")
    try:
        assert run_sync(where())[1] == "caller"
    finally:
        var.reset(token)


def test_main_thread_uses_the_long_lived_bridge_loop() -> None:
    assert run_sync(where())[0] == "autogen-bridge"
    assert run_sync(loop_id()) == run_sync(loop_id())


def test_other_threads_share_the_bridge_loop() -> None:
    seen: list[object] = []
    for _ in range(2):
        worker = threading.Thread(target=lambda: seen.append((run_sync(where())[0], run_sync(loop_id()))))
        worker.start()
        worker.join()
    assert seen[0] == seen[1]
    assert seen[0][0] == "autogen-bridge"  # type: ignore[index]


def test_run_sync_inside_running_loop_does_not_deadlock() -> None:
    async def outer() -> tuple[str, str]:
        return run_sync(where())  # what a Jupyter cell calling a sync method does

    assert asyncio.run(outer())[0] == "autogen-bridge"


def test_run_sync_from_the_bridge_thread_uses_a_private_loop() -> None:
    async def nested() -> tuple[str, str]:
        return run_sync(where())

    def from_a_user_thread() -> None:
        result.append(run_sync(nested())[0])

    result: list[str] = []
    worker = threading.Thread(target=from_a_user_thread)
    worker.start()
    worker.join()
    assert result == ["autogen-bridge-nested"]


async def test_nested_sync_calls_from_many_sync_functions_do_not_starve_the_pool() -> None:
    """More concurrent sync functions than pool workers, each waiting on a nested sync call
    that itself needs a worker: the nested call runs in the caller's own thread."""

    def inner() -> str:
        return "inner"

    async def nested_chat() -> str:
        return await call_sync(inner)

    def sync_reply() -> str:
        return run_sync(nested_chat())

    results = await asyncio.wait_for(asyncio.gather(*(call_sync(sync_reply) for _ in range(40))), 30)
    assert results == ["inner"] * 40


def test_run_sync_propagates_errors() -> None:
    async def boom() -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        run_sync(boom())


async def test_call_sync_runs_off_the_loop() -> None:
    loop_thread = threading.current_thread().name
    assert await call_sync(lambda: threading.current_thread().name) != loop_thread


async def test_maybe_await_handles_sync_and_async() -> None:
    async def a(x: int) -> int:
        return x + 1

    assert await maybe_await(a, 1) == 2
    assert await maybe_await(lambda x: x * 2, 4) == 8
