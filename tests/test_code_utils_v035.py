"""The rest of v0.2.35's `autogen.code_utils`: constants, venvs, code generation and evaluation.

Generated code is judged by running it through `execute_code`, i.e. in the sandbox.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import autogen.code_utils as cu
from autogen.testing import OpenAITestServer

DEFINITION = 'def add(a, b):\n    """Add two numbers.\n    >>> add(1, 2)\n    3\n    """\n'
TEST = "def check(candidate):\n    assert candidate(2, 3) == 5\n"


def test_constants() -> None:
    assert cu.WIN32 is (sys.platform == "win32")
    assert cu.PATH_SEPARATOR == ("\\" if cu.WIN32 else "/")
    assert cu.PYTHON_VARIANTS == ["python", "Python", "py"]
    assert cu.UNKNOWN == "unknown" and cu.TIMEOUT_MSG == "Timeout" and cu.DEFAULT_TIMEOUT == 600
    assert cu.extract_code("```py\nprint(1)\n```") == [("py", "print(1)")]


def test_eval_function_completions_runs_candidates_in_the_sandbox(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    good, bad = "    return a + b\n", "    return a - b\n"
    result = cu.eval_function_completions(
        [bad, good], DEFINITION, test=TEST, entry_point="add", use_docker=False
    )
    assert result["success"] is True and result["expected_success"] > 0
    picked = cu.eval_function_completions(
        [bad, good], DEFINITION, assertions="assert add(1, 2) == 3", use_docker=False
    )
    assert picked["index_selected"] == 1 and picked["succeed_assertions"] is True
    # the candidate cannot reach this process: it runs in its own (sandboxed) interpreter
    leak = "    import os; os.environ['PWNED'] = '1'; return a + b\n"
    assert cu.eval_function_completions([leak], DEFINITION, test=TEST, entry_point="add", use_docker=False)[
        "success"
    ]
    import os

    assert "PWNED" not in os.environ


def test_generate_code_and_assertions(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("```python\nprint('hi')\n```", "assert add(1, 2) == 3")
    config = openai_server.config_list(model="gpt-3.5-turbo")
    blocks, cost = cu.generate_code(config_list=config, messages=[{"role": "user", "content": "say hi"}])
    assert blocks == [("python", "print('hi')")] and cost > 0
    assertions, _ = cu.generate_assertions(DEFINITION, config_list=config, cache_seed=None)
    assert assertions == "assert add(1, 2) == 3"
    assert DEFINITION in openai_server.requests[1].json["prompt"]


def test_improve_function_reads_the_file(tmp_path: Path, openai_server: OpenAITestServer) -> None:
    src = tmp_path / "m.py"
    src.write_text("def f():\n    return 1\n")
    openai_server.enqueue("make it return 2", "1. rename f")
    config = openai_server.config_list()
    text, _ = cu.improve_function(str(src), "f", "return 2", config_list=config, cache_seed=None)
    assert text == "make it return 2"
    assert "return 1" in openai_server.requests[0].json["prompt"]
    text, _ = cu.improve_code([str(src)], "clarity", config_list=config, cache_seed=None)
    assert text == "1. rename f" and f"{src}:" in openai_server.requests[1].json["prompt"]


def test_create_virtual_env(tmp_path: Path) -> None:
    ctx = cu.create_virtual_env(str(tmp_path / "venv"))
    assert Path(ctx.env_exe).exists() and Path(ctx.bin_path).is_dir()
