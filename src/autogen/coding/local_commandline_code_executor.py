"""Run code blocks as local processes: sandboxed by default, plain only when asked for.

Three modes, chosen once when the executor is built:

* ``"sandbox"`` (default where bubblewrap works): see `autogen.coding._sandbox`: no network,
  read-only system, writes only in the work dir, allow-listed environment, rlimits.
* ``"limited"``: the sandbox cannot be built here (no bwrap, no user namespaces). Code runs as
  a subprocess with the allow-listed environment and rlimits (CPU, memory, file size), but
  without filesystem or network isolation. One loud warning says so; `sandbox="strict"` refuses
  instead (`SandboxUnavailableError`).
* ``"plain"`` (`sandbox=False`, explicit opt-in): v0.2's behaviour, the parent's full
  environment and no limits, but the same timeout, whole-tree kill and output cap.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
import uuid
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from autogen._bridge import run_sync
from autogen.coding import _sandbox
from autogen.coding._files import (
    canonical_language,
    code_filename,
    command_for,
    filename_from_code,
    write_code_file,
)
from autogen.coding._process import EXIT_TIMEOUT, MARKER_VAR, Launch, ProcessOutcome, run_process
from autogen.coding.base import CodeBlock, CommandLineCodeResult
from autogen.coding.limits import ResourceLimits
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor
from autogen.exceptions import ConfigError, SandboxUnavailableError, UnsafeFilenameError

__all__ = ["ExecutionMode", "LocalCommandLineCodeExecutor", "outcome_text"]

logger = logging.getLogger("autogen.coding")
ExecutionMode = Literal["sandbox", "limited", "plain"]

_warned = threading.Event()


@cache
def _prlimit() -> str | None:
    return shutil.which("prlimit")


def _warn_unsandboxed(reason: str) -> None:
    if not _warned.is_set():
        _warned.set()
        logger.warning(
            "\n!!! autogen: NO SANDBOX for LLM-written code: %s.\n"
            "!!! Code will run as a resource-limited subprocess WITHOUT filesystem or network isolation.\n"
            "!!! Fix: install bubblewrap (apt-get install bubblewrap) and allow user namespaces, or use\n"
            "!!! Docker (code_execution_config={'use_docker': True}); sandbox='strict' refuses instead.",
            reason,
        )


def outcome_text(outcome: ProcessOutcome, timeout: float, limits: ResourceLimits | None = None) -> str:
    """The output, plus a note a model can act on when the code was stopped."""
    text = outcome.output
    note = ""
    if outcome.timed_out:
        note = f"Timeout: the code ran longer than {timeout:g} s and was stopped (exit code {EXIT_TIMEOUT})."
    elif outcome.exit_code == 128 + 24:
        note = "Killed: CPU time limit exceeded."
    elif outcome.exit_code == 128 + 25:
        note = "Killed: file size limit exceeded."
    elif outcome.exit_code == 128 + 9 and limits is not None:
        note = "Killed (SIGKILL): a memory, CPU or process limit was probably reached."
    if note:
        text += ("" if not text or text.endswith("\n") else "\n") + note
    return text


class LocalCommandLineCodeExecutor:
    """Saves each code block to a file in `work_dir` and runs it (python, sh/bash, pwsh if installed).

    Args:
        timeout: wall-clock seconds per code block; then the whole process tree is killed and the
            result is exit code 124 with the output so far and a timeout note.
        work_dir: where code files are saved and run (created if missing).
        sandbox: True (default): the OS sandbox, or a loudly-warned resource-limited subprocess
            where none can be built; "strict": the sandbox or `SandboxUnavailableError`;
            False: plain v0.2-style local execution (explicit opt-in).
        limits: resource limits (CPU, memory, processes, file size, output size).
        env: extra environment variables for the code (the only way to pass a secret in, on purpose).

    When this process runs as root, sandboxed code runs as uid 65533 (`AUTOGEN_SANDBOX_UID`), since
    the kernel exempts root from the process cap; the work dir is then chowned to that uid.
    """

    def __init__(
        self,
        timeout: float = 60,
        work_dir: str | Path = ".",
        *,
        sandbox: bool | Literal["strict"] = True,
        limits: ResourceLimits | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if not timeout or timeout <= 0:
            raise ConfigError(f"timeout must be a positive number of seconds, got {timeout!r}")
        if sandbox not in (True, False, "strict"):
            raise ConfigError(f"sandbox must be True, False or 'strict', got {sandbox!r}")
        self._timeout = float(timeout)
        self._work_dir = Path(work_dir).absolute()
        self._work_dir.mkdir(parents=True, exist_ok=True)
        self._limits = limits or ResourceLimits()
        self._env = dict(env or {})
        self._mode = self._choose_mode(sandbox)
        if self._mode == "sandbox":
            _sandbox.hand_over(self._work_dir)

    @staticmethod
    def _choose_mode(sandbox: bool | Literal["strict"]) -> ExecutionMode:
        if sandbox is False:
            return "plain"
        status = _sandbox.sandbox_status()
        if status.available:
            return "sandbox"
        if sandbox == "strict":
            raise SandboxUnavailableError(
                f"strict sandboxing was asked for, but no sandbox can be built here: {status.reason}. "
                "Install bubblewrap (apt-get install bubblewrap), use Docker (use_docker=True), "
                "or pass sandbox=True to accept a resource-limited subprocess."
            )
        _warn_unsandboxed(status.reason)
        return "limited"

    @property
    def code_extractor(self) -> MarkdownCodeExtractor:
        return MarkdownCodeExtractor()

    @property
    def mode(self) -> ExecutionMode:
        return self._mode

    @property
    def timeout(self) -> float:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        return self._work_dir

    def restart(self) -> None:
        """Nothing to restart: every code block runs in a fresh process."""

    def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CommandLineCodeResult:
        return run_sync(self.a_execute_code_blocks(code_blocks))

    async def a_execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CommandLineCodeResult:
        """Run the blocks in order; stop at the first failure. Outputs are concatenated."""
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
        """Save and run one piece of code. An unsafe `filename` or language is a failed result."""
        lang = canonical_language(language)
        if lang is None:
            return CommandLineCodeResult(exit_code=1, output=f"unknown language {language}")
        name = filename or filename_from_code(code) or code_filename(code, lang)
        try:
            path = write_code_file(self._work_dir, name, code)
        except UnsafeFilenameError as exc:
            return CommandLineCodeResult(exit_code=1, output=str(exc))
        except OSError as exc:  # e.g. a directory of that name, or a name too long
            return CommandLineCodeResult(exit_code=1, output=f"could not save the code as {name!r}: {exc}")
        self._hand_over_tree(path)
        rel = str(path.relative_to(self._work_dir.resolve()))
        return await self.a_run_file(rel, lang, timeout=timeout)

    async def a_run_file(
        self, filename: str, language: str, *, timeout: float | None = None
    ) -> CommandLineCodeResult:
        """Run a file already in the work dir (`language` canonical: python, bash, sh or pwsh)."""
        limit = float(timeout or self._timeout)
        try:
            launch = self._launch(command_for(language, filename), limit)
            outcome = await run_process(launch, timeout=limit, max_output_bytes=self._limits.max_output_bytes)
        except OSError as exc:  # the machinery failed, not the code: say so in the conversation
            return CommandLineCodeResult(
                exit_code=1, output=f"could not run the code ({self._mode} mode): {exc}"
            )
        limits = None if self._mode == "plain" else self._limits
        return CommandLineCodeResult(
            exit_code=outcome.exit_code,
            output=outcome_text(outcome, limit, limits),
            code_file=str(self._work_dir / filename),
        )

    def _hand_over_tree(self, path: Path) -> None:
        if self._mode != "sandbox":
            return
        _sandbox.hand_over(self._work_dir)  # in case it was deleted and re-created since
        root = self._work_dir.resolve()
        for p in [path, *path.parents]:
            if p == root or root not in p.parents:
                break
            _sandbox.hand_over(p)

    def _launch(self, cmd: list[str], timeout: float) -> Launch:
        wd = self._work_dir
        if self._mode == "sandbox":
            return _sandbox.sandbox_launch(
                cmd, wd, _sandbox.sandbox_env(wd, self._env), self._limits, timeout
            )
        marker = uuid.uuid4().hex
        if self._mode == "limited":
            env = _sandbox.sandbox_env(wd, self._env)
            prlimit = _prlimit()
            if prlimit is not None:
                cmd = [prlimit, *self._limits.prlimit_args(timeout, nproc=False), "--", *cmd]
        else:
            env = {**os.environ, **self._env}
        env[MARKER_VAR] = marker
        return Launch(argv=cmd, cwd=str(wd), env=env, marker=marker)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(work_dir={str(self._work_dir)!r}, timeout={self._timeout:g}, "
            f"mode={self._mode!r}, python={sys.executable!r})"
        )
