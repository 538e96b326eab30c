"""v0.2's `execute_code`: one piece of code through the executor that `use_docker` picks.

It keeps v0.2's signature and `(exit_code, output, image)` result, and adds safety: the code runs
in the local sandbox unless Docker is asked for (or answers, when `use_docker` is left unset);
Docker asked for with no engine raises `DockerUnavailableError`; a timeout gives exit code 124
with the output so far and a note, instead of v0.2's bare "Timeout". Re-exported by
`autogen.code_utils`, its v0.2 home.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from autogen._bridge import sync_function
from autogen.coding._docker_env import check_can_use_docker_or_throw, decide_use_docker
from autogen.coding._files import canonical_language, code_filename, safe_path
from autogen.coding.factory import DEFAULT_TIMEOUT, WORKING_DIR, CodeExecutorFactory
from autogen.exceptions import ConfigError

__all__ = ["a_execute_code", "execute_code"]

_UNSET: Any = object()


async def a_execute_code(
    code: str | None = None,
    timeout: float | None = None,
    filename: str | None = None,
    work_dir: str | None = None,
    use_docker: bool | str | list[str] | None = _UNSET,
    lang: str | None = "python",
) -> tuple[int, str, str | None]:
    """Run `code` (or the existing `filename`) and return (exit code, output, docker image or None).

    Args:
        code: the code to run; saved to `filename` (or `tmp_code_<md5>.<ext>`, removed afterwards).
        timeout: seconds (default `DEFAULT_TIMEOUT`); then exit code 124 and the output so far.
        filename: a path relative to `work_dir`; `..`, absolute paths and symlinks leading out
            raise `UnsafeFilenameError`.
        work_dir: where to run (default `WORKING_DIR`).
        use_docker: True / image name(s) for Docker (DockerUnavailableError without an engine),
            False for the local sandbox; unset: AUTOGEN_USE_DOCKER, else Docker only if an engine answers.
        lang: "python" or "sh"/"bash"/"shell"; another language gives (1, "unknown language ...").
    """
    if code is None and filename is None:
        raise ConfigError("execute_code needs either code or filename")
    decided = decide_use_docker(None if use_docker is _UNSET else use_docker)
    check_can_use_docker_or_throw(decided)
    timeout = timeout or DEFAULT_TIMEOUT
    config = {"work_dir": work_dir or WORKING_DIR, "timeout": timeout, "use_docker": decided}
    executor: Any = CodeExecutorFactory.create(config)
    canonical = canonical_language(lang or "python")
    if canonical is None:
        return 1, f"unknown language {lang}", None
    wd: Path = executor.work_dir
    name = filename or code_filename(code or "", canonical)
    path = safe_path(wd, name)  # a caller's unsafe filename is an error, raised before anything runs
    source = code if code is not None else path.read_text(encoding="utf-8")
    try:
        result = await executor.a_run_code(source, canonical, filename=name, timeout=timeout)
    finally:
        if filename is None:
            _remove_quietly(path)
        stop = getattr(executor, "stop", None)
        if stop is not None:
            stop()
    return result.exit_code, result.output, getattr(executor, "image", None)


execute_code = sync_function(a_execute_code)


def _remove_quietly(path: Path) -> None:
    try:
        os.remove(path)
    except OSError:
        return
