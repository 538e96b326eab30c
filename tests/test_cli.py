"""`python -m autogen`: the two-agent example from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from autogen.cli import app


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OAI_CONFIG_LIST")}
    return subprocess.run(
        [sys.executable, "-m", "autogen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, **(env or {})},
        timeout=100,
    )


def test_demo_runs_the_example_offline(tmp_path: Path) -> None:
    proc = run_cli("--demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "DEMO" in proc.stderr and "No real LLM is called" in proc.stderr
    out = proc.stdout
    assert out.index("user_proxy (to assistant):") < out.index("assistant (to user_proxy):")
    assert "```python" in out
    assert "exitcode: 0 (execution succeeded)" in out and "Sum: 88" in out
    assert out.rstrip("-\n").rstrip().endswith("TERMINATE")
    assert list(tmp_path.iterdir()) == []  # the demo's code ran in a temp dir


def test_demo_with_a_task(tmp_path: Path) -> None:
    proc = run_cli("--demo", "--task", "Say hi from Python", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Task: Say hi from Python" in proc.stdout


def test_without_an_endpoint_it_explains_how_to_configure_one(tmp_path: Path) -> None:
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 2
    text = proc.stderr
    assert "No model endpoint is configured" in text
    for hint in ("OPENAI_API_KEY", "OAI_CONFIG_LIST", "--base-url", "--model", "--demo"):
        assert hint in text
    assert "Traceback" not in text


@pytest.mark.parametrize("args", [["--help"], ["version", "--help"]])
def test_help_on_every_command(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_base_url_runs_against_a_compatible_server(
    openai_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the response cache lives in ./.cache
    openai_server.enqueue("```python\nprint('hello from code')\n```", "Done.\nTERMINATE")
    result = CliRunner().invoke(
        app,
        [
            "--base-url",
            openai_server.base_url,
            "--model",
            "local-model",
            "--api-key",
            openai_server.api_key,
            "--work-dir",
            str(tmp_path),
            "--task",
            "greet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "hello from code" in result.output
    assert openai_server.requests[0].json["model"] == "local-model"
    assert CliRunner().invoke(app, ["--base-url", openai_server.base_url]).exit_code == 2  # needs --model


def test_oai_config_list_variable_is_used(
    openai_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(openai_server.config_list(model="from-env")))
    monkeypatch.chdir(tmp_path)
    openai_server.enqueue("TERMINATE")
    result = CliRunner().invoke(app, ["--work-dir", str(tmp_path), "--task", "nothing to do"])
    assert result.exit_code == 0, result.output
    assert openai_server.requests[0].json["model"] == "from-env"


def test_version_command() -> None:
    from autogen import __version__

    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0 and result.output.strip() == __version__
