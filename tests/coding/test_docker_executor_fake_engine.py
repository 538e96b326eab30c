"""The Docker executor's use of the SDK, against a stand-in SDK (no engine needed).

The real-engine tests in test_docker_executor.py skip on machines without Docker; these check
the calls we make: one container per executor with the work dir mounted, `timeout` inside the
container, streamed output, exit codes, and removal on stop.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autogen.coding import CodeBlock, CodeExecutorFactory, DockerCommandLineCodeExecutor, _docker_env


class FakeContainer:
    id = "c0ffee"

    def __init__(self, log: list[tuple[str, Any]]) -> None:
        self.log = log

    def start(self) -> None:
        self.log.append(("start", None))

    def restart(self) -> None:
        self.log.append(("restart", None))

    def stop(self, timeout: int = 10) -> None:
        self.log.append(("stop", timeout))

    def remove(self, force: bool = False) -> None:
        self.log.append(("remove", force))


class FakeAPI:
    def __init__(self, log: list[tuple[str, Any]], script: dict[str, tuple[int, list[bytes]]]) -> None:
        self.log, self.script = log, script

    def exec_create(self, container: str, cmd: list[str], workdir: str) -> dict[str, str]:
        self.log.append(("exec", (container, cmd, workdir)))
        return {"Id": cmd[-1]}

    def exec_start(self, exec_id: dict[str, str], stream: bool) -> Iterator[bytes]:
        return iter(self.script[exec_id["Id"]][1])

    def exec_inspect(self, exec_id: dict[str, str]) -> dict[str, int]:
        return {"ExitCode": self.script[exec_id["Id"]][0]}


@pytest.fixture
def fake_docker(monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    log: list[tuple[str, Any]] = []
    script: dict[str, Any] = {}

    class Client:
        def __init__(self) -> None:
            self.api = FakeAPI(log, script)
            self.images = types.SimpleNamespace(get=lambda image: log.append(("image", image)))
            self.containers = types.SimpleNamespace(create=self.create)

        def ping(self) -> bool:
            return True

        def close(self) -> None:
            pass

        def create(self, image: str, **kwargs: Any) -> FakeContainer:
            log.append(("create", (image, kwargs)))
            return FakeContainer(log)

    module = types.ModuleType("docker")
    module.from_env = lambda timeout=None: Client()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "docker", module)
    monkeypatch.setattr(_docker_env, "engine_endpoint_exists", lambda: True)
    return log, script


def test_one_container_with_the_work_dir_mounted(fake_docker: Any, work_dir: Path) -> None:
    log, _ = fake_docker
    executor = DockerCommandLineCodeExecutor(image="python:3-slim", work_dir=work_dir, timeout=7)
    ((image, kwargs),) = [entry for kind, entry in log if kind == "create"]
    assert image == "python:3-slim"
    assert kwargs["volumes"] == {str(work_dir): {"bind": "/workspace", "mode": "rw"}}
    assert kwargs["working_dir"] == "/workspace" and kwargs["pids_limit"] == 64
    executor.stop()
    assert ("remove", True) in log


def test_code_runs_under_timeout_and_output_streams_back(fake_docker: Any, work_dir: Path) -> None:
    log, script = fake_docker
    with DockerCommandLineCodeExecutor(work_dir=work_dir, timeout=7) as executor:
        blocks = [
            CodeBlock("# filename: a.py\nprint(1)", "python"),
            CodeBlock("# filename: b.sh\nexit 3", "sh"),
        ]
        script["a.py"] = (0, [b"1", b"\n"])
        script["b.sh"] = (3, [b"\xffbad\n"])
        result = executor.execute_code_blocks(blocks)
    assert result.exit_code == 3 and result.output == "1\n\ufffdbad\n"
    commands = [entry[1] for kind, entry in log if kind == "exec"]
    assert commands == [
        ["timeout", "-k", "1", "7", "python3", "a.py"],
        ["timeout", "-k", "1", "7", "sh", "b.sh"],
    ]
    assert (work_dir / "a.py").read_text() == "# filename: a.py\nprint(1)"


def test_timeout_inside_the_container_is_reported(fake_docker: Any, work_dir: Path) -> None:
    _, script = fake_docker
    with DockerCommandLineCodeExecutor(work_dir=work_dir, timeout=2) as executor:
        script["slow.py"] = (124, [b"partial\n"])
        result = executor.execute_code_blocks([CodeBlock("# filename: slow.py\nwhile 1: pass", "python")])
    assert result.exit_code == 124 and result.output.startswith("partial\n") and "Timeout" in result.output


def test_factory_picks_docker_for_an_image_name(fake_docker: Any, work_dir: Path) -> None:
    log, _ = fake_docker
    executor = CodeExecutorFactory.create({"work_dir": str(work_dir), "use_docker": "python:3"})
    assert isinstance(executor, DockerCommandLineCodeExecutor) and executor.image == "python:3"
    executor.stop()


def test_default_config_uses_docker_when_an_engine_answers(
    fake_docker: Any, work_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER")
    executor = CodeExecutorFactory.create({"work_dir": str(work_dir)})
    assert isinstance(executor, DockerCommandLineCodeExecutor)
    executor.stop()
