"""The lean network layer under the SDK for plain-http endpoints: when it is used, and that it behaves."""

from __future__ import annotations

import pytest

from autogen import OpenAIWrapper
from autogen._bridge import run_sync
from autogen.oai._transport import lean_http_client
from autogen.testing import Fault, OpenAITestServer


def test_used_for_plain_http_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert lean_http_client("https://api.openai.com/v1") is None
    client = lean_http_client("http://127.0.0.1:8000/v1")
    assert client is not None
    run_sync(client.aclose())
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    assert lean_http_client("http://127.0.0.1:8000/v1") is None  # proxies keep the default stack


def test_keep_alive_connection_is_reused_and_recovers(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("one", "two", Fault.disconnect(), "four")
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=1), cache_seed=None)
    messages = [{"role": "user", "content": "hi"}]
    assert client.create(messages=messages).choices[0].message.content == "one"
    assert client.create(messages=messages).choices[0].message.content == "two"
    # the dropped connection is retried by the SDK on a fresh one
    assert client.create(messages=messages).choices[0].message.content == "four"
    assert len(openai_server.requests) == 4


def test_idle_connection_closed_by_the_server_is_not_reused() -> None:
    messages = [{"role": "user", "content": "hi"}]
    with OpenAITestServer(replies=["first"]) as first:
        port, key = first.port, first.api_key
        client = OpenAIWrapper(config_list=first.config_list(max_retries=0), cache_seed=None)
        assert client.create(messages=messages).choices[0].message.content == "first"
    with OpenAITestServer(replies=["second"], port=port, api_key=key):
        # max_retries=0: this works only if the dead keep-alive connection is noticed and replaced
        assert client.create(messages=messages).choices[0].message.content == "second"
