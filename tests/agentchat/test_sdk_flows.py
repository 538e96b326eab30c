"""The important flows through the real `openai` SDK against the OpenAI-compatible test server."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from autogen.io import IOStream

CODE = "Let me compute it.\n```python\nprint(6 * 7)\n```"


def test_readme_two_agent_example(
    kit: Any, openai_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README example, as written (with the endpoint and work dir pointed at test places)."""
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(openai_server.config_list(model="gpt-4")))
    monkeypatch.chdir(tmp_path)
    openai_server.enqueue(CODE, "TERMINATE")
    stream = kit.RecordingIO(["", ""])  # the human presses enter twice: auto-reply, then end

    with IOStream.set_default(stream):
        from autogen import AssistantAgent, UserProxyAgent, config_list_from_json

        config_list = config_list_from_json(env_or_file="OAI_CONFIG_LIST")
        assistant = AssistantAgent("assistant", llm_config={"config_list": config_list, "cache_seed": None})
        user_proxy = UserProxyAgent(
            "user_proxy", code_execution_config={"work_dir": "coding", "use_docker": False}
        )
        result = user_proxy.initiate_chat(
            assistant, message="Plot a chart of NVDA and TESLA stock price change YTD."
        )

    contents = [m["content"] for m in result.chat_history]
    assert contents[0].startswith("Plot a chart")
    assert contents[2].startswith("exitcode: 0 (execution succeeded)") and "42" in contents[2]
    assert contents[-1].endswith("TERMINATE")
    first = openai_server.requests[0].json
    assert first["model"] == "gpt-4"
    assert first["messages"][0]["role"] == "system" and "TERMINATE" in first["messages"][0]["content"]
    assert first["messages"][1] == {"content": contents[0], "role": "user", "name": "user_proxy"}
    assert "user_proxy (to assistant):" in stream.text and "assistant (to user_proxy):" in stream.text


def _pair(kit: Any, server: Any, n: int = 0) -> tuple[Any, Any]:
    from autogen import AssistantAgent

    user = kit.plain(f"user{n}", max_consecutive_auto_reply=3, default_auto_reply="go on")
    assistant = AssistantAgent(
        f"assistant{n}", llm_config={"config_list": server.config_list(), "cache_seed": None}
    )
    return user, assistant


def test_sync_and_async_give_the_same_transcript_over_http(kit: Any, openai_server: Any, io: Any) -> None:
    def script(request: dict[str, Any]) -> str:
        return f"answer to {len(request['messages'])} messages"

    openai_server.responder = script

    user, assistant = _pair(kit, openai_server)
    sync_result = user.initiate_chat(assistant, message="hello")
    sync_text = io.text
    io.chunks.clear()
    user, assistant = _pair(kit, openai_server)
    async_result = asyncio.run(user.a_initiate_chat(assistant, message="hello"))
    assert io.text == sync_text
    assert async_result.chat_history == sync_result.chat_history
    assert len(sync_result.chat_history) == 8


async def test_concurrent_chats_over_http(kit: Any, openai_server: Any) -> None:
    openai_server.responder = lambda request: "reply"
    openai_server.latency = 0.05
    pairs = [_pair(kit, openai_server, i) for i in range(30)]
    results = await asyncio.gather(*(u.a_initiate_chat(a, message="hi", silent=True) for u, a in pairs))
    assert all(len(r.chat_history) == 8 for r in results)
    assert len(openai_server.requests) == 30 * 4


async def test_tool_call_round_trip_over_http(kit: Any, openai_server: Any) -> None:
    from autogen import AssistantAgent, UserProxyAgent, register_function

    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    assistant = AssistantAgent(
        "assistant", llm_config={"config_list": openai_server.config_list(), "cache_seed": None}
    )
    user = UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    register_function(add, caller=assistant, executor=user, description="Add two numbers.")
    openai_server.enqueue({"tool_calls": [{"name": "add", "arguments": {"a": 2, "b": 3}}]}, "5. TERMINATE")
    result = await user.a_initiate_chat(assistant, message="2+3?", silent=True)
    assert result.chat_history[2]["tool_responses"][0]["content"] == "5"
    second = openai_server.requests[1].json["messages"]
    assert second[-1]["role"] == "tool" and second[-1]["content"] == "5"
    assert openai_server.requests[0].json["tools"][0]["function"]["name"] == "add"
