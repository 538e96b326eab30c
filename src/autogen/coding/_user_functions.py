"""What `LocalCommandLineCodeExecutor(functions=..., execution_policies=...)` adds (v0.2.3x).

* User-defined functions: written once into `<functions_module>.py` in the work dir before the
  first block runs; their `python_packages` are checked and, where missing, installed with pip
  into the executor's interpreter (outside the sandbox, which has no network: these are the
  user's declared requirements, not the model's). The module is then imported once, in the
  executor's own mode (sandboxed by default), so a broken function is a `ConfigError` (a
  `ValueError`, as v0.2 raised) before any LLM code runs.
* Execution policies: a language whose policy is False is saved to the work dir, not run
  ("Code saved to <file>"), as v0.2.35 does for javascript, html and css. Given policies are
  merged over `DEFAULT_EXECUTION_POLICY`; with none, every language is tried (the documented
  v0.2 result, "unknown language html", for what cannot run).
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from string import Template

from autogen.coding.func_with_reqs import (
    UserFunction,
    build_python_functions_file,
    function_name,
    required_packages,
    to_stub,
)
from autogen.exceptions import ConfigError

__all__ = [
    "DEFAULT_EXECUTION_POLICY",
    "FUNCTION_PROMPT_TEMPLATE",
    "check_functions_module",
    "install_missing",
    "merged_policies",
    "prompt_for",
]

DEFAULT_EXECUTION_POLICY: dict[str, bool] = {
    "bash": True, "shell": True, "sh": True, "pwsh": True, "powershell": True, "ps1": True,
    "python": True, "javascript": False, "html": False, "css": False,
}  # fmt: skip

FUNCTION_PROMPT_TEMPLATE = (
    "You have access to the following user defined functions. They can be accessed from the module "
    "called `$module_name` by their function names.\n\nFor example, if there was a function called `foo` "
    "you could import it by writing `from $module_name import foo`\n\n$functions"
)


_PROBE = """
import importlib.util, re, sys
names = {p: re.split(r"[\\[=<>!~ ]", p)[0].replace("-", "_") for p in sys.argv[1:]}
print(" ".join(p for p, name in names.items() if importlib.util.find_spec(name) is None))
"""


def merged_policies(policies: Mapping[str, bool] | None) -> dict[str, bool]:
    """Given policies over `DEFAULT_EXECUTION_POLICY`; none given: none (every language is tried).

    Without policies an unrunnable language keeps the documented v0.2 result ("unknown language
    javascript", exit code 1) instead of v0.2.35's silent save."""
    return {**DEFAULT_EXECUTION_POLICY, **policies} if policies is not None else {}


def check_functions_module(module: str, functions: Sequence[UserFunction]) -> None:
    if not module.isidentifier():
        raise ConfigError(f"functions_module must be a valid Python identifier, got {module!r}")
    names = [function_name(f) for f in functions]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"user-defined functions must have distinct names; repeated: {duplicates}")


def prompt_for(
    module: str, functions: Sequence[UserFunction], template: str = FUNCTION_PROMPT_TEMPLATE
) -> str:
    stubs = "\n\n".join(to_stub(f) for f in functions)
    return Template(template).substitute(module_name=module, functions=stubs)


def install_missing(functions: Sequence[UserFunction], python: str) -> None:
    """pip-install the declared packages that `python` cannot import yet (names as import names)."""
    packages = required_packages(functions)
    if not packages:
        return
    found = subprocess.run([python, "-c", _PROBE, *packages], capture_output=True, text=True, timeout=120)
    missing = found.stdout.split() if found.returncode == 0 else packages
    if not missing:
        return
    done = subprocess.run([python, "-m", "pip", "install", "-qqq", *missing], capture_output=True, text=True)
    if done.returncode != 0:
        raise ConfigError(
            f"pip could not install the packages the user-defined functions need ({', '.join(missing)}): "
            f"{(done.stderr or done.stdout).strip()[-500:]}"
        )


def write_module(work_dir: Path, module: str, functions: Sequence[UserFunction]) -> tuple[Path, str]:
    source = build_python_functions_file(functions)
    path = work_dir / f"{module}.py"
    path.write_text(source, encoding="utf-8")
    return path, source
