"""OpenAITestServer, driven through the real `openai` SDK (sync and async clients)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from typing import Any

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from autogen.testing import Fault, OpenAITestServer

USER: list[ChatCompletionMessageParam] = [{"role": "user", "content": "What is 2 + 2?"}]


def client(server: OpenAITestServer, **kwargs: Any) -> openai.OpenAI:
    kwargs.setdefault("max_retries", 0)
    return openai.OpenAI(base_url=server.base_url, api_key="sk-test-key", **kwargs)


def test_plain_reply_is_a_real_chat_completion(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("4")
    with client(openai_server) as c:
        response = c.chat.completions.create(model="gpt-4o", messages=USER)
    assert response.choices[0].message.content == "4"
    assert response.choices[0].finish_reason == "stop"
    assert response.model == "gpt-4o"
    assert response.usage is not None
    assert response.usage.prompt_tokens > 0 and response.usage.completion_tokens > 0
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens


def test_longer_prompts_cost_more_prompt_tokens(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("a", "b")
    with client(openai_server) as c:
        short = c.chat.completions.create(model="m", messages=USER)
        long_messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "word " * 400}]
        long = c.chat.completions.create(model="m", messages=long_messages)
    assert short.usage and long.usage
    assert long.usage.prompt_tokens > short.usage.prompt_tokens + 300


def test_tool_calls_reply_gets_ids_and_finish_reason(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(
        {
            "tool_calls": [
                {"name": "add", "arguments": {"a": 1, "b": 2}},
                {"name": "echo", "arguments": '{"text": "hi"}'},
            ]
        }
    )
    with client(openai_server) as c:
        response = c.chat.completions.create(model="gpt-4o", messages=USER)
    choice = response.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    calls = choice.message.tool_calls or []
    assert [call.function.name for call in calls] == ["add", "echo"]  # type: ignore[union-attr]
    assert json.loads(calls[0].function.arguments) == {"a": 1, "b": 2}  # type: ignore[union-attr]
    assert calls[1].function.arguments == '{"text": "hi"}'  # type: ignore[union-attr]
    assert all(call.id.startswith("call_") for call in calls)
    assert len({call.id for call in calls}) == 2


def test_function_call_reply(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue({"function_call": {"name": "add", "arguments": {"a": 1}}})
    with client(openai_server) as c:
        response = c.chat.completions.create(model="gpt-4", messages=USER)
    assert response.choices[0].finish_reason == "function_call"
    function_call = response.choices[0].message.function_call
    assert function_call is not None and function_call.name == "add"
    assert json.loads(function_call.arguments) == {"a": 1}


def test_streaming_content_arrives_in_several_chunks_with_usage(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("The answer is four.")
    with client(openai_server) as c:
        stream = c.chat.completions.create(
            model="gpt-4o",
            messages=USER,
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
    pieces = [
        chunk.choices[0].delta.content for chunk in chunks if chunk.choices and chunk.choices[0].delta.content
    ]
    assert len(pieces) >= 3
    assert "".join(pieces) == "The answer is four."
    finish = [
        chunk.choices[0].finish_reason for chunk in chunks if chunk.choices and chunk.choices[0].finish_reason
    ]
    assert finish == ["stop"]
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens > 0


def test_streaming_without_include_usage_has_no_usage_chunk(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("hi there")
    with client(openai_server) as c:
        chunks = list(c.chat.completions.create(model="m", messages=USER, stream=True))
    assert all(chunk.choices for chunk in chunks)
    assert all(chunk.usage is None for chunk in chunks)


def test_streaming_tool_calls_reassemble(openai_server: OpenAITestServer) -> None:
    arguments = {"city": "Paris", "days": 3, "units": "metric"}
    openai_server.enqueue({"tool_calls": [{"name": "weather", "arguments": arguments}, {"name": "noop"}]})
    with client(openai_server) as c:
        chunks = list(c.chat.completions.create(model="m", messages=USER, stream=True))
    calls: dict[int, dict[str, str]] = {}
    argument_deltas = 0
    for chunk in chunks:
        for delta in chunk.choices[0].delta.tool_calls or []:
            call = calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            call["id"] += delta.id or ""
            if delta.function is not None:
                call["name"] += delta.function.name or ""
                call["arguments"] += delta.function.arguments or ""
                argument_deltas += bool(delta.function.arguments)
    assert calls[0]["name"] == "weather" and json.loads(calls[0]["arguments"]) == arguments
    assert calls[1]["name"] == "noop" and json.loads(calls[1]["arguments"]) == {}
    assert calls[0]["id"].startswith("call_")
    assert argument_deltas > 2
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


async def test_async_client_streaming(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("async stream")
    async with openai.AsyncOpenAI(base_url=openai_server.base_url, api_key="k", max_retries=0) as c:
        stream = await c.chat.completions.create(model="m", messages=USER, stream=True)
        text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
    assert text == "async stream"


async def test_chunk_delay_paces_the_stream() -> None:
    async with OpenAITestServer(replies=["one two three four"], chunk_delay=0.05) as server:
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0) as c:
            stream = await c.chat.completions.create(model="m", messages=USER, stream=True)
            arrivals: list[tuple[float, str]] = []
            async for chunk in stream:
                arrivals.append((time.perf_counter(), chunk.choices[0].delta.content or ""))
    assert "".join(text for _, text in arrivals) == "one two three four"
    assert len(arrivals) == 6  # role, four words, finish
    assert arrivals[-1][0] - arrivals[0][0] >= 4 * 0.05 * 0.9  # the chunks came one by one


def test_stop_cuts_a_slow_stream_short() -> None:
    server = OpenAITestServer(replies=["word " * 50], chunk_delay=30).start()
    try:
        with client(server, timeout=60) as c:
            stream = c.chat.completions.create(model="m", messages=USER, stream=True)
            first = next(iter(stream))
            assert first.choices[0].delta.role == "assistant"
            started = time.perf_counter()
            server.stop()
            assert time.perf_counter() - started < 5  # not 50 x 30 s
            rest = list(stream)  # the stream ends instead of hanging
            assert len(rest) < 50
    finally:
        server.stop()


def test_legacy_completions(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(" Paris.", "streamed legacy text")
    with client(openai_server) as c:
        response = c.completions.create(model="gpt-3.5-turbo-instruct", prompt="The capital of France is")
        chunks = list(c.completions.create(model="gpt-3.5-turbo-instruct", prompt="x", stream=True))
    assert response.object == "text_completion"
    assert response.choices[0].text == " Paris."
    assert response.usage is not None and response.usage.prompt_tokens > 0
    assert "".join(chunk.choices[0].text for chunk in chunks) == "streamed legacy text"
    assert openai_server.requests[0].path == "/v1/completions"


def test_models_list_and_retrieve(openai_server: OpenAITestServer) -> None:
    with client(openai_server) as c:
        ids = [model.id for model in c.models.list()]
        one = c.models.retrieve("gpt-4o")
        with pytest.raises(openai.NotFoundError):
            c.models.retrieve("no-such-model")
    assert "gpt-4o" in ids and "gpt-3.5-turbo" in ids
    assert one.id == "gpt-4o"


def test_azure_deployment_path(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("from azure")
    with openai.AzureOpenAI(
        azure_endpoint=openai_server.url, api_version="2024-02-01", api_key="azure-key", max_retries=0
    ) as c:
        response = c.chat.completions.create(model="my-deployment", messages=USER)
    assert response.choices[0].message.content == "from azure"
    recorded = openai_server.requests[-1]
    assert recorded.path == "/openai/deployments/my-deployment/chat/completions"
    assert recorded.query["api-version"] == "2024-02-01"
    assert recorded.headers["api-key"] == "***"


async def test_azure_async_client_completions_and_streaming(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("legacy via azure", "streamed via azure")
    async with openai.AsyncAzureOpenAI(
        azure_endpoint=openai_server.url, api_version="2024-02-01", api_key="azure-key", max_retries=0
    ) as c:
        legacy = await c.completions.create(model="instruct-deployment", prompt="Say something")
        stream = await c.chat.completions.create(model="chat-deployment", messages=USER, stream=True)
        text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices])
    assert legacy.choices[0].text == "legacy via azure"
    assert text == "streamed via azure"
    paths = [r.path for r in openai_server.requests]
    assert paths == [
        "/openai/deployments/instruct-deployment/completions",
        "/openai/deployments/chat-deployment/chat/completions",
    ]


def test_azure_without_api_version_is_a_400(openai_server: OpenAITestServer) -> None:
    import httpx

    response = httpx.post(
        openai_server.url + "/openai/deployments/d/chat/completions",
        json={"messages": USER},
        headers={"api-key": "k"},
    )
    assert response.status_code == 400 and "api-version" in response.json()["error"]["message"]


def test_azure_config_list_shape(openai_server: OpenAITestServer) -> None:
    (entry,) = openai_server.azure_config_list(model="gpt-35-turbo", api_version="2023-12-01-preview")
    assert entry["api_type"] == "azure" and entry["base_url"] == openai_server.url
    assert entry["api_version"] == "2023-12-01-preview" and entry["model"] == "gpt-35-turbo"
    (plain,) = openai_server.config_list(model="gpt-4", temperature=0)
    assert plain == {
        "model": "gpt-4",
        "base_url": openai_server.base_url,
        "api_key": openai_server.api_key,
        "temperature": 0,
    }


def test_missing_key_is_401_in_openai_shape(openai_server: OpenAITestServer) -> None:
    import httpx

    openai_server.enqueue("never sent")
    response = httpx.post(openai_server.base_url + "/chat/completions", json={"model": "m", "messages": USER})
    assert response.status_code == 401
    error = response.json()["error"]
    assert set(error) >= {"message", "type", "code"} and error["code"] == "invalid_api_key"
    assert openai_server.replies_left == 1  # a refused request does not use up a reply


def test_explicit_api_key_is_enforced() -> None:
    with OpenAITestServer(replies=["ok"], api_key="sk-right") as server:
        with openai.OpenAI(base_url=server.base_url, api_key="sk-wrong", max_retries=0) as c:
            with pytest.raises(openai.AuthenticationError):
                c.chat.completions.create(model="m", messages=USER)
        with openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0) as c:
            response = c.chat.completions.create(model="m", messages=USER)
        assert response.choices[0].message.content == "ok"


def test_recorded_requests_mask_the_key(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("ok")
    with client(openai_server) as c:
        c.chat.completions.create(model="gpt-4o", messages=USER, temperature=0.5)
    (recorded,) = openai_server.requests
    assert recorded.method == "POST" and recorded.path == "/v1/chat/completions"
    assert recorded.json["messages"] == USER and recorded.json["temperature"] == 0.5
    assert recorded.headers["authorization"] == "Bearer ***"
    assert "sk-test-key" not in repr(openai_server.requests)


def test_429_retry_after_is_honoured_by_sdk_retries(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.http(429, retry_after=0.05), "after the rate limit")
    with client(openai_server, max_retries=1) as c:
        response = c.chat.completions.create(model="m", messages=USER)
    assert response.choices[0].message.content == "after the rate limit"
    assert len(openai_server.requests) == 2


def test_429_surfaces_as_rate_limit_error_with_header(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.http(429, retry_after=7))
    with client(openai_server) as c:
        with pytest.raises(openai.RateLimitError) as info:
            c.chat.completions.create(model="m", messages=USER)
    assert info.value.response.headers["retry-after"] == "7"
    assert info.value.code == "rate_limit_exceeded"


def test_500_and_custom_body(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(
        Fault.http(500), Fault.http(400, body={"error": {"message": "bad tools", "type": "x"}})
    )
    with client(openai_server) as c:
        with pytest.raises(openai.InternalServerError):
            c.chat.completions.create(model="m", messages=USER)
        with pytest.raises(openai.BadRequestError, match="bad tools"):
            c.chat.completions.create(model="m", messages=USER)


def test_stall_becomes_an_sdk_timeout(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.stall(30))
    with client(openai_server, timeout=0.3) as c:
        with pytest.raises(openai.APITimeoutError):
            c.chat.completions.create(model="m", messages=USER)


async def test_stall_does_not_block_other_requests(openai_server: OpenAITestServer) -> None:
    arrived = threading.Event()

    def stall(request: dict[str, Any]) -> Fault:
        arrived.set()
        return Fault.stall(30)

    openai_server.enqueue(stall, "meanwhile")
    async with openai.AsyncOpenAI(
        base_url=openai_server.base_url, api_key="k", max_retries=0, timeout=10
    ) as c:
        stalled = asyncio.create_task(c.chat.completions.create(model="m", messages=USER))
        assert await asyncio.to_thread(arrived.wait, 5)
        response = await c.chat.completions.create(model="m", messages=USER)
        assert response.choices[0].message.content == "meanwhile"
        assert not stalled.done()
        stalled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stalled


def test_malformed_body_is_an_sdk_error(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.malformed())
    with client(openai_server) as c:
        with pytest.raises((json.JSONDecodeError, openai.APIError)):
            c.chat.completions.create(model="m", messages=USER)


def test_disconnect_is_an_api_connection_error(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.disconnect(), "the server still works")
    with client(openai_server) as c:
        with pytest.raises(openai.APIConnectionError):
            c.chat.completions.create(model="m", messages=USER)
        response = c.chat.completions.create(model="m", messages=USER)
    assert response.choices[0].message.content == "the server still works"


def test_disconnect_then_sdk_retry_succeeds(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.disconnect(), "second try")
    with client(openai_server, max_retries=1) as c:
        response = c.chat.completions.create(model="m", messages=USER)
    assert response.choices[0].message.content == "second try"
    assert len(openai_server.requests) == 2


def test_cut_stream_delivers_some_chunks_then_fails(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.cut("one two three four five", after_chunks=3), Fault.cut("x"), "intact")
    received: list[str | None] = []
    with client(openai_server) as c:
        with pytest.raises(openai.APIConnectionError):
            for chunk in c.chat.completions.create(model="m", messages=USER, stream=True):
                received.append(chunk.choices[0].delta.content)
        with pytest.raises(openai.APIConnectionError):  # not streaming: dropped before any answer
            c.chat.completions.create(model="m", messages=USER)
        response = c.chat.completions.create(model="m", messages=USER)
    assert received == ["", "one ", "two "]
    assert response.choices[0].message.content == "intact"


async def test_latency_is_concurrent() -> None:
    async with OpenAITestServer(responder=lambda request: "pong", latency=0.2) as server:
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0) as c:
            started = time.perf_counter()
            responses = await asyncio.gather(
                *(c.chat.completions.create(model="m", messages=USER) for _ in range(20))
            )
            elapsed = time.perf_counter() - started
    assert [r.choices[0].message.content for r in responses] == ["pong"] * 20
    assert elapsed >= 0.2
    assert elapsed < 2.0  # 20 sequential requests would take 4 s


def test_responder_and_callable_replies_see_the_request(openai_server: OpenAITestServer) -> None:
    def shout(request: dict[str, Any]) -> str:
        return str(request["messages"][-1]["content"]).upper()

    async def count(request: dict[str, Any]) -> dict[str, Any]:
        return {"content": f"{len(request['messages'])} messages"}

    openai_server.enqueue(shout)
    openai_server.responder = count
    with client(openai_server) as c:
        first = c.chat.completions.create(model="m", messages=USER)
        second = c.chat.completions.create(model="m", messages=USER * 3)
        third = c.chat.completions.create(model="m", messages=USER * 2)
    assert first.choices[0].message.content == "WHAT IS 2 + 2?"
    assert second.choices[0].message.content == "3 messages"
    assert third.choices[0].message.content == "2 messages"


def test_exhausted_script_is_a_clear_500_without_retries(openai_server: OpenAITestServer) -> None:
    with client(openai_server, max_retries=2) as c:
        with pytest.raises(openai.InternalServerError, match="no scripted reply left"):
            c.chat.completions.create(model="m", messages=USER)
    assert len(openai_server.requests) == 1  # x-should-retry: false


def test_broken_scripted_reply_is_reported(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue({"contents": "typo"}, lambda request: 42)
    with client(openai_server) as c:
        with pytest.raises(openai.InternalServerError, match="contents"):
            c.chat.completions.create(model="m", messages=USER)
        with pytest.raises(openai.InternalServerError, match="int"):
            c.chat.completions.create(model="m", messages=USER)


def test_missing_messages_is_a_400(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("unused")
    with client(openai_server) as c:
        with pytest.raises(openai.BadRequestError, match="messages"):
            c.post("/chat/completions", body={"model": "m"}, cast_to=object)
    assert openai_server.replies_left == 1


def test_enqueue_rejects_wrong_reply_types() -> None:
    server = OpenAITestServer()
    with pytest.raises(TypeError, match="scripted reply"):
        server.enqueue(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="latency"):
        OpenAITestServer(latency=-1)
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url


def test_reset_forgets_script_and_record(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("a")
    with client(openai_server) as c:
        c.models.list()
    openai_server.enqueue("b")
    openai_server.reset()
    assert openai_server.requests == [] and openai_server.replies_left == 0


def test_stop_is_quick_frees_the_port_and_leaves_no_thread() -> None:
    before = set(threading.enumerate())
    server = OpenAITestServer(replies=[Fault.stall(60)]).start()
    port = server.port
    with client(server, timeout=0.2) as c:
        with pytest.raises(openai.APITimeoutError):
            c.chat.completions.create(model="m", messages=USER)
        c.models.list()  # leaves a keep-alive connection open
    server.stop()
    server.stop()  # idempotent
    assert set(threading.enumerate()) <= before
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # the port is free again


def test_responses_are_not_held_back_by_nagle() -> None:
    # uvicorn writes headers and body separately; without TCP_NODELAY on the accepted sockets each
    # response waits for the client's delayed ACK (~40 ms), i.e. 0.4 s for these ten requests.
    body = json.dumps({"model": "m", "messages": USER}).encode()
    request = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer k\r\n"
        b"Content-Type: application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    with OpenAITestServer(responder=lambda request: "ok") as server:
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            started = time.perf_counter()
            for _ in range(10):
                sock.sendall(request)
                data = b""
                while not data.endswith(b"}}"):
                    data += sock.recv(65536)
            elapsed = time.perf_counter() - started
    assert elapsed < 0.3


def test_restart_after_stop() -> None:
    server = OpenAITestServer(responder=lambda request: "again")
    for _ in range(2):
        with server:
            with client(server) as c:
                response = c.chat.completions.create(model="m", messages=USER)
            assert response.choices[0].message.content == "again"


def test_session_server_is_reset_per_test(openai_server_session: OpenAITestServer) -> None:
    assert openai_server_session.requests == [] and openai_server_session.replies_left == 0
    openai_server_session.enqueue("shared")
    with client(openai_server_session) as c:
        response = c.chat.completions.create(model="m", messages=USER)
    assert response.choices[0].message.content == "shared"


def test_busy_port_is_reported_at_start() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = OpenAITestServer(port=taken.getsockname()[1])
        with pytest.raises(OSError):
            server.start()
        assert not server.running


def test_record_false_keeps_only_a_count() -> None:
    with OpenAITestServer(replies=["a"], record=False) as server:
        with client(server) as c:
            c.chat.completions.create(model="m", messages=USER)
            with pytest.raises(openai.InternalServerError, match="request #2"):
                c.chat.completions.create(model="m", messages=USER)
        assert server.requests == [] and server.request_count == 2
        server.reset()
        assert server.request_count == 0
