"""A sync tool past its timeout is stopped: its worker process is killed, the model reads why."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from autogen import ConversableAgent, UserProxyAgent
from autogen.testing import ScriptedModelClient

SCRIPTED = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]


def loop_forever(pid_file: str) -> str:
    """A tool that never returns (module level, so it can run in a worker process)."""
    Path(pid_file).write_text(str(os.getpid()))
    while True:
        time.sleep(0.01)


def double(x: int) -> int:
    return 2 * x


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))  # a zombie is gone


def _agents(calls: list[dict[str, Any]]) -> tuple[ConversableAgent, UserProxyAgent]:
    model = ConversableAgent("model", llm_config={"config_list": SCRIPTED, "cache_seed": None})
    model.register_model_client(
        ScriptedModelClient, replies=[{"content": None, "tool_calls": calls}, "TERMINATE"]
    )
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    user.function_timeout = 1.0
    return model, user


def test_a_sync_tool_that_loops_forever_is_killed(tmp_path: Path, io: Any) -> None:
    pid_file = tmp_path / "pid"
    call = {"id": "c1", "function": {"name": "loop_forever", "arguments": f'{{"pid_file": "{pid_file}"}}'}}
    model, user = _agents([call])
    user.register_for_execution()(model.register_for_llm(description="never ends")(loop_forever))
    started = time.monotonic()
    result = user.initiate_chat(model, message="go", silent=True)
    assert time.monotonic() - started < 20
    tool = next(m for m in result.chat_history if m.get("tool_responses"))
    assert tool["content"] == "Error: Function loop_forever timed out after 1.0 seconds and was stopped."
    pid = int(pid_file.read_text())
    assert pid != os.getpid()
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), "the tool's worker process is still running"


def test_a_sync_tool_with_a_timeout_still_returns_its_result(io: Any) -> None:
    model, user = _agents([{"id": "c1", "function": {"name": "double", "arguments": '{"x": 21}'}}])
    user.register_for_execution()(model.register_for_llm(description="twice x")(double))
    result = user.initiate_chat(model, message="go", silent=True)
    assert next(m for m in result.chat_history if m.get("tool_responses"))["content"] == "42"


def test_an_unpicklable_sync_tool_is_abandoned_and_says_why(io: Any) -> None:
    model, user = _agents([{"id": "c1", "function": {"name": "nap", "arguments": "{}"}}])
    user.function_timeout = 0.1

    def nap() -> str:  # defined inside a function: cannot be sent to a worker process
        time.sleep(1)
        return "late"

    user.register_for_execution()(model.register_for_llm(description="naps")(nap))
    result = user.initiate_chat(model, message="go", silent=True)
    content = next(m for m in result.chat_history if m.get("tool_responses"))["content"]
    assert "was abandoned (it is not picklable" in content and "module level" in content
