from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from autogen.coding import (
    CodeBlock,
    CodeExecutorFactory,
    CodeResult,
    LocalCommandLineCodeExecutor,
    ResourceLimits,
)
from autogen.coding import factory as factory_module
from autogen.coding._docker_env import is_docker_running
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor
from autogen.exceptions import CodeExecutionError, ConfigError, DockerUnavailableError


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make "no Docker engine" true here, whatever this machine runs: nothing listens there."""
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    assert not is_docker_running()


class EchoExecutor:
    @property
    def code_extractor(self) -> MarkdownCodeExtractor:
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CodeResult:
        return CodeResult(exit_code=0, output="".join(b.code for b in code_blocks))

    def restart(self) -> None:
        pass


def test_v02_keys_give_the_sandboxed_local_executor(work_dir: Path) -> None:
    executor = CodeExecutorFactory.create({"work_dir": str(work_dir), "use_docker": False, "timeout": 7})
    assert isinstance(executor, LocalCommandLineCodeExecutor)
    assert executor.work_dir == work_dir and executor.timeout == 7
    assert executor.mode in ("sandbox", "limited")


def test_sandbox_false_and_limits_are_passed_on(work_dir: Path) -> None:
    executor = CodeExecutorFactory.create(
        {"work_dir": str(work_dir), "use_docker": False, "sandbox": False, "limits": {"max_output_bytes": 10}}
    )
    assert isinstance(executor, LocalCommandLineCodeExecutor) and executor.mode == "plain"
    result = executor.execute_code_blocks([CodeBlock("print('x' * 100)", "python")])
    assert "output truncated" in result.output


def test_executor_object_is_used_as_is() -> None:
    echo = EchoExecutor()
    assert CodeExecutorFactory.create({"executor": echo}) is echo


def test_named_executor_with_its_arguments(work_dir: Path) -> None:
    executor = CodeExecutorFactory.create(
        {"executor": "commandline-local", "commandline-local": {"work_dir": work_dir, "timeout": 3}}
    )
    assert isinstance(executor, LocalCommandLineCodeExecutor) and executor.timeout == 3


@pytest.mark.parametrize(
    ("config", "match"),
    [
        ({"wrok_dir": "x"}, "unknown code_execution_config key"),
        ({"executor": "ipython-embedded"}, "not supported"),
        ({"use_docker": False, "limits": {"cpu": 1}}, "limits"),
        ({"use_docker": False, "limits": 5}, "limits"),
    ],
)
def test_bad_config_is_a_clear_error(config: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        CodeExecutorFactory.create(config)


def test_limits_object_is_accepted(work_dir: Path) -> None:
    limits = ResourceLimits(max_output_bytes=100)
    executor = CodeExecutorFactory.create({"work_dir": str(work_dir), "use_docker": False, "limits": limits})
    assert isinstance(executor, LocalCommandLineCodeExecutor)


@pytest.mark.usefixtures("no_engine")
@pytest.mark.parametrize("use_docker", [True, "python:3", ["python:3-slim"]])
def test_docker_asked_for_without_an_engine_names_the_fixes(work_dir: Path, use_docker: Any) -> None:
    with pytest.raises(DockerUnavailableError, match="use_docker") as info:
        CodeExecutorFactory.create({"work_dir": str(work_dir), "use_docker": use_docker})
    assert "Docker engine" in str(info.value)


@pytest.mark.usefixtures("no_engine")
def test_default_without_an_engine_is_the_sandbox_said_once(
    work_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER")
    monkeypatch.setattr(factory_module, "_said_no_docker", threading.Event())
    with caplog.at_level(logging.WARNING, logger="autogen.coding"):
        first = CodeExecutorFactory.create({"work_dir": str(work_dir)})
        CodeExecutorFactory.create({"work_dir": str(work_dir)})
    assert isinstance(first, LocalCommandLineCodeExecutor)
    assert [r.getMessage() for r in caplog.records].count(
        "autogen: no Docker engine answers; LLM-written code runs in the local sandbox."
    ) == 1


@pytest.mark.usefixtures("no_engine")
def test_env_var_asks_for_docker(work_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "yes")
    with pytest.raises(DockerUnavailableError):
        CodeExecutorFactory.create({"work_dir": str(work_dir)})


@pytest.mark.skipif(
    not is_docker_running(), reason='needs a Docker-API engine: eval "$(scripts/podman-engine)"'
)
def test_default_with_an_engine_but_no_usable_image_is_the_sandbox(
    work_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import autogen.coding.docker_commandline_code_executor as docker_module

    monkeypatch.delenv("AUTOGEN_USE_DOCKER", raising=False)
    monkeypatch.setattr(docker_module, "DEFAULT_IMAGE", "127.0.0.1:9/autogen-no-such-image:never")
    monkeypatch.setattr(factory_module, "_said_no_docker", threading.Event())
    with caplog.at_level(logging.WARNING, logger="autogen.coding"):
        executor = CodeExecutorFactory.create({"work_dir": str(work_dir)})
    assert isinstance(executor, LocalCommandLineCodeExecutor)
    assert "cannot run the default image" in caplog.text
    with pytest.raises(CodeExecutionError, match="autogen-no-such-image"):  # asked for: an error
        CodeExecutorFactory.create({"work_dir": str(work_dir), "use_docker": True})
