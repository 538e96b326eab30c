"""Human input per mode, through the IO stream (v0.2 prompts; empty → auto-reply; 'exit' ends)."""

from __future__ import annotations

from typing import Any

import pytest

from autogen import UserProxyAgent
from autogen.io import IOStream


def proxy(mode: str, **kwargs: Any) -> UserProxyAgent:
    return UserProxyAgent("user", human_input_mode=mode, code_execution_config=False, **kwargs)  # type: ignore[arg-type]


def run(kit: Any, user: UserProxyAgent, inputs: list[str], replies: list[str]) -> tuple[Any, Any, Any]:
    stream = kit.RecordingIO(inputs)
    assistant = kit.scripted_assistant(replies=replies)
    with IOStream.set_default(stream):
        result = user.initiate_chat(assistant, message="task")
    return stream, assistant, result


def test_always_asks_each_turn_and_uses_the_human_text(kit: Any) -> None:
    stream, assistant, result = run(kit, proxy("ALWAYS"), ["please elaborate", "exit"], ["short", "longer"])
    assert (
        stream.prompts
        == [
            "Provide feedback to assistant. Press enter to skip and use auto-reply, "
            "or type 'exit' to end the conversation: "
        ]
        * 2
    )
    assert [m["content"] for m in result.chat_history] == ["task", "short", "please elaborate", "longer"]
    assert result.human_input == ["please elaborate", "exit"]


def test_always_empty_input_means_auto_reply(kit: Any) -> None:
    stream, _, result = run(kit, proxy("ALWAYS", default_auto_reply="auto"), ["", "exit"], ["a", "b"])
    assert "NO HUMAN INPUT RECEIVED." in stream.text and "USING AUTO REPLY..." in stream.text
    assert [m["content"] for m in result.chat_history] == ["task", "a", "auto", "b"]


def test_always_empty_input_on_termination_message_ends(kit: Any) -> None:
    _, _, result = run(kit, proxy("ALWAYS"), [""], ["TERMINATE"])
    assert [m["content"] for m in result.chat_history] == ["task", "TERMINATE"]


def test_terminate_mode_asks_only_at_termination(kit: Any) -> None:
    stream, _, result = run(
        kit,
        proxy("TERMINATE", default_auto_reply="go on"),
        ["one more thing", ""],
        ["a", "TERMINATE", "b", "TERMINATE"],
    )
    assert (
        stream.prompts
        == ["Please give feedback to assistant. Press enter or type 'exit' to stop the conversation: "] * 2
    )
    assert [m["content"] for m in result.chat_history] == [
        "task",
        "a",
        "go on",
        "TERMINATE",
        "one more thing",
        "b",
        "go on",
        "TERMINATE",
    ]


def test_terminate_mode_asks_at_the_auto_reply_limit(kit: Any) -> None:
    user = proxy("TERMINATE", max_consecutive_auto_reply=1, default_auto_reply="more")
    stream, _, result = run(kit, user, ["exit"], ["a", "b"])
    assert stream.prompts == [
        "Please give feedback to assistant. Press enter to skip and use auto-reply, or type 'exit' to stop "
        "the conversation: "
    ]
    assert [m["content"] for m in result.chat_history] == ["task", "a", "more", "b"]


def test_never_mode_never_asks(kit: Any) -> None:
    stream, _, result = run(kit, proxy("NEVER", max_consecutive_auto_reply=2), [], ["a", "b", "c"])
    assert stream.prompts == []
    assert len(result.chat_history) == 6


def test_human_reply_answers_pending_tool_calls(kit: Any) -> None:
    call = {"tool_calls": [{"id": "call_1", "name": "f", "arguments": "{}"}]}
    _, _, result = run(kit, proxy("ALWAYS"), ["no, do not call it", "exit"], [call, "ok"])
    reply = result.chat_history[2]
    assert reply["content"] == "no, do not call it"
    assert reply["tool_responses"] == [
        {"role": "tool", "tool_call_id": "call_1", "content": "USER INTERRUPTED"}
    ]


def test_sync_get_human_input_override_is_used(kit: Any) -> None:
    class Scripted(UserProxyAgent):
        answers = ["from override", "exit"]

        def get_human_input(self, prompt: str) -> str:
            return self.answers.pop(0)

    user = Scripted("user", code_execution_config=False)
    assistant = kit.scripted_assistant(replies=["a", "b"])
    result = user.initiate_chat(assistant, message="task", silent=True)
    assert [m["content"] for m in result.chat_history] == ["task", "a", "from override", "b"]


async def test_async_get_human_input_override_is_used(kit: Any) -> None:
    class Async(UserProxyAgent):
        async def a_get_human_input(self, prompt: str) -> str:
            return "exit"

    user = Async("user", code_execution_config=False)
    result = await user.a_initiate_chat(kit.scripted_assistant(replies=["a"]), message="task", silent=True)
    assert [m["content"] for m in result.chat_history] == ["task", "a"]


def test_message_none_asks_the_human_for_the_first_message(kit: Any) -> None:
    stream = kit.RecordingIO(["typed task", "exit"])
    with IOStream.set_default(stream):
        result = proxy("ALWAYS").initiate_chat(kit.scripted_assistant(replies=["a"]), silent=True)
    assert stream.prompts[0] == ">"
    assert result.chat_history[0]["content"] == "typed task"


@pytest.mark.parametrize("mode", ["ALWAYS", "TERMINATE"])
def test_exit_resets_the_counter(kit: Any, mode: str) -> None:
    user = proxy(mode)
    run(kit, user, ["exit"], ["TERMINATE"])
    assert all(v == 0 for v in user._consecutive_auto_reply_counter.values())
