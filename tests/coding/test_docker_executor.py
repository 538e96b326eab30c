"""The Docker executor against a real engine; skipped where none answers (the reason says so)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autogen.coding import CodeBlock, DockerCommandLineCodeExecutor
from autogen.coding._docker_env import is_docker_running
from autogen.exceptions import DockerUnavailableError

engine = pytest.mark.skipif(not is_docker_running(), reason="no Docker engine answers on this machine")


@pytest.fixture
def executor(work_dir: Path) -> Iterator[DockerCommandLineCodeExecutor]:
    with DockerCommandLineCodeExecutor(image="python:3-slim", timeout=5, work_dir=work_dir) as ex:
        yield ex


@pytest.mark.skipif(is_docker_running(), reason="a Docker engine answers on this machine")
def test_without_an_engine_the_error_names_the_fixes(work_dir: Path) -> None:
    with pytest.raises(DockerUnavailableError) as info:
        DockerCommandLineCodeExecutor(work_dir=work_dir)
    message = str(info.value)
    assert "Docker engine" in message and "use_docker" in message and "AUTOGEN_USE_DOCKER=0" in message


@engine
def test_runs_python_and_shell_in_the_container(executor: DockerCommandLineCodeExecutor) -> None:
    result = executor.execute_code_blocks(
        [CodeBlock("print('in docker')", "python"), CodeBlock("echo $PWD", "sh")]
    )
    assert result.exit_code == 0 and result.output == "in docker\n/workspace\n"


@engine
def test_timeout_in_the_container(executor: DockerCommandLineCodeExecutor) -> None:
    result = executor.execute_code_blocks([CodeBlock("import time; time.sleep(60)", "python")])
    assert result.exit_code == 124 and "Timeout" in result.output


@engine
def test_filename_escape_is_refused(executor: DockerCommandLineCodeExecutor, work_dir: Path) -> None:
    result = executor.execute_code_blocks([CodeBlock("# filename: ../x.py\nprint(1)", "python")])
    assert result.exit_code == 1 and "refused" in result.output
    assert not (work_dir.parent / "x.py").exists()
