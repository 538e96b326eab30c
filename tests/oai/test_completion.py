"""The legacy `autogen.Completion` / `ChatCompletion` classes: call logging, create, tune."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import autogen
from autogen import OpenAIWrapper
from autogen.exceptions import AutogenError
from autogen.testing import OpenAITestServer

SYSTEM = {"role": "system", "content": "You are terse."}


@pytest.fixture(autouse=True)
def _stop_logging() -> Iterator[None]:
    yield
    autogen.ChatCompletion.stop_logging()


def test_compact_logging_keeps_one_entry_per_conversation(
    openai_server: OpenAITestServer, output: Any
) -> None:
    openai_server.enqueue("answer 1", "answer 2")
    client = OpenAIWrapper(config_list=openai_server.config_list(model="gpt-4"), cache_seed=None)
    autogen.ChatCompletion.start_logging()
    history = [SYSTEM, {"role": "user", "content": "question 1"}]
    client.create(messages=history)
    history = [
        *history,
        {"role": "assistant", "content": "answer 1"},
        {"role": "user", "content": "question 2"},
    ]
    client.create(messages=history)

    logged = autogen.ChatCompletion.logged_history
    assert logged is not None and len(logged) == 1  # the follow-up replaced the shorter conversation
    ((key, value),) = logged.items()
    conversation = json.loads(key)
    assert [m["content"] for m in conversation] == [
        "You are terse.",
        "question 1",
        "answer 1",
        "question 2",
        "answer 2",
    ]
    assert value["created_at"] == [0, 1]
    assert len(value["cost"]) == 2 and all(c > 0 for c in value["cost"])
    assert value["token_count"][0]["model"] == "gpt-4"

    autogen.ChatCompletion.print_usage_summary()
    assert f"Total cost: {sum(value['cost'])}" in output.text
    assert "Token count summary for model gpt-4: prompt_tokens: " in output.text


def test_per_call_logging_into_a_given_dict(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("one", "two")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    existing: dict[Any, Any] = {}
    autogen.Completion.start_logging(history_dict=existing, compact=False)
    client.create(messages=[{"role": "user", "content": "a"}], temperature=0)
    client.create(prompt="b")
    assert autogen.Completion.logged_history is existing
    assert list(existing) == [0, 1]
    assert existing[0]["request"]["messages"] == [{"role": "user", "content": "a"}]
    assert existing[0]["request"]["temperature"] == 0
    assert existing[0]["response"]["choices"][0]["message"]["content"] == "one"
    assert existing[1]["response"]["choices"][0]["text"] == "two"


def test_stop_logging(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("one", "two")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    autogen.ChatCompletion.start_logging()
    client.create(messages=[{"role": "user", "content": "a"}])
    autogen.ChatCompletion.stop_logging()
    client.create(messages=[{"role": "user", "content": "b"}])
    assert autogen.ChatCompletion.logged_history is None


def test_legacy_create_goes_through_openai_wrapper(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("chat answer", " completion answer")
    response = autogen.ChatCompletion.create(
        config_list=openai_server.config_list(model="gpt-3.5-turbo"),
        prompt="hi {name}",
        context={"name": "Ada"},
        allow_format_str_template=True,
        use_cache=False,
    )
    assert response.choices[0].message.content == "chat answer"
    assert openai_server.requests[0].json["messages"] == [{"role": "user", "content": "hi Ada"}]
    response = autogen.Completion.create(
        config_list=openai_server.config_list(model="gpt-3.5-turbo-instruct"), prompt="2+2=", use_cache=False
    )
    assert response.choices[0].text == " completion answer"
    assert openai_server.requests[1].path == "/v1/completions"


def test_tune_says_it_needs_the_old_api() -> None:
    with pytest.raises(AutogenError, match="openai<1") as caught:
        autogen.Completion.tune(data=[], metric="success", mode="max", eval_func=lambda r: {})
    assert isinstance(caught.value, NotImplementedError)


def test_legacy_extract_helpers(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("plain", {"tool_calls": [{"name": "f", "arguments": {}}]})
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    text = client.create(messages=[{"role": "user", "content": "a"}])
    call = client.create(messages=[{"role": "user", "content": "b"}])
    assert autogen.Completion.extract_text(text) == ["plain"]
    assert autogen.Completion.extract_text(call) == [""]
    assert autogen.ChatCompletion.extract_text_or_function_call(call)[0].tool_calls[0].function.name == "f"
