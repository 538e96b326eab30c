"""Sync tools with a timeout run in a worker process, so a timeout can stop them for good.

A thread cannot be stopped in Python, so a sync function past `function_timeout` would keep its
thread (and whatever it holds) until it returns. When a timeout is set, a sync tool runs instead
in a fresh Python process (`python -m autogen.agentchat.replies._tool_process`, in its own
process group), and past the timeout that group is killed. The function, its arguments and its
return value travel pickled, so they must be picklable, and the function importable by the
worker: a function defined at module level in an importable module is; a lambda, a closure, a
function defined inside another function or in the `__main__` script is not. Those run on a
thread as before, and their timeout message says they were abandoned and why. Async tools are
cancelled, as before. The worker is a new interpreter, not a fork: it never re-runs the user's
script and inherits no threads or locks of the chat.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["ToolTimedOut", "killable", "run_in_process"]

_READY = b"R"
_STARTUP_LIMIT = 120.0  # seconds for the worker to start and import the tool's module


class ToolTimedOut(Exception):
    """The worker process ran past the timeout and was killed."""


def killable(func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> bool:
    """Whether `func(*args, **kwargs)` can be sent to a worker process (importable and picklable)."""
    if getattr(func, "__module__", "__main__") == "__main__":
        return False
    try:
        pickle.loads(pickle.dumps((func, args, kwargs)))
    except Exception:  # noqa: BLE001 - any pickling failure means "run it on a thread"
        return False
    return True


async def run_in_process(
    func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], timeout: float
) -> Any:
    """`func(*args, **kwargs)` in a worker process; ToolTimedOut (the process killed) past `timeout`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,  # run as a plain script: the worker imports only what the tool's module needs
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own group: a timeout kills whatever the tool started too
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    try:
        process.stdin.write(pickle.dumps((func, args, kwargs)))
        await process.stdin.drain()
        process.stdin.close()
        # the timeout counts from the call, not from the interpreter's start and the imports
        ready = await asyncio.wait_for(process.stdout.read(1), _STARTUP_LIMIT)
        if ready == _READY:
            out = await asyncio.wait_for(process.stdout.read(), timeout)
        else:
            out = b""
        err = await process.stderr.read()
    except asyncio.TimeoutError:
        raise ToolTimedOut from None
    finally:
        if process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await process.wait()
    try:
        ok, value = pickle.loads(out)
    except Exception:  # noqa: BLE001 - the worker died before answering
        detail = err.decode(errors="replace").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
        raise RuntimeError(f"the tool's worker process failed: {detail[0]}") from None
    if ok:
        return value
    raise value


def _main() -> None:  # pragma: no cover - runs in the worker process
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]  # no shadowing by our files
    func, args, kwargs = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(_READY)
    sys.stdout.buffer.flush()
    try:
        result: tuple[bool, Any] = (True, func(*args, **kwargs))
    except BaseException as e:  # noqa: BLE001 - the parent reports it to the model
        result = (False, e)
    try:
        payload = pickle.dumps(result)
    except Exception as e:  # noqa: BLE001 - an unpicklable result or exception
        payload = pickle.dumps((False, TypeError(f"the tool's result cannot be sent back: {e}")))
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


if __name__ == "__main__":  # pragma: no cover
    _main()
