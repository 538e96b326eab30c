"""The transcript: v0.2's format, through the IO stream, plain text off a terminal."""

from __future__ import annotations

from typing import Any

DASHES = "-" * 80


def test_received_message_format(kit: Any, io: Any) -> None:
    a, b = kit.plain("alice"), kit.plain("bob")
    a.send("hello there", b, request_reply=False)
    assert io.text == f"alice (to bob):\n\nhello there\n\n{DASHES}\n"
    assert "\x1b[" not in io.text


def test_function_and_tool_calls_and_results(kit: Any, io: Any) -> None:
    a, b = kit.plain("alice"), kit.plain("bob")
    call = {
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "add", "arguments": '{"a": 1}'}}
        ],
    }
    a.send(call, b, request_reply=False)
    assert "***** Suggested tool call (c1): add *****" in io.text
    assert 'Arguments: \n{"a": 1}' in io.text
    io.chunks.clear()
    a.send({"content": None, "function_call": {"name": "f", "arguments": "{}"}}, b, request_reply=False)
    assert "***** Suggested function call: f *****" in io.text
    io.chunks.clear()
    result = {
        "role": "tool",
        "content": "3",
        "tool_responses": [{"role": "tool", "tool_call_id": "c1", "content": "3"}],
    }
    a.send(result, b, request_reply=False)
    banner = "***** Response from calling tool (c1) *****"
    assert f"{banner}\n3\n{'*' * len(banner)}\n" in io.text
    io.chunks.clear()
    a.send({"role": "function", "name": "f", "content": "ok"}, b, request_reply=False)
    assert "***** Response from calling function (f) *****" in io.text


def test_silent_prints_nothing(kit: Any, io: Any) -> None:
    user = kit.plain("user")
    user.initiate_chat(kit.scripted_assistant(replies=["TERMINATE"]), message="hi", silent=True)
    assert io.text == ""


def test_chat_transcript(kit: Any, io: Any) -> None:
    user = kit.plain("user")
    user.initiate_chat(kit.scripted_assistant(replies=["TERMINATE"]), message="hi")
    assert (
        io.text == f"user (to assistant):\n\nhi\n\n{DASHES}\nassistant (to user):\n\nTERMINATE\n\n{DASHES}\n"
    )


def test_context_is_filled_into_the_printed_content(kit: Any, io: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b")
    a.send({"content": lambda ctx: f"Hi {ctx['who']}", "context": {"who": "Ann"}}, b, request_reply=False)
    assert "Hi Ann" in io.text
