"""The sync facade: one bridge that works with and without a running loop."""

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


def test_run_sync_without_loop_runs_on_bridge_and_keeps_context() -> None:
    token = var.set("caller")
    try:
        name, value = run_sync(where())
    finally:
        var.reset(token)
    assert name == "autogen-bridge"
    assert value == "caller"


def test_run_sync_reuses_one_loop() -> None:
    async def loop_id() -> int:
        return id(asyncio.get_running_loop())

    assert run_sync(loop_id()) == run_sync(loop_id())


def test_run_sync_inside_running_loop_does_not_deadlock() -> None:
    async def outer() -> tuple[str, str]:
        return run_sync(where())  # what a Jupyter cell calling a sync method does

    assert asyncio.run(outer())[0] == "autogen-bridge"


def test_run_sync_from_the_bridge_thread_uses_a_private_loop() -> None:
    async def nested() -> tuple[str, str]:
        return run_sync(where())

    assert run_sync(nested())[0] == "autogen-bridge-nested"


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
