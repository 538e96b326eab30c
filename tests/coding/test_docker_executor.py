"""The Docker executor against a real Docker-API engine; skipped where none answers (the reason says so).

`scripts/podman-engine` starts one on Debian (podman's compatible service, with a locally built
image) and prints DOCKER_HOST and AUTOGEN_TEST_DOCKER_IMAGE; CI exports them before the tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from autogen.code_utils import execute_code
from autogen.coding import CodeBlock, DockerCommandLineCodeExecutor
from autogen.coding._docker_env import is_docker_running
from autogen.coding.docker_commandline_code_executor import docker_client
from autogen.coding.limits import ResourceLimits
from autogen.exceptions import CodeExecutionError, DockerUnavailableError

IMAGE = os.environ.get("AUTOGEN_TEST_DOCKER_IMAGE", "python:3-slim")
ENGINE = is_docker_running()
engine = pytest.mark.skipif(
    not ENGINE, reason="no Docker engine answers (run scripts/podman-engine and export what it prints)"
)
_PS = "for p in /proc/[0-9]*; do cat $p/comm; done 2>/dev/null"


@pytest.fixture
def executor(work_dir: Path) -> Iterator[DockerCommandLineCodeExecutor]:
    with DockerCommandLineCodeExecutor(image=IMAGE, timeout=5, work_dir=work_dir) as ex:
        yield ex


def test_without_an_engine_the_error_names_the_fixes(
    work_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")  # nothing listens there
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
def test_failure_exit_code_and_output(executor: DockerCommandLineCodeExecutor) -> None:
    result = executor.execute_code_blocks([CodeBlock("import sys; print('no'); sys.exit(3)", "python")])
    assert result.exit_code == 3 and result.output == "no\n"


@engine
def test_the_work_dir_is_mounted_both_ways(executor: DockerCommandLineCodeExecutor, work_dir: Path) -> None:
    (work_dir / "in.txt").write_text("from the host")
    code = "print(open('in.txt').read()); open('out.txt', 'w').write('from the container')"
    result = executor.execute_code_blocks([CodeBlock(code, "python")])
    assert result.exit_code == 0 and result.output == "from the host\n"
    assert (work_dir / "out.txt").read_text() == "from the container"


@engine
def test_one_container_per_executor_removed_on_close(work_dir: Path) -> None:
    executor = DockerCommandLineCodeExecutor(image=IMAGE, timeout=5, work_dir=work_dir)
    first = executor.execute_code_blocks([CodeBlock("echo kept > /tmp/state", "sh")])
    second = executor.execute_code_blocks([CodeBlock("cat /tmp/state", "sh")])
    assert first.exit_code == 0 and second.output == "kept\n"  # outside the mount: same container
    client = docker_client()
    try:
        assert client.containers.get(executor.container_id).status == "running"
        executor.stop()
        ids = [c.id for c in client.containers.list(all=True)]
        assert executor.container_id not in ids
    finally:
        client.close()


@engine
def test_timeout_kills_the_run_and_what_it_detached(work_dir: Path) -> None:
    code = (
        "import subprocess, time\n"
        "subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "print('partial', flush=True)\n"
        "time.sleep(60)\n"
    )
    with DockerCommandLineCodeExecutor(image=IMAGE, timeout=2, work_dir=work_dir) as executor:
        result = executor.execute_code_blocks([CodeBlock(code, "python")])
        assert result.exit_code == 124 and result.output.startswith("partial\n")
        assert "Timeout" in result.output
        left = executor.execute_code_blocks([CodeBlock(_PS, "sh")]).output.split()
    assert "sleep" not in left and "python3" not in left


@engine
def test_memory_limit_kills_and_is_reported(work_dir: Path) -> None:
    limits = ResourceLimits(memory_bytes=64 * 1024 * 1024)
    with DockerCommandLineCodeExecutor(image=IMAGE, timeout=10, work_dir=work_dir, limits=limits) as ex:
        code = "b = bytearray(256 * 1024 * 1024); print('no')"
        result = ex.execute_code_blocks([CodeBlock(code, "python")])
    assert result.exit_code != 0 and "no\n" not in result.output
    assert "Killed" in result.output or "MemoryError" in result.output


@engine
def test_filename_escape_is_refused(executor: DockerCommandLineCodeExecutor, work_dir: Path) -> None:
    result = executor.execute_code_blocks([CodeBlock("# filename: ../x.py\nprint(1)", "python")])
    assert result.exit_code == 1 and "refused" in result.output
    assert not (work_dir.parent / "x.py").exists()


@engine
def test_use_docker_with_an_image_name(work_dir: Path) -> None:
    exit_code, output, image = execute_code("print(6 * 7)", work_dir=str(work_dir), use_docker=IMAGE)
    assert (exit_code, output, image) == (0, "42\n", IMAGE)


@engine
def test_an_image_that_cannot_be_pulled_is_named(work_dir: Path) -> None:
    missing = "127.0.0.1:9/autogen-no-such-image:never"  # a loopback registry nobody serves
    with pytest.raises(CodeExecutionError) as info:
        DockerCommandLineCodeExecutor(image=missing, work_dir=work_dir)
    assert missing in str(info.value) and "use_docker" in str(info.value)
