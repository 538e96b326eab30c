"""The README's examples run, against the test server, exactly as a reader would type them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autogen.testing import OpenAITestServer

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def _block(marker: str) -> str:
    matches = [block for block in BLOCKS if marker in block]
    assert len(matches) == 1, f"README should hold one python example with {marker!r}"
    return matches[0]


@pytest.fixture
def endpoint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, openai_server: OpenAITestServer
) -> OpenAITestServer:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(openai_server.config_list()))
    return openai_server


def test_every_python_block_is_covered() -> None:
    assert len(BLOCKS) == 3


def test_first_conversation(endpoint: OpenAITestServer, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint.enqueue(
        "```python\nprint([n * n for n in range(1, 11)])\n```",
        "TERMINATE",  # v0.2 ends on content equal to TERMINATE
    )
    exec(_block("config_list_from_json(env_or_file"), {})
    out = capsys.readouterr().out
    assert "exitcode: 0 (execution succeeded)" in out
    assert "[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]" in out
    second_request = endpoint.requests[1].json["messages"]
    assert "[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]" in second_request[-1]["content"]
    assert (Path("coding")).is_dir()


def test_inference_without_agents(endpoint: OpenAITestServer, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint.enqueue("Hi!")
    exec(_block("OpenAIWrapper(config_list"), {})
    out = capsys.readouterr().out
    assert out.startswith("Hi!\n")
    assert "* Model 'gpt-4o': cost:" in out
    assert "total_tokens:" in out


def test_testing_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    exec(_block("from autogen.testing import"), {})  # its own asserts are the test
