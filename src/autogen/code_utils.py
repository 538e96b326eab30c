"""v0.2's `autogen.code_utils`: the same names, as a thin layer over `autogen.coding`.

`execute_code` keeps v0.2's signature and `(exit_code, output, image)` result, and adds safety:
the code runs in the local sandbox unless Docker is asked for (or answers, when `use_docker` is
left unset); Docker asked for with no engine raises `DockerUnavailableError`; a timeout gives exit
code 124 with the output so far and a note, instead of v0.2's bare "Timeout".
"""

from __future__ import annotations

import sys
import venv
from types import SimpleNamespace
from typing import Any

from autogen._codegen import (
    PassAssertionFilter,
    eval_function_completions,
    generate_assertions,
    generate_code,
    implement,
    improve_code,
    improve_function,
)
from autogen.coding._docker_env import (
    check_can_use_docker_or_throw,
    decide_use_docker,
    in_docker_container,
    is_docker_running,
)
from autogen.coding._execute_code import a_execute_code, execute_code
from autogen.coding.factory import DEFAULT_TIMEOUT, WORKING_DIR
from autogen.coding.markdown_code_extractor import (
    CODE_BLOCK_PATTERN,
    UNKNOWN,
    content_str,
    extract_code,
    infer_lang,
)

__all__ = [
    "CODE_BLOCK_PATTERN",
    "DEFAULT_MODEL",
    "DEFAULT_TIMEOUT",
    "FAST_MODEL",
    "PATH_SEPARATOR",
    "PYTHON_VARIANTS",
    "PassAssertionFilter",
    "TIMEOUT_MSG",
    "UNKNOWN",
    "WIN32",
    "WORKING_DIR",
    "a_execute_code",
    "check_can_use_docker_or_throw",
    "content_str",
    "create_virtual_env",
    "decide_use_docker",
    "eval_function_completions",
    "execute_code",
    "extract_code",
    "generate_assertions",
    "generate_code",
    "implement",
    "improve_code",
    "improve_function",
    "in_docker_container",
    "infer_lang",
    "is_docker_running",
]

DEFAULT_MODEL = "gpt-4"
FAST_MODEL = "gpt-3.5-turbo"
TIMEOUT_MSG = "Timeout"
WIN32 = sys.platform == "win32"
PATH_SEPARATOR = "\\" if WIN32 else "/"
PYTHON_VARIANTS = ["python", "Python", "py"]
"""Language tags that mean Python in a code block."""


def create_virtual_env(dir_path: str, **env_args: Any) -> SimpleNamespace:
    """Create a virtual environment in `dir_path` (`env_args` go to `venv.EnvBuilder`, e.g.
    `with_pip=True`) and return its paths (`env_exe`, `bin_path`, ...), as v0.2 did. Pass it to
    `LocalCommandLineCodeExecutor(virtual_env_context=...)` to run code with that interpreter."""
    builder = venv.EnvBuilder(**env_args)
    builder.create(dir_path)
    context: SimpleNamespace = builder.ensure_directories(dir_path)
    return context
