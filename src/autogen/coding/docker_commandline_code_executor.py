"""Run code blocks in one Docker container per executor, through the `docker` SDK.

The SDK is imported only when a Docker executor is built, so `import autogen` stays light and
works without it. The work dir is mounted at /workspace; the container is removed on `stop()`,
on leaving a `with` block, or when the executor is garbage-collected.
"""

from __future__ import annotations

import asyncio
import weakref
from pathlib import Path
from types import TracebackType
from typing import Any

from autogen.coding._command_line import CommandLineCodeExecutorBase, outcome_text
from autogen.coding._output import OutputCapper
from autogen.coding._process import EXIT_TIMEOUT, ProcessOutcome
from autogen.coding.base import CommandLineCodeResult
from autogen.coding.limits import ResourceLimits
from autogen.exceptions import DockerUnavailableError

__all__ = ["DockerCommandLineCodeExecutor", "docker_client"]

DEFAULT_IMAGE = "python:3-slim"
_FIXES = (
    "start the Docker engine (or set DOCKER_HOST), install the SDK (pip install 'autogen[docker]'), "
    'or run without Docker: set "use_docker": False in code_execution_config or AUTOGEN_USE_DOCKER=0 '
    "(code then runs in the local sandbox)"
)


def docker_client() -> Any:
    """A connected docker SDK client, or DockerUnavailableError naming the fixes."""
    from autogen.coding._docker_env import engine_endpoint_exists

    if not engine_endpoint_exists():
        raise DockerUnavailableError(
            f"Docker was asked for, but no Docker engine socket exists here. Fix: {_FIXES}."
        )
    try:
        import docker
    except ImportError as exc:
        raise DockerUnavailableError(
            f"Docker was asked for, but the docker SDK is not installed. Fix: {_FIXES}."
        ) from exc
    try:
        client = docker.from_env(timeout=10)
        client.ping()
    except Exception as exc:  # the SDK raises several unrelated types for "no engine"
        raise DockerUnavailableError(
            f"Docker was asked for, but no Docker engine answers ({exc}). Fix: {_FIXES}."
        ) from exc
    return client


class DockerCommandLineCodeExecutor(CommandLineCodeExecutorBase):
    """Like `LocalCommandLineCodeExecutor`, inside a container of `image` (pulled if missing)."""

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
            self._client.images.get(image)
        except Exception:
            self._client.images.pull(image)
        self._container = self._client.containers.create(
            image,
            name=container_name,
            entrypoint="/bin/sh",
            tty=True,
            auto_remove=auto_remove,
            volumes={str(self._work_dir): {"bind": "/workspace", "mode": "rw"}},
            working_dir="/workspace",
            mem_limit=self._limits.memory_bytes,
            pids_limit=self._limits.max_processes,
        )
        self._container.start()
        self._finalizer = weakref.finalize(self, _remove, self._container) if stop_container else None

    @property
    def image(self) -> str:
        return self._image

    def restart(self) -> None:
        self._container.restart()

    def stop(self) -> None:
        """Stop and remove the container (also done at exit and on garbage collection)."""
        if self._finalizer is not None:
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
        return CommandLineCodeResult(
            exit_code=outcome.exit_code,
            output=outcome_text(outcome, limit, self._limits),
            code_file=str(path),
        )

    def _exec(self, cmd: list[str]) -> ProcessOutcome:
        api = self._client.api
        exec_id = api.exec_create(self._container.id, cmd, workdir="/workspace")
        capper = OutputCapper(self._limits.max_output_bytes)
        for chunk in api.exec_start(exec_id, stream=True):
            capper.feed(chunk)
        code = api.exec_inspect(exec_id).get("ExitCode") or 0
        timed_out = code == EXIT_TIMEOUT
        return ProcessOutcome(
            exit_code=EXIT_TIMEOUT if timed_out else int(code),
            output=capper.text(),
            timed_out=timed_out,
            truncated=capper.truncated,
        )


def _remove(container: Any) -> None:
    try:
        container.stop(timeout=1)
        container.remove(force=True)
    except Exception:  # already gone (auto_remove) or the engine went away: nothing left to clean
        return
