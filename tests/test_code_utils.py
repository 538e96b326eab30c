"""autogen.code_utils: v0.2's names and behaviour, safe by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import autogen
from autogen import code_utils
from autogen.code_utils import (
    CODE_BLOCK_PATTERN,
    DEFAULT_TIMEOUT,
    UNKNOWN,
    WORKING_DIR,
    check_can_use_docker_or_throw,
    decide_use_docker,
    execute_code,
    extract_code,
    in_docker_container,
    is_docker_running,
)
from autogen.exceptions import ConfigError, DockerUnavailableError, UnsafeFilenameError


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make "no Docker engine" true here, whatever this machine runs: nothing listens there."""
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    assert not is_docker_running()


@pytest.fixture(autouse=True)
def no_docker_and_a_fake_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "0")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake-key-abcdef123456")


def test_v02_constants() -> None:
    assert autogen.DEFAULT_MODEL == code_utils.DEFAULT_MODEL == "gpt-4"
    assert autogen.FAST_MODEL == code_utils.FAST_MODEL == "gpt-3.5-turbo"
    assert UNKNOWN == "unknown" and DEFAULT_TIMEOUT == 600
    assert WORKING_DIR.endswith("extensions")
    assert extract_code("```python\nx=1\n```", pattern=CODE_BLOCK_PATTERN) == [("python", "x=1")]


def test_import_is_light() -> None:
    code = "import autogen.code_utils, sys; print('docker' in sys.modules, 'openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_execute_code_success_returns_stdout(tmp_path: Path) -> None:
    assert execute_code("print('hello world')", work_dir=str(tmp_path)) == (0, "hello world\n", None)
    assert list(tmp_path.iterdir()) == []  # the tmp_code_ file is removed, as in v0.2


def test_execute_code_failure_returns_the_error(tmp_path: Path) -> None:
    exit_code, output, image = execute_code("print(1/0)", work_dir=str(tmp_path))
    assert exit_code == 1 and "ZeroDivisionError" in output and image is None


def test_execute_code_shell_and_unknown_language(tmp_path: Path) -> None:
    assert execute_code("echo hi", lang="sh", work_dir=str(tmp_path)) == (0, "hi\n", None)
    assert execute_code("1", lang="cobol", work_dir=str(tmp_path)) == (1, "unknown language cobol", None)


def test_execute_code_timeout_keeps_partial_output(tmp_path: Path) -> None:
    code = "import time\nprint('partial', flush=True)\ntime.sleep(30)"
    exit_code, output, _ = execute_code(code, timeout=1, work_dir=str(tmp_path))
    assert exit_code == 124
    assert output.startswith("partial\n") and "Timeout" in output


def test_execute_code_keeps_a_named_file_and_can_rerun_it(tmp_path: Path) -> None:
    assert execute_code("print('saved')", filename="keep.py", work_dir=str(tmp_path))[0] == 0
    assert (tmp_path / "keep.py").read_text() == "print('saved')"
    assert execute_code(filename="keep.py", work_dir=str(tmp_path)) == (0, "saved\n", None)


@pytest.mark.parametrize("name", ["../out.py", "/tmp/out-abs.py"])
def test_execute_code_refuses_a_filename_outside_the_work_dir(tmp_path: Path, name: str) -> None:
    work = tmp_path / "work"
    with pytest.raises(UnsafeFilenameError):
        execute_code("print(1)", filename=name, work_dir=str(work))
    assert not (tmp_path / "out.py").exists() and not Path("/tmp/out-abs.py").exists()


def test_execute_code_needs_code_or_filename() -> None:
    with pytest.raises(ValueError, match="code or filename"):
        execute_code()


def test_execute_code_strips_api_keys(tmp_path: Path) -> None:
    code = "import os; print(os.environ.get('OPENAI_API_KEY'))"
    assert execute_code(code, work_dir=str(tmp_path)) == (0, "None\n", None)


@pytest.mark.usefixtures("no_engine")
def test_execute_code_with_docker_and_no_engine_raises(tmp_path: Path) -> None:
    with pytest.raises(DockerUnavailableError, match="use_docker"):
        execute_code("print(1)", work_dir=str(tmp_path), use_docker=True)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("1", True),
        ("True", True),
        ("yes", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("None", None),
    ],
)
def test_decide_use_docker_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: str, expected: object
) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", env)
    assert decide_use_docker(None) is expected
    assert decide_use_docker("python:3") == "python:3"  # an explicit value always wins


def test_decide_use_docker_defaults_to_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER")
    assert decide_use_docker(None) is None


def test_decide_use_docker_rejects_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "maybe")
    with pytest.raises(ConfigError, match="AUTOGEN_USE_DOCKER"):
        decide_use_docker(None)


@pytest.mark.usefixtures("no_engine")
def test_check_can_use_docker_or_throw() -> None:
    check_can_use_docker_or_throw(None)
    check_can_use_docker_or_throw(False)
    with pytest.raises(DockerUnavailableError, match="Docker engine"):
        check_can_use_docker_or_throw(True)


def test_in_docker_container_matches_the_marker_file() -> None:
    assert in_docker_container() == Path("/.dockerenv").exists()
