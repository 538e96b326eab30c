"""`LocalCommandLineCodeExecutor(functions=...)`, `func_with_reqs`, execution policies, silence_pip.

As in v0.2.35's user-defined-functions notebook: code written by the model imports the user's
functions from the `functions` module in the work dir; the code runs in the sandbox.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor
from autogen.coding.func_with_reqs import (
    Alias,
    FunctionWithRequirements,
    ImportFromModule,
    to_stub,
    with_requirements,
)
from autogen.coding.utils import silence_pip
from autogen.exceptions import ConfigError


def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b


@with_requirements(
    python_packages=["pydantic"], global_imports=[ImportFromModule("math", [Alias("sqrt", "root")])]
)
def hypotenuse(a: float, b: float) -> float:
    """Length of the long side."""
    return root(a * a + b * b)  # type: ignore[name-defined]  # noqa: F821  (imported in the module)


def test_decorated_function_still_calls_and_stubs() -> None:
    assert isinstance(hypotenuse, FunctionWithRequirements)
    assert hypotenuse.python_packages == ["pydantic"]
    assert hypotenuse.__name__ == "hypotenuse"
    stub = to_stub(add_two_numbers)
    assert stub == 'def add_two_numbers(a: int, b: int) -> int:\n    """Add two numbers together."""\n    ...'


def test_code_imports_user_functions(tmp_path: Path) -> None:
    from_str = FunctionWithRequirements.from_str(
        'def shout(s: str) -> str:\n    """Upper-case it."""\n    return s.upper() + "!"\n'
    )
    executor = LocalCommandLineCodeExecutor(
        work_dir=tmp_path, functions=[add_two_numbers, hypotenuse, from_str], timeout=30
    )
    prompt = executor.format_functions_for_prompt()
    assert "from functions import foo" in prompt and "def shout(s: str) -> str:" in prompt
    code = (
        "from functions import add_two_numbers, hypotenuse, shout\n"
        "print(add_two_numbers(1, 3), hypotenuse(3, 4), shout('hi'))"
    )
    result = executor.execute_code_blocks([CodeBlock(code=code, language="python")])
    assert (result.exit_code, result.output.strip()) == (0, "4 5.0 HI!")
    module = (tmp_path / "functions.py").read_text()
    assert module.startswith("from math import sqrt as root\n") and "@with_requirements" not in module


def test_broken_function_is_a_value_error_before_any_code_runs(tmp_path: Path) -> None:
    bad = FunctionWithRequirements.from_str("def f():\n    return 1\n", global_imports=["no_such_module_xyz"])
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[bad], timeout=30)
    with pytest.raises(ValueError, match="no_such_module_xyz") as info:
        executor.execute_code_blocks([CodeBlock(code="print('never')", language="python")])
    assert isinstance(info.value, ConfigError)


def test_bad_function_settings() -> None:
    with pytest.raises(ConfigError, match="identifier"):
        LocalCommandLineCodeExecutor(functions=[add_two_numbers], functions_module="not-a-module")
    with pytest.raises(ConfigError, match="distinct"):
        LocalCommandLineCodeExecutor(functions=[add_two_numbers, add_two_numbers])
    with pytest.raises(ValueError, match="exactly one function"):
        FunctionWithRequirements.from_str("x = 1\n")


def test_execution_policies_save_instead_of_running(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, execution_policies={"python": False})
    result = executor.execute_code_blocks(
        [
            CodeBlock(code="<!-- filename: page.html -->\n<p>hi</p>", language="html"),
            CodeBlock(code="# filename: later.py\nopen('ran', 'w')", language="python"),
            CodeBlock(code="echo shell runs", language="sh"),
        ]
    )
    assert result.exit_code == 0
    assert f"Code saved to {tmp_path / 'page.html'}" in result.output and "shell runs" in result.output
    assert (tmp_path / "later.py").exists() and not (tmp_path / "ran").exists()
    assert executor.execution_policies["javascript"] is False
    plain = LocalCommandLineCodeExecutor(work_dir=tmp_path)  # no policies: the documented v0.2 result
    failed = plain.execute_code_blocks([CodeBlock(code="<p>hi</p>", language="html")])
    assert (failed.exit_code, failed.output) == (1, "unknown language html")


def test_sanitize_command() -> None:
    with pytest.raises(ValueError, match="rm -rf"):
        LocalCommandLineCodeExecutor.sanitize_command("bash", "rm -rf /")
    LocalCommandLineCodeExecutor.sanitize_command("python", "rm -rf /")  # not shell: not checked


def test_silence_pip() -> None:
    assert silence_pip("pip install pandas\nprint(1)", "python") == "pip install -qqq pandas\nprint(1)"
    assert silence_pip("  !pip install x", "python") == "  !pip install -qqq x"
    assert silence_pip("pip install x", "javascript") == "pip install x"
