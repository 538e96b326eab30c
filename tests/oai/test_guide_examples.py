"""The "Enhanced Inference" guide's examples, run through the real openai SDK at the test server."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
from openai.types.chat import ChatCompletion
from openai.types.completion import Completion

from autogen import Cache, OpenAIWrapper
from autogen.testing import Fault, OpenAITestServer


def test_api_unification_chat_and_completion(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("4", " 4")
    client = OpenAIWrapper(config_list=openai_server.config_list(model="gpt-3.5-turbo"), cache_seed=None)

    response = client.create(messages=[{"role": "user", "content": "2+2="}], model="gpt-3.5-turbo")
    assert isinstance(response, ChatCompletion)
    assert client.extract_text_or_completion_object(response) == ["4"]
    assert response.cost is not None and response.cost > 0

    response = client.create(prompt="2+2=", model="gpt-3.5-turbo-instruct")
    assert isinstance(response, Completion)
    assert client.extract_text_or_completion_object(response) == [" 4"]
    paths = [r.path for r in openai_server.requests]
    assert paths == ["/v1/chat/completions", "/v1/completions"]
    # the config entry's model wins over create()'s, as in v0.2
    assert [r.json["model"] for r in openai_server.requests] == ["gpt-3.5-turbo", "gpt-3.5-turbo"]


def test_api_unification_azure(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("4", " 4")
    entry = openai_server.azure_config_list(model="gpt-3.5-turbo", api_version="2023-08-01-preview")[0]
    client = OpenAIWrapper(
        api_key=entry["api_key"],
        base_url=entry["base_url"],
        api_version=entry["api_version"],
        api_type="azure",
        cache_seed=None,
    )
    response = client.create(messages=[{"role": "user", "content": "2+2="}], model="gpt-3.5-turbo")
    assert client.extract_text_or_completion_object(response) == ["4"]
    response = client.create(prompt="2+2=", model="gpt-3.5-turbo-instruct")
    assert client.extract_text_or_completion_object(response) == [" 4"]
    chat, legacy = openai_server.requests
    assert chat.path == "/openai/deployments/gpt-35-turbo/chat/completions"  # dots dropped, as v0.2
    assert legacy.path == "/openai/deployments/gpt-35-turbo-instruct/completions"
    assert chat.query["api-version"] == "2023-08-01-preview"


def test_compatible_base_url_without_key(
    openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a local server entry as in the guide: {"model": "llama2-chat-7B", "base_url": ...}, no api_key
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    openai_server.enqueue("hi")
    client = OpenAIWrapper(
        config_list=[{"model": "llama2-chat-7B", "base_url": openai_server.base_url}], cache_seed=None
    )
    response = client.create(messages=[{"role": "user", "content": "hello"}])
    assert client.extract_text_or_completion_object(response) == ["hi"]


def test_usage_summary(openai_server: OpenAITestServer, output: Any) -> None:
    openai_server.responder = lambda request: "Read the official tutorial, then build small projects."
    client = OpenAIWrapper(config_list=openai_server.config_list(model="gpt-3.5-turbo"), cache_seed=7)
    client.create(messages=[{"role": "user", "content": "Python learning tips."}], model="gpt-3.5-turbo")
    client.create(
        messages=[{"role": "user", "content": "Python learning tips."}], model="gpt-3.5-turbo"
    )  # hit
    assert len(openai_server.requests) == 1

    actual, total = client.actual_usage_summary, client.total_usage_summary
    assert actual is not None and total is not None
    assert total["gpt-3.5-turbo"]["total_tokens"] == 2 * actual["gpt-3.5-turbo"]["total_tokens"] > 0
    assert total["total_cost"] == pytest.approx(2 * actual["total_cost"])

    client.print_usage_summary()
    text = output.text
    assert "Usage summary excluding cached usage:" in text
    assert "Usage summary including cached usage:" in text
    assert "* Model 'gpt-3.5-turbo': cost: " in text

    output.parts.clear()
    client.print_usage_summary(mode="total")
    assert "including cached usage" in output.text and "excluding" not in output.text

    client.clear_usage_summary()
    assert client.actual_usage_summary is None and client.total_usage_summary is None
    output.parts.clear()
    client.print_usage_summary()
    assert 'No usage summary. Please call "create" first.' in output.text
    with pytest.raises(ValueError, match="Invalid mode"):
        client.print_usage_summary(mode="everything")


def test_caching_same_seed_hits_different_seed_misses(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("first answer", "second answer")
    config_list = openai_server.config_list()
    messages = [{"role": "user", "content": "Tell me a joke."}]

    first = OpenAIWrapper(config_list=config_list, cache_seed=1).create(messages=messages)
    again = OpenAIWrapper(config_list=config_list).create(messages=messages, cache_seed=1)
    assert len(openai_server.requests) == 1  # the hit never reached the server
    assert again.choices[0].message.content == first.choices[0].message.content == "first answer"

    other = OpenAIWrapper(config_list=config_list).create(messages=messages, cache_seed=2)
    assert len(openai_server.requests) == 2
    assert other.choices[0].message.content == "second answer"


def test_caching_is_on_by_default_with_seed_41(openai_server: OpenAITestServer, cache_root: Any) -> None:
    openai_server.enqueue("cached")
    client = OpenAIWrapper(config_list=openai_server.config_list())
    client.create(messages=[{"role": "user", "content": "q"}])
    client.create(messages=[{"role": "user", "content": "q"}])
    assert len(openai_server.requests) == 1
    assert (cache_root / "41").exists()


def test_cache_seed_none_disables_caching(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("a", "b")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    assert client.create(messages=[{"role": "user", "content": "q"}]).choices[0].message.content == "a"
    assert client.create(messages=[{"role": "user", "content": "q"}]).choices[0].message.content == "b"


def test_explicit_cache_object(openai_server: OpenAITestServer, tmp_path: Any) -> None:
    openai_server.enqueue("from the endpoint")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    with Cache.disk(cache_seed=3, cache_path_root=str(tmp_path)) as cache:
        client.create(messages=[{"role": "user", "content": "q"}], cache=cache)
        hit = client.create(messages=[{"role": "user", "content": "q"}], cache=cache)
    assert len(openai_server.requests) == 1
    assert hit.choices[0].message.content == "from the endpoint"
    assert hit.config_id == 0 and hit.cost is not None


def test_multi_config_first_fails_second_answers(openai_server: OpenAITestServer) -> None:
    with OpenAITestServer() as second:
        openai_server.enqueue(Fault.http(500))
        second.enqueue("from the second endpoint")
        client = OpenAIWrapper(
            config_list=[
                *openai_server.config_list(model="gpt-4", max_retries=0),
                *second.config_list(model="gpt-3.5-turbo"),
            ],
            cache_seed=None,
        )
        response = client.create(messages=[{"role": "user", "content": "hi"}])
        assert response.config_id == 1
        assert client.extract_text_or_completion_object(response) == ["from the second endpoint"]
        assert second.requests[0].json["model"] == "gpt-3.5-turbo"


def test_multi_config_bad_key_moves_on_without_retrying(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("second config answers")
    good = openai_server.config_list(model="gpt-4o-mini")[0]
    bad = {**good, "model": "gpt-4o", "api_key": "sk-wrong-key-1234567890"}
    with OpenAITestServer(api_key="sk-the-only-valid-key-123456") as strict:
        bad["base_url"] = strict.base_url
        client = OpenAIWrapper(config_list=[bad, good], cache_seed=None)
        response = client.create(messages=[{"role": "user", "content": "hi"}])
        assert response.config_id == 1
        assert len(strict.requests) == 1  # 401 is not retried


def test_filter_func_rejects_and_moves_on(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("not json at all", '{"q": "latest AI news"}')

    def valid_json_filter(response: Any, **_: Any) -> bool:
        for text in OpenAIWrapper.extract_text_or_completion_object(response):
            try:
                json.loads(text)
                return True
            except ValueError:
                pass
        return False

    config_list = [
        *openai_server.config_list(model="text-ada-001"),
        *openai_server.config_list(model="gpt-3.5-turbo-instruct"),
        *openai_server.config_list(model="text-davinci-003"),
    ]
    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    response = client.create(
        prompt="How to construct a json request to Bing API to search for 'latest AI news'? "
        "Return the JSON request.",
        filter_func=valid_json_filter,
    )
    assert response.config_id == 1 and response.pass_filter is True
    assert [r.json["model"] for r in openai_server.requests] == ["text-ada-001", "gpt-3.5-turbo-instruct"]


def test_filter_func_rejecting_all_returns_last_with_pass_filter_false(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue("a", "b")
    client = OpenAIWrapper(config_list=openai_server.config_list() * 2, cache_seed=None)
    seen: list[Any] = []

    def reject(context: Any, response: Any) -> bool:
        seen.append(context)
        return False

    response = client.create(
        messages=[{"role": "user", "content": "x"}], filter_func=reject, context={"k": 1}
    )
    assert response.pass_filter is False and response.config_id == 1
    assert response.choices[0].message.content == "b"
    assert seen == [{"k": 1}, {"k": 1}]


def test_templating_format_string(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("41")
    client = OpenAIWrapper(
        config_list=openai_server.config_list(model="gpt-3.5-turbo-instruct"), cache_seed=None
    )
    client.create(
        context={
            "problem": "How many positive integers, not exceeding 100, are multiples of 2 or 3 but not 4?"
        },
        prompt="{problem} Solve the problem carefully.",
        allow_format_str_template=True,
    )
    assert openai_server.requests[0].json["prompt"] == (
        "How many positive integers, not exceeding 100, are multiples of 2 or 3 but not 4? "
        "Solve the problem carefully."
    )


def test_templating_format_string_needs_opt_in(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("ok")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    client.create(context={"problem": "P"}, messages=[{"role": "user", "content": "{problem} now"}])
    assert openai_server.requests[0].json["messages"][0]["content"] == "{problem} now"


def test_templating_callable_messages(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("Explanation 1", "Explanation 2")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)

    def content(turn: int, context: dict[str, str]) -> str:
        return "\n".join([context[f"user_message_{turn}"], context[f"external_info_{turn}"]])

    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "You are a teaching assistant of math."},
        {"role": "user", "content": partial(content, turn=0)},
    ]
    context = {
        "user_message_0": "Could you explain the solution to Problem 1?",
        "external_info_0": "Problem 1: ...",
    }
    response = client.create(context=context, messages=messages)
    messages.append({"role": "assistant", "content": client.extract_text(response)[0]})  # as in the guide
    messages.append({"role": "user", "content": partial(content, turn=1)})
    context.update(
        {
            "user_message_1": "Why can't we apply Theorem 1 to Equation (2)?",
            "external_info_1": "Theorem 1: ...",
        }
    )
    client.create(context=context, messages=messages)

    first, second = (r.json["messages"] for r in openai_server.requests)
    assert first[1]["content"] == "Could you explain the solution to Problem 1?\nProblem 1: ..."
    assert second[2] == {"role": "assistant", "content": "Explanation 1"}
    assert second[3]["content"] == "Why can't we apply Theorem 1 to Equation (2)?\nTheorem 1: ..."
    assert callable(messages[1]["content"])  # the caller's messages are left as they were


def test_azure_endpoint_key_and_wrapper_only_keys_are_not_sent(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("ok")
    entry = {
        "model": "gpt-4o",
        "api_type": "azure",
        "api_version": "2024-02-01",
        "azure_endpoint": openai_server.url,
        "api_key": openai_server.api_key,
        "tags": ["fast"],
    }
    client = OpenAIWrapper(config_list=[entry], cache_seed=None)
    client.create(messages=[{"role": "user", "content": "hi"}], agent=object(), context=None, temperature=0.5)
    (request,) = openai_server.requests
    assert request.path == "/openai/deployments/gpt-4o/chat/completions"
    assert request.json == {
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.5,
        "model": "gpt-4o",
    }


def test_previous_response_message_objects_can_be_sent_back(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue({"tool_calls": [{"name": "add", "arguments": {"a": 1}}]}, "done")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    first = client.create(messages=[{"role": "user", "content": "add"}])
    (message,) = client.extract_text_or_completion_object(first)
    call_id = message.tool_calls[0].id
    history = [
        {"role": "user", "content": "add"},
        message,  # the SDK's own object, as some v0.2 code appends it
        {"role": "tool", "tool_call_id": call_id, "content": "1"},
    ]
    client.create(messages=history)
    sent = openai_server.requests[1].json["messages"]
    assert sent[1]["role"] == "assistant" and sent[1]["tool_calls"][0]["id"] == call_id
