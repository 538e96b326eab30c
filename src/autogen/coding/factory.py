"""Turn a `code_execution_config` dict into an executor.

Accepted keys (v0.2's, then ours):

* ``work_dir`` (default `WORKING_DIR`), ``timeout`` (default `DEFAULT_TIMEOUT` s),
  ``use_docker`` (True, an image name, a list of names, False, or absent: Docker if an engine
  answers and can run the default image, else the local sandbox, said once), ``last_n_messages``
  (read by the reply, not here);
* ``sandbox`` (True / "strict" / False, see `LocalCommandLineCodeExecutor`), ``limits``
  (`ResourceLimits` or a dict of its fields), ``env`` (extra variables for the code);
* ``executor``: an executor object, or "commandline-local" / "commandline-docker" with its
  keyword arguments under the key of that name (v0.2.8+ style).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from autogen.coding._docker_env import decide_use_docker, is_docker_running
from autogen.coding.base import CodeExecutor
from autogen.coding.limits import ResourceLimits
from autogen.exceptions import CodeExecutionError, ConfigError

__all__ = ["DEFAULT_TIMEOUT", "WORKING_DIR", "CodeExecutorFactory"]

logger = logging.getLogger("autogen.coding")

DEFAULT_TIMEOUT = 600
WORKING_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "extensions")
"""v0.2's default work dir (`autogen/extensions`); pass `work_dir` to run code elsewhere."""

_KEYS = {
    "work_dir", "use_docker", "timeout", "last_n_messages", "sandbox", "limits", "env",
    "executor", "commandline-local", "commandline-docker",
}  # fmt: skip
_said_no_docker = threading.Event()


class CodeExecutorFactory:
    """Builds the executor a `code_execution_config` asks for."""

    @staticmethod
    def create(code_execution_config: dict[str, Any]) -> CodeExecutor:
        config = code_execution_config
        if not isinstance(config, dict):
            raise ConfigError(f"code_execution_config must be a dict or False, got {type(config).__name__}")
        unknown = sorted(set(config) - _KEYS)
        if unknown:
            raise ConfigError(f"unknown code_execution_config key(s) {unknown}; known keys: {sorted(_KEYS)}")
        executor = config.get("executor")
        if executor is not None:
            return _named_executor(executor, config)
        from autogen.coding.local_commandline_code_executor import LocalCommandLineCodeExecutor

        work_dir = config.get("work_dir") or WORKING_DIR
        timeout = config.get("timeout") or DEFAULT_TIMEOUT
        limits = _limits(config.get("limits"))
        use_docker = decide_use_docker(config.get("use_docker"))
        if use_docker is None:
            # Not asked for: Docker when an engine answers and can run the default image, else the
            # sandbox, said once. (Asked for explicitly, a Docker failure is an error instead.)
            reason = "no Docker engine answers"
            if is_docker_running():
                try:
                    return _docker(True, work_dir, timeout, limits)
                except CodeExecutionError as exc:
                    reason = f"the Docker engine cannot run the default image ({exc})"
            if not _said_no_docker.is_set():
                _said_no_docker.set()
                logger.warning("autogen: %s; LLM-written code runs in the local sandbox.", reason)
        elif use_docker:
            return _docker(use_docker, work_dir, timeout, limits)
        return LocalCommandLineCodeExecutor(
            timeout=timeout,
            work_dir=work_dir,
            sandbox=config.get("sandbox", True),
            limits=limits,
            env=config.get("env"),
        )


def _named_executor(executor: Any, config: dict[str, Any]) -> CodeExecutor:
    if isinstance(executor, CodeExecutor):
        return executor
    kwargs = config.get(executor, {}) if isinstance(executor, str) else {}
    if executor == "commandline-local":
        from autogen.coding.local_commandline_code_executor import LocalCommandLineCodeExecutor

        return LocalCommandLineCodeExecutor(**kwargs)
    if executor == "commandline-docker":
        from autogen.coding.docker_commandline_code_executor import DockerCommandLineCodeExecutor

        return DockerCommandLineCodeExecutor(**kwargs)
    raise ConfigError(
        f"code_execution_config['executor'] = {executor!r} is not supported: give an object with "
        "code_extractor / execute_code_blocks / restart, or 'commandline-local' / 'commandline-docker'"
    )


def _limits(value: Any) -> ResourceLimits | None:
    if value is None or isinstance(value, ResourceLimits):
        return value
    if isinstance(value, dict):
        try:
            return ResourceLimits(**value)
        except TypeError as exc:
            raise ConfigError(f"code_execution_config['limits'] is wrong: {exc}") from None
    raise ConfigError(f"code_execution_config['limits'] must be a ResourceLimits or a dict, got {value!r}")


def _docker(
    use_docker: Any, work_dir: str | Path, timeout: float, limits: ResourceLimits | None
) -> CodeExecutor:
    from autogen.coding.docker_commandline_code_executor import DEFAULT_IMAGE, DockerCommandLineCodeExecutor

    if isinstance(use_docker, str):
        image = use_docker
    elif isinstance(use_docker, (list, tuple)) and use_docker:
        image = str(use_docker[0])
    else:
        image = DEFAULT_IMAGE
    return DockerCommandLineCodeExecutor(image=image, timeout=timeout, work_dir=work_dir, limits=limits)
