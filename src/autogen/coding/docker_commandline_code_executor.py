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

from autogen._bridge import run_sync
from autogen.coding._files import canonical_language, code_filename, filename_from_code, write_code_file
from autogen.coding._output import OutputCapper
from autogen.coding._process import EXIT_TIMEOUT, ProcessOutcome
from autogen.coding.base import CodeBlock, CommandLineCodeResult
from autogen.coding.limits import ResourceLimits
from autogen.coding.local_commandline_code_executor import outcome_text
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor
from autogen.exceptions import ConfigError, DockerUnavailableError, UnsafeFilenameError

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


class DockerCommandLineCodeExecutor:
    """Like `LocalCommandLineCodeExecutor`, inside a container of `image` (pulled if missing)."""

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
        if not timeout or timeout <= 0:
            raise ConfigError(f"timeout must be a positive number of seconds, got {timeout!r}")
        self._timeout = float(timeout)
        self._work_dir = Path(work_dir).absolute()
        self._work_dir.mkdir(parents=True, exist_ok=True)
        self._limits = limits or ResourceLimits()
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
    def code_extractor(self) -> MarkdownCodeExtractor:
        return MarkdownCodeExtractor()

    @property
    def image(self) -> str:
        return self._image

    @property
    def timeout(self) -> float:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        return self._work_dir

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

    def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CommandLineCodeResult:
        return run_sync(self.a_execute_code_blocks(code_blocks))

    async def a_execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CommandLineCodeResult:
        outputs: list[str] = []
        result = CommandLineCodeResult(exit_code=0, output="")
        for block in code_blocks:
            result = await self.a_run_code(block.code, block.language)
            outputs.append(result.output)
            if result.exit_code != 0:
                break
        return CommandLineCodeResult(
            exit_code=result.exit_code, output="".join(outputs), code_file=result.code_file
        )

    async def a_run_code(
        self, code: str, language: str, *, filename: str | None = None, timeout: float | None = None
    ) -> CommandLineCodeResult:
        lang = canonical_language(language)
        if lang is None or lang == "pwsh":
            return CommandLineCodeResult(exit_code=1, output=f"unknown language {language}")
        name = filename or filename_from_code(code) or code_filename(code, lang)
        try:
            path = write_code_file(self._work_dir, name, code)
        except UnsafeFilenameError as exc:
            return CommandLineCodeResult(exit_code=1, output=str(exc))
        except OSError as exc:  # e.g. a directory of that name, or a name too long
            return CommandLineCodeResult(exit_code=1, output=f"could not save the code as {name!r}: {exc}")
        rel = path.relative_to(self._work_dir.resolve()).as_posix()
        limit = float(timeout or self._timeout)
        program = "python3" if lang == "python" else lang
        cmd = ["timeout", "-k", "1", f"{limit:g}", program, rel]  # 124 on timeout, KILL 1 s after TERM
        try:  # `timeout` inside the container stops the code; this guards against a stuck engine
            outcome = await asyncio.wait_for(asyncio.to_thread(self._exec, cmd), limit + 30)
        except (asyncio.TimeoutError, TimeoutError):
            outcome = ProcessOutcome(EXIT_TIMEOUT, "", "", timed_out=True, truncated=False)
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
            stderr="",
            timed_out=timed_out,
            truncated=capper.truncated,
        )


def _remove(container: Any) -> None:
    try:
        container.stop(timeout=1)
        container.remove(force=True)
    except Exception:  # already gone (auto_remove) or the engine went away: nothing left to clean
        return
