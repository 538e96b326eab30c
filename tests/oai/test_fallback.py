"""Endpoint failures: retries, moving on to the next config, and the error when none is left."""

from __future__ import annotations

import time
from typing import Any

import pytest

from autogen import OpenAIWrapper
from autogen.exceptions import AllConfigsFailedError, ConfigError
from autogen.testing import Fault, OpenAITestServer

MESSAGES = [{"role": "user", "content": "hi"}]


def test_429_with_retry_after_is_retried_after_the_given_delay(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.http(429, retry_after=1), "after the wait")
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=1), cache_seed=None)
    start = time.monotonic()
    response = client.create(messages=MESSAGES)
    waited = time.monotonic() - start
    assert response.choices[0].message.content == "after the wait"
    assert len(openai_server.requests) == 2
    # the SDK's own backoff for a first retry is at most 0.5 s: waiting 1 s means Retry-After was honoured
    assert waited >= 1.0


def test_max_retries_per_call_override(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.http(503))
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0), cache_seed=None)
    with pytest.raises(AllConfigsFailedError):
        client.create(messages=MESSAGES)
    assert len(openai_server.requests) == 1
    openai_server.enqueue(Fault.http(503, retry_after=0.01), "second time")
    response = client.create(messages=MESSAGES, max_retries=1)  # create() may override per call
    assert response.choices[0].message.content == "second time"


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_non_retryable_errors_move_straight_on(openai_server: OpenAITestServer, status: int) -> None:
    with OpenAITestServer(replies=["fallback answer"]) as second:
        openai_server.enqueue(Fault.http(status))
        client = OpenAIWrapper(
            config_list=[*openai_server.config_list(max_retries=5), *second.config_list()], cache_seed=None
        )
        response = client.create(messages=MESSAGES)
        assert response.config_id == 1
        assert len(openai_server.requests) == 1


def test_timeout_stall_moves_to_next_config(openai_server: OpenAITestServer) -> None:
    with OpenAITestServer(replies=["quick answer"]) as second:
        openai_server.enqueue(Fault.stall(30))
        client = OpenAIWrapper(
            config_list=[*openai_server.config_list(timeout=0.3, max_retries=0), *second.config_list()],
            cache_seed=None,
        )
        response = client.create(messages=MESSAGES)
        assert response.config_id == 1
        assert response.choices[0].message.content == "quick answer"


def test_timeout_per_call(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.stall(30))
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0), cache_seed=None)
    with pytest.raises(AllConfigsFailedError, match="APITimeoutError"):
        client.create(messages=MESSAGES, timeout=0.3)


def test_malformed_json_moves_to_next_config(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.malformed(), "well-formed")
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0) * 2, cache_seed=7)
    response = client.create(messages=MESSAGES)
    assert response.config_id == 1
    assert response.choices[0].message.content == "well-formed"


def test_dropped_connection_moves_to_next_config(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.disconnect(), "still here")
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0) * 2, cache_seed=None)
    assert client.create(messages=MESSAGES).config_id == 1


def test_all_fail_names_every_config_without_keys(openai_server: OpenAITestServer) -> None:
    secret = "sk-proj-" + "S3cr3tValue" * 4
    azure_key = "0123456789abcdef0123456789abcdef"
    openai_server.enqueue(Fault.http(500), Fault.http(401))
    config_list = [
        {"model": "gpt-4", "base_url": openai_server.base_url, "api_key": secret, "max_retries": 0},
        {
            "model": "gpt-35-turbo",
            "base_url": openai_server.url,
            "api_type": "azure",
            "api_version": "2024-02-01",
            "api_key": azure_key,
            "max_retries": 0,
        },
    ]
    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    with pytest.raises(AllConfigsFailedError) as caught:
        client.create(messages=MESSAGES)
    text = str(caught.value)
    assert "config 0 (model='gpt-4'" in text and "config 1 (model='gpt-35-turbo'" in text
    assert openai_server.base_url in text and "HTTP 500" in text and "HTTP 401" in text
    assert "S3cr3tValue" not in text and azure_key not in text
    assert [index for index, _ in caught.value.errors] == [0, 1]


def test_errors_are_not_cached(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Fault.http(500), "recovered")
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0), cache_seed=5)
    with pytest.raises(AllConfigsFailedError):
        client.create(messages=MESSAGES)
    assert client.create(messages=MESSAGES).choices[0].message.content == "recovered"
    assert len(openai_server.requests) == 2


def test_filtered_answer_survives_later_failures(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("rejected but real", Fault.http(500))
    client = OpenAIWrapper(config_list=openai_server.config_list(max_retries=0) * 2, cache_seed=None)
    response = client.create(messages=MESSAGES, filter_func=lambda context, response: False)
    assert response.choices[0].message.content == "rejected but real"
    assert response.pass_filter is False and response.config_id == 0


def test_bad_arguments_are_clear_errors(openai_server: OpenAITestServer) -> None:
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    with pytest.raises(ConfigError, match="either messages"):
        client.create(model="gpt-4o")
    with pytest.raises(ConfigError, match="api_key"):
        client.create(messages=MESSAGES, api_key="sk-should-not-be-here")
    with pytest.raises(ConfigError, match=r"config_list\[1\] has api_type='vertex'"):
        OpenAIWrapper(config_list=[{"model": "a"}, {"model": "b", "api_type": "vertex"}])
    with pytest.raises(ConfigError, match="no 'model'"):
        OpenAIWrapper(base_url=openai_server.base_url, api_key="sk-x", cache_seed=None).create(
            messages=MESSAGES
        )
    assert openai_server.requests == []


def test_cache_failure_never_crashes(openai_server: OpenAITestServer, caplog: Any) -> None:
    class BrokenCache:
        def get(self, key: str, default: Any = None) -> Any:
            raise OSError("disk on fire")

        def set(self, key: str, value: Any) -> None:
            raise OSError("disk on fire")

        def close(self) -> None:
            pass

    openai_server.enqueue("a", "b")
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    with caplog.at_level("WARNING", logger="autogen.oai"):
        assert client.create(messages=MESSAGES, cache=BrokenCache()).choices[0].message.content == "a"
        assert client.create(messages=MESSAGES, cache=BrokenCache()).choices[0].message.content == "b"
    warnings = [r for r in caplog.records if "cache" in r.getMessage()]
    assert len(warnings) == 1


def test_unusable_azure_entry_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_VERSION", raising=False)
    entry = {
        "model": "gpt-4",
        "api_type": "azure",
        "base_url": "http://127.0.0.1:9",
        "api_key": "sk-azure-secret-9999",
    }
    client = OpenAIWrapper(config_list=[entry], cache_seed=None)
    with pytest.raises(ConfigError, match="api_version") as caught:
        client.create(messages=MESSAGES)
    assert "model='gpt-4'" in str(caught.value) and "secret" not in str(caught.value)


def test_reprs_hold_no_keys(openai_server: OpenAITestServer) -> None:
    client = OpenAIWrapper(config_list=openai_server.config_list(model="gpt-4"), cache_seed=None)
    text = repr(client) + repr(client._routes)
    assert "model='gpt-4'" in text and openai_server.base_url in text
    assert openai_server.api_key not in text


@pytest.mark.parametrize("old, new", [("api_base", "base_url"), ("request_timeout", "timeout")])
def test_pre_v02_setting_names_are_explained(old: str, new: str) -> None:
    with pytest.raises(ConfigError, match=rf"config_list\[0\] has '{old}'.*'{new}'"):
        OpenAIWrapper(config_list=[{"model": "gpt-4", old: "x"}])


def test_unreachable_endpoint_moves_to_next_config(openai_server: OpenAITestServer) -> None:
    with OpenAITestServer() as gone:
        dead = gone.config_list(max_retries=0)
    openai_server.enqueue("the live one")
    client = OpenAIWrapper(config_list=[*dead, *openai_server.config_list()], cache_seed=None)
    response = client.create(messages=MESSAGES)
    assert response.config_id == 1 and response.choices[0].message.content == "the live one"
