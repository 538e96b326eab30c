"""stream=True: text reaches the IOStream as it arrives; the assembled response is returned."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.completion import Completion

from autogen import OpenAIWrapper
from autogen.exceptions import AllConfigsFailedError, ModelError
from autogen.oai._streaming import collect_chat_stream
from autogen.testing import Fault, OpenAITestServer

MESSAGES = [{"role": "user", "content": "hi"}]
TOOLS = [
    {"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {}}}},
    {"type": "function", "function": {"name": "mul", "parameters": {"type": "object", "properties": {}}}},
]


def test_stream_text_is_printed_and_assembled(openai_server: OpenAITestServer, output: Any) -> None:
    text = "Streaming works, one piece at a time, until the whole answer is there."
    openai_server.enqueue(text)
    client = OpenAIWrapper(config_list=openai_server.config_list(model="gpt-4o"), cache_seed=None)
    response = client.create(messages=MESSAGES, stream=True)
    assert isinstance(response, ChatCompletion)
    assert response.choices[0].message.content == text
    assert response.choices[0].finish_reason == "stop"
    assert openai_server.requests[0].json["stream"] is True
    assert len(output.parts) > 2  # printed in pieces, as they arrived
    assert output.text.strip() == text
    assert response.usage is not None and response.usage.prompt_tokens > 0
    assert response.cost is not None and response.cost > 0


def test_stream_with_tool_calls(openai_server: OpenAITestServer, output: Any) -> None:
    openai_server.enqueue(
        {
            "tool_calls": [
                {"name": "add", "arguments": {"a": 1, "b": 2}},
                {"name": "mul", "arguments": {"a": 3, "b": 4}},
            ]
        }
    )
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    response = client.create(messages=MESSAGES, stream=True, tools=TOOLS)
    (message,) = client.extract_text_or_completion_object(response)
    assert isinstance(message, ChatCompletionMessage)
    calls = message.tool_calls
    assert calls is not None and [c.function.name for c in calls] == ["add", "mul"]  # type: ignore[union-attr]
    assert [json.loads(c.function.arguments) for c in calls] == [{"a": 1, "b": 2}, {"a": 3, "b": 4}]  # type: ignore[union-attr]
    assert all(c.id for c in calls) and len({c.id for c in calls}) == 2
    assert response.choices[0].finish_reason == "tool_calls"
    assert output.text == ""


def test_stream_legacy_completion(openai_server: OpenAITestServer, output: Any) -> None:
    openai_server.enqueue(" four")
    client = OpenAIWrapper(
        config_list=openai_server.config_list(model="gpt-3.5-turbo-instruct"), cache_seed=None
    )
    response = client.create(prompt="2+2=", stream=True)
    assert isinstance(response, Completion)
    assert client.extract_text_or_completion_object(response) == [" four"]
    assert output.text.strip() == "four"


def test_streamed_answer_is_cached_whole(openai_server: OpenAITestServer, output: Any) -> None:
    openai_server.enqueue("cache me whole")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=9)
    client.create(messages=MESSAGES, stream=True)
    again = client.create(messages=MESSAGES, stream=True)
    assert len(openai_server.requests) == 1
    assert again.choices[0].message.content == "cache me whole"


def test_broken_stream_is_not_returned_nor_cached(openai_server: OpenAITestServer, output: Any) -> None:
    openai_server.enqueue(Fault.disconnect(), "second try")
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0), cache_seed=11)
    with pytest.raises(AllConfigsFailedError):
        client.create(messages=MESSAGES, stream=True)
    response = client.create(messages=MESSAGES, stream=True)
    assert response.choices[0].message.content == "second try"
    assert len(openai_server.requests) == 2


def _chunk(content: str | None, finish: str | None = None) -> ChatCompletionChunk:
    return ChatCompletionChunk.model_validate(
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "gpt-4o",
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}],
        }
    )


async def _chunks(*items: Any) -> AsyncIterator[ChatCompletionChunk]:
    for item in items:
        if isinstance(item, Exception):
            raise item
        yield item


async def test_stream_breaking_off_midway_is_an_error(output: Any) -> None:
    broken = _chunks(_chunk("Hel"), _chunk("lo"), httpx2.RemoteProtocolError("peer closed connection"))
    with pytest.raises(ModelError, match="broke off"):
        await collect_chat_stream(broken, "config 0")
    assert output.text == "Hello"  # what arrived was shown, nothing is returned


async def test_stream_ending_without_finish_reason_is_an_error(output: Any) -> None:
    with pytest.raises(ModelError, match="ended before the answer was complete"):
        await collect_chat_stream(_chunks(_chunk("Hel"), _chunk("lo")), "config 0")
    answer = await collect_chat_stream(_chunks(_chunk("Hel"), _chunk("lo", "stop")), "config 0")
    assert answer.choices[0].message.content == "Hello"
