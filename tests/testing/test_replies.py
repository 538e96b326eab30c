"""The shared reply model and the OpenAI wire shapes built from it."""

from __future__ import annotations

import json

import pytest

from autogen.testing import _payloads
from autogen.testing._replies import (
    completion_tokens,
    estimate_tokens,
    normalize_message,
    prompt_tokens,
    reply_text,
)


def test_estimate_tokens_is_never_zero_for_text() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("a") == 1
    assert estimate_tokens("abcd" * 100) == 100


def test_prompt_tokens_count_text_parts_names_and_tools() -> None:
    plain = prompt_tokens({"messages": [{"role": "user", "content": "hello world"}]})
    multimodal = prompt_tokens(
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "hello world " * 10},
                        {"type": "image_url", "image_url": {"url": "data:..."}},
                    ],
                }
            ]
        }
    )
    with_tools = prompt_tokens(
        {
            "messages": [{"role": "user", "content": "hello world"}],
            "tools": [{"function": {"name": "x" * 80}}],
        }
    )
    assert multimodal > plain and with_tools > plain + 15
    assert prompt_tokens({"prompt": ["abcd", "efgh"]}) == 2
    assert prompt_tokens({"prompt": ""}) == 1


def test_normalize_text_and_dict_replies() -> None:
    assert normalize_message("hi") == ({"role": "assistant", "content": "hi", "refusal": None}, "stop")
    message, finish = normalize_message({"content": "cut", "finish_reason": "length"})
    assert message["content"] == "cut" and finish == "length"
    message, finish = normalize_message({"tool_calls": [{"name": "f"}]})
    assert finish == "tool_calls" and message["tool_calls"][0]["function"] == {"name": "f", "arguments": "{}"}
    assert completion_tokens(message) >= 1


@pytest.mark.parametrize(
    ("reply", "match"),
    [
        ({"text": "x"}, "unknown key"),
        ({"content": 3}, "content"),
        ({"tool_calls": {"name": "f"}}, "must be a list"),
        ({"tool_calls": [{"arguments": {}}]}, r"tool_calls\[0\] needs a function 'name'"),
        ({"tool_calls": ["f"]}, r"tool_calls\[0\] must be a dict"),
        ({"function_call": {"arguments": "{}"}}, "function_call"),
    ],
)
def test_bad_dict_replies_name_the_problem(reply: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        normalize_message(reply)  # type: ignore[arg-type]


def test_reply_text_for_legacy_completions() -> None:
    assert reply_text("x") == "x"
    assert reply_text({"content": "y"}) == "y"
    with pytest.raises(ValueError, match="legacy"):
        reply_text({"content": None, "tool_calls": [{"name": "f"}]})


def test_sse_body_is_data_lines_ending_with_done() -> None:
    message, finish = normalize_message("one two")
    chunks = _payloads.chat_chunks(message, finish, model="m", prompt_tokens=5, include_usage=True)
    body = _payloads.sse(chunks).decode()
    events = [line for line in body.split("\n\n") if line]
    assert all(event.startswith("data: ") for event in events)
    assert events[-1] == "data: [DONE]"
    decoded = [json.loads(event[6:]) for event in events[:-1]]
    assert decoded[0]["choices"][0]["delta"]["role"] == "assistant"
    assert (
        "".join(d["choices"][0]["delta"].get("content") or "" for d in decoded if d["choices"]) == "one two"
    )
    assert decoded[-1]["choices"] == [] and decoded[-1]["usage"]["prompt_tokens"] == 5
    assert len({d["id"] for d in decoded}) == 1


def test_error_body_is_openai_shaped() -> None:
    body = _payloads.error_body(429)
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["code"] == "rate_limit_exceeded"
    assert _payloads.error_body(503)["error"]["type"] == "server_error"
