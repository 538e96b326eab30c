"""Run code blocks in one Docker container per executor, through the `docker` SDK.

The SDK is imported only when a Docker executor is built, so `import autogen` stays light and
works without it. The work dir is mounted at /workspace; the container is removed on `stop()`,
on leaving a `with` block, or when the executor is garbage-collected.

Any Docker-API engine works (Docker, or podman's compatible service: see scripts/podman-engine).
The container runs under the engine's init process (`init=True`), which reaps what the code leaves
behind; otherwise every orphan would stay a zombie and count against the pids limit.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from pathlib import Path
from types import TracebackType
from typing import Any

from autogen.coding._command_line import CommandLineCodeExecutorBase, outcome_text
from autogen.coding._docker_env import docker_client
from autogen.coding._output import OutputCapper
from autogen.coding._process import EXIT_TIMEOUT, ProcessOutcome
from autogen.coding.base import CommandLineCodeResult
from autogen.coding.limits import ResourceLimits
from autogen.exceptions import CodeExecutionError

__all__ = ["DockerCommandLineCodeExecutor", "docker_client"]

DEFAULT_IMAGE = "python:3-slim"
# Kills every process in the container except the init (pid 1), the idle shell that keeps the
# container alive (the init's oldest child: the lowest pid whose parent is 1; orphans reparented
# to the init come later) and this shell itself. Builtins only, so nothing it forks gets killed.
_KILL_STRAYS = """
keep=
for d in /proc/[0-9]*; do
  p=${d#/proc/}; read -r stat < "$d/stat" || continue; stat=${stat##*) }; set -- $stat
  if [ "$2" = 1 ] && { [ -z "$keep" ] || [ "$p" -lt "$keep" ]; }; then keep=$p; fi
done
for d in /proc/[0-9]*; do
  p=${d#/proc/}
  if [ "$p" != 1 ] && [ "$p" != "$keep" ] && [ "$p" != $$ ]; then kill -9 "$p" 2>/dev/null; fi
done
true
"""


class DockerCommandLineCodeExecutor(CommandLineCodeExecutorBase):
    """Like `LocalCommandLineCodeExecutor`, inside a container of `image` (pulled if missing).

    The image needs `sh`, coreutils' `timeout` and, for Python blocks, `python3`. At a timeout the
    whole run is killed, including processes it detached; background processes a run leaves
    behind without timing out live on until the executor stops (as v0.2's did).
    """

    _unsupported_languages = frozenset({"pwsh"})  # the image has python and sh, not PowerShell

    def __init__(
        self,
        image: str = DEFAULT_IMAGE,
        container_name: str | None = None,
        timeout: float = 60,
        work_dir: str | Path = ".",
        auto_remove: bool = True,
        stop_container: bool = True,
        limits: ResourceLimits | None = None,
    ) -> None:
        super().__init__(timeout, work_dir, limits)
        self._image = image
        self._client = docker_client()
        try:
            _ensure_image(self._client, image)
            self._container = self._client.containers.create(
                image,
                name=container_name,
                entrypoint="/bin/sh",
                tty=True,  # an interactive shell waiting on its terminal: idles until removed
                init=True,
                auto_remove=auto_remove,
                volumes={str(self._work_dir): {"bind": "/workspace", "mode": "rw"}},
                working_dir="/workspace",
                mem_limit=self._limits.memory_bytes,
                pids_limit=self._limits.max_processes,
            )
        except BaseException:
            self._client.close()
            raise
        try:
            self._container.start()
        except BaseException:
            _remove(self._container, self._client)
            raise
        self._finalizer = (
            weakref.finalize(self, _remove, self._container, self._client)
            if stop_container
            else weakref.finalize(self, self._client.close)
        )

    @property
    def image(self) -> str:
        return self._image

    @property
    def container_id(self) -> str:
        """The engine's id of this executor's container (for inspection and tests)."""
        return str(self._container.id)

    def restart(self) -> None:
        self._container.restart()

    def stop(self) -> None:
        """Stop and remove the container (also done at exit and on garbage collection)."""
        self._finalizer()

    def __enter__(self) -> DockerCommandLineCodeExecutor:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def _run_saved(self, path: Path, language: str, timeout: float | None) -> CommandLineCodeResult:
        rel = path.relative_to(self._work_dir.resolve()).as_posix()
        limit = float(timeout or self._timeout)
        program = "python3" if language == "python" else language
        cmd = ["timeout", "-k", "1", f"{limit:g}", program, rel]  # 124 on timeout, KILL 1 s after TERM
        try:  # `timeout` inside the container stops the code; this guards against a stuck engine
            outcome = await asyncio.wait_for(asyncio.to_thread(self._exec, cmd), limit + 30)
        except (asyncio.TimeoutError, TimeoutError):
            outcome = ProcessOutcome(EXIT_TIMEOUT, "", timed_out=True, truncated=False)
        if outcome.timed_out:  # `timeout` kills its process group; a detached child escapes it
            await asyncio.to_thread(self._kill_strays)
        return CommandLineCodeResult(
            exit_code=outcome.exit_code,
            output=outcome_text(outcome, limit, self._limits),
            code_file=str(path),
        )

    def _exec(self, cmd: list[str]) -> ProcessOutcome:
        api = self._client.api
        exec_id = api.exec_create(self._container.id, cmd, workdir="/workspace")
        capper = OutputCapper(self._limits.max_output_bytes)
        stream = api.exec_start(exec_id, stream=True)
        try:
            for chunk in stream:
                capper.feed(chunk)
        finally:
            _close(stream)
        code = _exit_code(api, exec_id)
        timed_out = code == EXIT_TIMEOUT
        return ProcessOutcome(
            exit_code=EXIT_TIMEOUT if timed_out else code,
            output=capper.text(),
            timed_out=timed_out,
            truncated=capper.truncated,
        )

    def _kill_strays(self) -> None:
        api = self._client.api
        try:
            exec_id = api.exec_create(self._container.id, ["sh", "-c", _KILL_STRAYS], workdir="/")
            api.exec_start(exec_id)  # not streamed: returns once the kill is done, socket closed
        except Exception:  # best effort: the container is removed on stop() in any case
            return


def _ensure_image(client: Any, image: str) -> None:
    """Pull `image` unless the engine has it; a failed pull names the image and the ways out."""
    try:
        client.images.get(image)
        return
    except Exception:  # not there (ImageNotFound), or the engine failed: the pull will tell
        pass
    try:
        client.images.pull(image)
    except Exception as exc:
        detail = getattr(exc, "explanation", None) or exc
        raise CodeExecutionError(
            f"the Docker image {image!r} is not on the engine and could not be pulled ({detail}). "
            "Fix: pull or build it on the engine, name an image it has "
            '("use_docker": "<image>" in code_execution_config), or set "use_docker": False.'
        ) from exc


def _exit_code(api: Any, exec_id: Any, settle: float = 2.0) -> int:
    """The exec's exit code; an engine may report the end of the stream a moment before the exit."""
    deadline = time.monotonic() + settle
    while True:
        info = api.exec_inspect(exec_id)
        if not info.get("Running") or time.monotonic() > deadline:
            return int(info.get("ExitCode") or 0)
        time.sleep(0.01)


def _close(stream: Any) -> None:
    """Close a streamed exec's socket for good.

    The SDK's `CancellableStream.close()` closes the socket but not the HTTP response that still
    holds a file on it, so the socket stays open until garbage collection (a ResourceWarning).
    """
    close = getattr(stream, "close", None)
    if close is not None:
        close()
    response = getattr(stream, "_response", None)
    if response is not None:
        response.close()


def _remove(container: Any, client: Any) -> None:
    try:
        container.remove(force=True)  # SIGKILL: the idle shell ignores SIGTERM, so no grace period
    except Exception:  # already gone (auto_remove) or the engine went away: nothing left to clean
        pass
    finally:
        client.close()
