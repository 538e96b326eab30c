"""ScriptedModelClient: the in-process ModelClient that answers from a script."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionMessage
from openai.types.completion import Completion

from autogen.exceptions import ScriptExhaustedError
from autogen.testing import Fault, ScriptedModelClient

CONFIG = {"model": "scripted-gpt", "model_client_cls": "ScriptedModelClient"}
MESSAGES = [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Say hi"}]


def params(**extra: Any) -> dict[str, Any]:
    return {"messages": [dict(m) for m in MESSAGES], **extra}


def test_replies_in_order_as_real_chat_completions() -> None:
    client = ScriptedModelClient(CONFIG, replies=["Hi!", "Bye."])
    first, second = client.create(params()), client.create(params())
    assert isinstance(first, ChatCompletion)
    assert first.choices[0].message.content == "Hi!" and second.choices[0].message.content == "Bye."
    assert first.model == "scripted-gpt" and first.choices[0].finish_reason == "stop"
    assert client.message_retrieval(first) == ["Hi!"]
    assert client.replies_left == 0


def test_usage_is_estimated_from_text() -> None:
    client = ScriptedModelClient(CONFIG, replies=["ok", "a much longer answer " * 20])
    short = client.create(params())
    long = client.create({"messages": [{"role": "user", "content": "x" * 4000}]})
    assert short.usage and long.usage
    assert short.usage.prompt_tokens > 0 and short.usage.completion_tokens >= 1
    assert long.usage.prompt_tokens >= 1000 > short.usage.prompt_tokens
    assert long.usage.completion_tokens > 50
    usage = ScriptedModelClient.get_usage(short)
    assert set(usage) == set(ScriptedModelClient.RESPONSE_USAGE_KEYS)
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert usage["model"] == "scripted-gpt" and usage["cost"] == 0.0
    assert client.cost(short) == 0.0


def test_tool_calls_reply() -> None:
    client = ScriptedModelClient(
        CONFIG,
        replies=[
            {
                "content": None,
                "tool_calls": [
                    {"name": "add", "arguments": {"a": 1, "b": 2}},
                    {
                        "id": "call_fixed",
                        "type": "function",
                        "function": {"name": "f", "arguments": "{bad json"},
                    },
                ],
            }
        ],
    )
    response = client.create(params(tools=[{"type": "function", "function": {"name": "add"}}]))
    assert isinstance(response, ChatCompletion)
    choice = response.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls or []
    assert calls[0].id.startswith("call_") and calls[1].id == "call_fixed"
    assert json.loads(calls[0].function.arguments) == {"a": 1, "b": 2}  # type: ignore[union-attr]
    assert calls[1].function.arguments == "{bad json"  # type: ignore[union-attr]
    (retrieved,) = client.message_retrieval(response)
    assert isinstance(retrieved, ChatCompletionMessage) and retrieved.tool_calls


def test_function_call_reply() -> None:
    client = ScriptedModelClient(CONFIG, replies=[{"function_call": {"name": "f", "arguments": {"x": 1}}}])
    response = client.create(params())
    assert isinstance(response, ChatCompletion)
    assert response.choices[0].finish_reason == "function_call"
    assert response.choices[0].message.function_call is not None
    assert response.choices[0].message.function_call.arguments == '{"x": 1}'


def test_prompt_params_give_a_legacy_completion() -> None:
    client = ScriptedModelClient(CONFIG, replies=[" Paris"])
    response = client.create({"prompt": "The capital of France is", "model": "text-davinci-003"})
    assert isinstance(response, Completion)
    assert response.choices[0].text == " Paris" and response.model == "text-davinci-003"
    assert client.message_retrieval(response) == [" Paris"]
    assert response.usage is not None and response.usage.prompt_tokens > 0


def test_n_choices() -> None:
    client = ScriptedModelClient(CONFIG, replies=["same"])
    response = client.create(params(n=3))
    assert client.message_retrieval(response) == ["same"] * 3


def test_requests_are_recorded_as_snapshots() -> None:
    client = ScriptedModelClient(CONFIG, replies=["a"])
    request = params(temperature=0)
    client.create(request)
    request["messages"][0]["content"] = "changed later"
    (recorded,) = client.requests
    assert recorded["messages"][0]["content"] == "You are helpful."
    assert recorded["temperature"] == 0


def test_exhausted_script_names_the_problem() -> None:
    client = ScriptedModelClient(CONFIG, replies=["only one"])
    client.create(params())
    with pytest.raises(ScriptExhaustedError, match=r"request #2.*script is exhausted"):
        client.create(params())


def test_responder_answers_after_the_script() -> None:
    client = ScriptedModelClient(
        CONFIG, replies=["scripted"], responder=lambda p: f"echo: {p['messages'][-1]['content']}"
    )
    texts = [client.message_retrieval(client.create(params()))[0] for _ in range(3)]
    assert texts == ["scripted", "echo: Say hi", "echo: Say hi"]


async def test_async_create_and_async_reply_functions() -> None:
    async def reply(p: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"content": str(len(p["messages"]))}

    client = ScriptedModelClient(CONFIG, replies=[reply])
    response = await client.a_create(params())
    assert client.message_retrieval(response) == ["2"]


async def test_latency_is_awaited_not_blocking() -> None:
    client = ScriptedModelClient(CONFIG, responder=lambda p: "x", latency=0.05)
    responses = await asyncio.gather(*(client.a_create(params()) for _ in range(10)))
    assert len(responses) == 10


def test_enqueue_and_bad_replies() -> None:
    client = ScriptedModelClient()
    with pytest.raises(TypeError, match="scripted reply"):
        client.enqueue(3.5)  # type: ignore[arg-type]
    client.enqueue({"contnet": "typo"})
    with pytest.raises(ValueError, match="contnet"):
        client.create(params())
    client.enqueue(lambda p: None)
    with pytest.raises(TypeError, match="NoneType"):
        client.create(params())
    assert repr(client) == "ScriptedModelClient(model='scripted', replies_left=0)"


def test_http_faults_raise_the_sdk_errors() -> None:
    client = ScriptedModelClient(
        CONFIG,
        replies=[
            Fault.http(429, retry_after=3),
            Fault.http(500),
            Fault.http(401),
            Fault.http(418, body="teapot"),
        ],
    )
    with pytest.raises(openai.RateLimitError) as info:
        client.create(params())
    assert info.value.response.headers["retry-after"] == "3" and info.value.status_code == 429
    with pytest.raises(openai.InternalServerError):
        client.create(params())
    with pytest.raises(openai.AuthenticationError):
        client.create(params())
    with pytest.raises(openai.APIStatusError, match="teapot"):
        client.create(params())


def test_stall_disconnect_and_malformed_faults() -> None:
    client = ScriptedModelClient(
        CONFIG, replies=[Fault.stall(60), Fault.disconnect(), Fault.malformed(), Fault.cut("partial")]
    )
    with pytest.raises(openai.APITimeoutError):
        client.create(params(timeout=0.01))
    with pytest.raises(openai.APIConnectionError):
        client.create(params())
    with pytest.raises(json.JSONDecodeError):
        client.create(params())
    with pytest.raises(openai.APIConnectionError):
        client.create(params(stream=True))


def test_fault_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="status"):
        Fault.http(200)
    with pytest.raises(ValueError, match="retry_after"):
        Fault.http(429, retry_after=-1)
    with pytest.raises(ValueError, match="seconds"):
        Fault.stall(-1)
    with pytest.raises(ValueError, match="after_chunks"):
        Fault.cut("x", after_chunks=-1)
    with pytest.raises(TypeError, match="Fault.cut"):
        Fault.cut(Fault.disconnect())  # type: ignore[arg-type]


def test_constructed_like_a_registered_model_client() -> None:
    # OpenAIWrapper builds custom clients as cls(config_entry, **kwargs_given_to_register_model_client)
    kwargs: dict[str, Any] = {"replies": ["registered"]}
    client = ScriptedModelClient(dict(CONFIG), **kwargs)
    assert client.message_retrieval(client.create(params())) == ["registered"]


def test_record_false_keeps_only_a_count() -> None:
    client = ScriptedModelClient(CONFIG, replies=["a"], record=False)
    client.create(params())
    with pytest.raises(ScriptExhaustedError, match="request #2"):
        client.create(params())
    assert client.requests == [] and client.request_count == 2
