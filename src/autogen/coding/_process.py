"""Run one command to completion: timeout, whole-tree kill, bounded output.

Every executor mode (sandbox, limited fallback, plain) goes through `run_process`, so they share
the timeout and kill semantics:

* the command starts in a new session, so its process group can be killed at once;
* at the deadline the group gets SIGKILL, and processes that left the group (`setsid`, daemons)
  are found by a marker variable in their environment and killed too. (In the sandbox the pid
  namespace makes this moot: when bwrap dies, the kernel kills everything inside.)
* once the main process has exited, anything it left behind is killed the same way, so nothing
  outlives the call;
* output (stdout and stderr, interleaved as printed) is read as it arrives into an
  `OutputCapper`, so memory stays bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from autogen.coding._output import OutputCapper

__all__ = ["EXIT_TIMEOUT", "Launch", "ProcessOutcome", "kill_marked", "run_process"]

EXIT_TIMEOUT = 124  # what coreutils `timeout` reports; scripts and models know it
MARKER_VAR = "AUTOGEN_EXECUTION_ID"
_CHUNK = 64 * 1024
_EXIT_GRACE = 0.2  # how long leftovers may hold the pipe after the main process exits


@dataclass
class Launch:
    """Everything needed to start one process; built by the sandbox or the executor."""

    argv: list[str]
    cwd: str
    env: dict[str, str] | None
    pass_fds: tuple[int, ...] = ()
    after_spawn: Callable[[], None] | None = None
    """Runs right after the spawn, e.g. to set the sandbox's rlimits and uid map: on the event
    loop once `ready_fd` is readable (it must not block then), else on a worker thread."""
    ready_fd: int | None = None
    parent_fds: list[int] = field(default_factory=list)
    """Our ends of pipes used by `after_spawn`; closed when the run ends."""
    marker: str | None = None
    """Value of AUTOGEN_EXECUTION_ID in the child's environment, used to find strays."""

    def close_fds(self, fds: tuple[int, ...] | list[int]) -> None:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


@dataclass
class ProcessOutcome:
    exit_code: int
    output: str
    timed_out: bool
    truncated: bool


async def run_process(launch: Launch, *, timeout: float, max_output_bytes: int) -> ProcessOutcome:
    """Run `launch` and return its exit code (124 on timeout, 128+N when killed by signal N)."""
    deadline = time.monotonic() + timeout
    try:
        proc = await asyncio.create_subprocess_exec(
            *launch.argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=launch.cwd,
            env=launch.env,
            pass_fds=launch.pass_fds,
            start_new_session=True,
        )
    except BaseException:
        launch.close_fds(launch.parent_fds)
        raise
    finally:
        launch.close_fds(launch.pass_fds)
    out = OutputCapper(max_output_bytes)
    assert proc.stdout is not None
    pumps = [asyncio.create_task(_pump(proc.stdout, out))]
    timed_out = False
    try:
        if launch.after_spawn is not None:
            if launch.ready_fd is None:
                await asyncio.to_thread(launch.after_spawn)
            else:
                await asyncio.wait_for(_readable(launch.ready_fd), max(0.0, deadline - time.monotonic()))
                launch.after_spawn()
        await asyncio.wait_for(proc.wait(), max(0.0, deadline - time.monotonic()))
    except (asyncio.TimeoutError, TimeoutError):
        timed_out = True
        _kill_tree(proc.pid, launch.marker)
        await proc.wait()
    except BaseException:  # cancelled, or after_spawn failed: nothing may outlive us
        _kill_tree(proc.pid, launch.marker)
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(proc.wait(), 2)
        for pump in pumps:
            pump.cancel()
        raise
    finally:
        launch.close_fds(launch.parent_fds)
    await _drain(pumps, proc.pid, launch.marker)
    code = EXIT_TIMEOUT if timed_out else _normalise(proc.returncode)
    return ProcessOutcome(exit_code=code, output=out.text(), timed_out=timed_out, truncated=out.truncated)


async def _readable(fd: int) -> None:
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        loop.remove_reader(fd)


async def _pump(stream: asyncio.StreamReader, sink: OutputCapper) -> None:
    while chunk := await stream.read(_CHUNK):
        sink.feed(chunk)


async def _drain(pumps: list[asyncio.Task[None]], pid: int, marker: str | None) -> None:
    """Read what is left; kill whatever still holds the pipe open after a short grace."""
    _, pending = await asyncio.wait(pumps, timeout=_EXIT_GRACE)
    _kill_tree(pid, marker)  # background jobs, even ones that closed their output, must not outlive us
    if not pending:
        return
    _, pending = await asyncio.wait(pending, timeout=1.0)
    for pump in pending:  # someone we cannot see holds the pipe: stop listening
        pump.cancel()


def _normalise(returncode: int | None) -> int:
    if returncode is None:
        return 1
    return 128 - returncode if returncode < 0 else returncode


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _kill_tree(pid: int, marker: str | None) -> None:
    _kill_group(pid)
    if marker is not None:
        kill_marked(marker)


def kill_marked(marker: str) -> int:
    """SIGKILL every process of ours whose environment carries `marker`; return how many.

    This finds children that left the process group (`setsid`, double fork). A few passes catch
    ones forked while we were looking.
    """
    needle = f"{MARKER_VAR}={marker}".encode()
    me = os.getpid()
    killed = 0
    for _ in range(3):
        found = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    environ = f.read()
            except OSError:
                continue
            if needle in environ.split(b"\0"):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(int(entry), signal.SIGKILL)
                    found += 1
        killed += found
        if not found:
            break
    return killed
