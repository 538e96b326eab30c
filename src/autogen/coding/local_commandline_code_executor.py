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
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

from autogen.coding import _sandbox, _user_functions
from autogen.coding._command_line import CommandLineCodeExecutorBase, outcome_text
from autogen.coding._files import code_filename, command_for, filename_from_code, write_code_file
from autogen.coding._process import MARKER_VAR, Launch, run_process
from autogen.coding.base import CommandLineCodeResult
from autogen.coding.func_with_reqs import UserFunction
from autogen.coding.limits import ResourceLimits
from autogen.exceptions import ConfigError, SandboxUnavailableError

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


class LocalCommandLineCodeExecutor(CommandLineCodeExecutorBase):
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
        functions: user-defined functions the code may import from `functions_module` (see
            `autogen.coding.func_with_reqs`); `format_functions_for_prompt()` describes them.
        functions_module: the module name for them (default "functions").
        execution_policies: language -> run it (True) or only save it (False); merged over
            `DEFAULT_EXECUTION_POLICY` (javascript, html, css are saved, not run). Not given: every
            language is tried, and one that cannot run fails as documented for v0.2.
        virtual_env_context: from `autogen.code_utils.create_virtual_env`: Python code runs with
            that interpreter (in sandbox mode the venv must be under the work dir or a system path).

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
        functions: Sequence[UserFunction] = (),
        functions_module: str = "functions",
        execution_policies: Mapping[str, bool] | None = None,
        virtual_env_context: SimpleNamespace | None = None,
    ) -> None:
        if sandbox not in (True, False, "strict"):
            raise ConfigError(f"sandbox must be True, False or 'strict', got {sandbox!r}")
        super().__init__(timeout, work_dir, limits)
        _user_functions.check_functions_module(functions_module, functions)
        self._functions = list(functions)
        self._functions_module = functions_module
        self._functions_ready = not self._functions
        self._execution_policies = _user_functions.merged_policies(execution_policies)
        self._virtual_env_context = virtual_env_context
        self._python = str(virtual_env_context.env_exe) if virtual_env_context is not None else sys.executable
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
    def mode(self) -> ExecutionMode:
        return self._mode

    DEFAULT_EXECUTION_POLICY = _user_functions.DEFAULT_EXECUTION_POLICY
    FUNCTION_PROMPT_TEMPLATE = _user_functions.FUNCTION_PROMPT_TEMPLATE

    @property
    def functions(self) -> list[UserFunction]:
        return list(self._functions)

    @property
    def functions_module(self) -> str:
        return self._functions_module

    @property
    def execution_policies(self) -> dict[str, bool]:
        return dict(self._execution_policies)

    def format_functions_for_prompt(self, prompt_template: str = FUNCTION_PROMPT_TEMPLATE) -> str:
        """The functions' stubs in `prompt_template` (`$module_name`, `$functions`), for a system message."""
        return _user_functions.prompt_for(self._functions_module, self._functions, prompt_template)

    async def a_run_code(
        self, code: str, language: str, *, filename: str | None = None, timeout: float | None = None
    ) -> CommandLineCodeResult:
        """As the base class, after setting up the user-defined functions once; a language whose
        execution policy is False is saved, not run."""
        if not self._functions_ready:
            await self._setup_functions()
        if self._execution_policies.get(language.strip().lower(), True) is False:
            name = filename or filename_from_code(code) or code_filename(code, language.strip().lower())
            path = write_code_file(self._work_dir, name, code)
            return CommandLineCodeResult(exit_code=0, output=f"Code saved to {path}\n", code_file=str(path))
        return await super().a_run_code(code, language, filename=filename, timeout=timeout)

    async def _setup_functions(self) -> None:
        import asyncio

        await asyncio.to_thread(_user_functions.install_missing, self._functions, self._python)
        _, source = _user_functions.write_module(self._work_dir, self._functions_module, self._functions)
        self._functions_ready = True  # before the check, which runs through a_run_code itself
        check = await super().a_run_code(source, "python", filename=f"_check_{self._functions_module}.py")
        if check.exit_code != 0:
            self._functions_ready = False
            raise ConfigError(f"the user-defined functions failed to load: {check.output.strip()}")

    @staticmethod
    def sanitize_command(lang: str, code: str) -> None:
        """Refuse shell code that would wreck the machine (v0.2.35's list); a `ValueError`.

        A second line of defence only: the sandbox is the real one."""
        if lang not in ("bash", "shell", "sh"):
            return
        dangerous = (
            (r"\brm\s+-rf\b", "Use of 'rm -rf' command is not allowed."),
            (r"\bmv\b.*?\s+/dev/null", "Moving files to /dev/null is not allowed."),
            (r"\bdd\b", "Use of 'dd' command is not allowed."),
            (r">\s*/dev/sd[a-z][1-9]?", "Overwriting disk blocks directly is not allowed."),
            (r":\(\)\{\s*:\|\:&\s*\};:", "Fork bombs are not allowed."),
        )
        import re

        for pattern, message in dangerous:
            if re.search(pattern, code):
                raise ConfigError(f"Potentially dangerous command detected: {message}")

    def restart(self) -> None:
        """Nothing to restart: every code block runs in a fresh process."""

    async def _run_saved(self, path: Path, language: str, timeout: float | None) -> CommandLineCodeResult:
        self._hand_over_tree(path)
        rel = str(path.relative_to(self._work_dir.resolve()))
        return await self.a_run_file(rel, language, timeout=timeout)

    async def a_run_file(
        self, filename: str, language: str, *, timeout: float | None = None
    ) -> CommandLineCodeResult:
        """Run a file already in the work dir (`language` canonical: python, bash, sh or pwsh)."""
        limit = float(timeout or self._timeout)
        try:
            launch = self._launch(command_for(language, filename, self._python), limit)
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
