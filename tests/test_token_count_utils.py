"""Token counting is exact (shipped BPE files) and never touches the network."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest

from autogen.exceptions import ConfigError, UnknownModelError
from autogen.token_count_utils import (
    _get_encoding,
    count_token,
    get_max_token_limit,
    num_tokens_from_functions,
    percentile_used,
    token_left,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection (e.g. tiktoken downloading a file) fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("token counting tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_known_token_ids_cl100k() -> None:
    # reference ids published with tiktoken for cl100k_base
    assert _get_encoding("cl100k_base").encode("tiktoken is great!") == [83, 1609, 5963, 374, 2294, 0]


def test_known_token_ids_o200k() -> None:
    assert _get_encoding("o200k_base").encode("hello world") == [24912, 2375]


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        ("hello world", "gpt-3.5-turbo-0613", 2),
        ("hello world", "gpt-4", 2),
        ("hello world", "gpt-4o", 2),
        ("tiktoken is great!", "gpt-4", 6),
        ("", "gpt-4", 0),
    ],
)
def test_count_text(text: str, model: str, expected: int) -> None:
    assert count_token(text, model) == expected


def test_encodings_differ_where_they_should() -> None:
    text = "Bonjour à tous, ¿qué tal? 你好世界"
    assert count_token(text, "gpt-4") != count_token(text, "gpt-4o")


def test_special_token_markers_count_as_text() -> None:
    # counted as plain text, never raising like tiktoken's default encode() would
    assert count_token("<|endoftext|>", "gpt-4") > 1


def test_message_overhead() -> None:
    message = {"role": "user", "content": "hello world"}
    # 3 per message + "user" (1) + "hello world" (2) + 3 priming the reply
    assert count_token([message]) == 9
    assert count_token(message) == 9  # a single dict is one message
    assert count_token([message, message]) == 15


def test_name_and_none_fields() -> None:
    base = {"role": "user", "content": "hello world"}
    # "name" costs its tokens plus one; None values cost nothing
    assert count_token([{**base, "name": "bob"}]) == count_token([base]) + 1 + 1
    assert count_token([{**base, "function_call": None}]) == count_token([base])


def test_gpt35_0301_accounting() -> None:
    msg = {"role": "user", "content": "hello world", "name": "bob"}
    # 4 per message, name -1 instead of +1
    assert count_token([msg], "gpt-3.5-turbo-0301") == count_token([msg], "gpt-3.5-turbo-0613") + 1 - 2


def test_non_string_values_are_counted_as_json() -> None:
    call = {"name": "f", "arguments": '{"x": 1}'}
    with_call = {"role": "assistant", "content": None, "function_call": call}
    assert count_token([with_call]) > count_token([{"role": "assistant", "content": None}])


def test_multimodal_content_parts() -> None:
    parts = [{"type": "text", "text": "hello world"}, {"type": "image_url", "image_url": {"url": "x"}}]
    assert count_token([{"role": "user", "content": parts}]) == 9 + 85


def test_bad_input_type() -> None:
    with pytest.raises(TypeError, match="count_token takes"):
        count_token(42)  # type: ignore[arg-type]


def test_unknown_model_is_estimated_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="autogen.token_count_utils"):
        assert count_token("hello world", "my-local-llama-xyz") == 2
        assert count_token("hello world again", "my-local-llama-xyz") == 3
    assert len([r for r in caplog.records if "my-local-llama-xyz" in r.getMessage()]) == 1


@pytest.mark.parametrize(
    ("model", "limit"),
    [
        ("gpt-3.5-turbo-0613", 4096),
        ("gpt-3.5-turbo-16k", 16385),
        ("gpt-35-turbo-16k", 16385),  # Azure spelling
        ("gpt4", 8192),
        ("gpt-4-32k", 32768),
        ("gpt-4-1106-preview", 128000),
        ("gpt-4o", 128000),
        ("gpt-4o-2024-08-06", 128000),  # dated snapshot
        ("gpt-4o-mini", 128000),
        ("ft:gpt-4o-mini-2024-07-18:acme::abc123", 128000),  # fine-tune id
        ("gpt-4.1", 1047576),
        ("o1", 200000),
        ("o3-mini", 200000),
    ],
)
def test_max_token_limit(model: str, limit: int) -> None:
    assert get_max_token_limit(model) == limit


def test_unknown_limit_is_a_key_error_with_a_message() -> None:
    with pytest.raises(KeyError) as info:
        get_max_token_limit("llama-2-7b")
    assert isinstance(info.value, UnknownModelError)
    assert isinstance(info.value, ConfigError)
    assert str(info.value).startswith("no context-window size is known for model 'llama-2-7b'")


def test_percentile_used_and_token_left() -> None:
    messages = [{"role": "user", "content": "hello world"}]
    assert percentile_used(messages, "gpt-4") == pytest.approx(9 / 8192)
    assert token_left(messages, "gpt-4") == 8192 - 9
    assert token_left("hello world", "gpt-4o") == 128000 - 2


def test_num_tokens_from_functions() -> None:
    function = {
        "name": "get_weather",
        "description": "Get the weather",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "The city"},
                "unit": {"type": "string", "enum": ["c", "f"]},
            },
        },
    }
    # name 3 + description 3 - 2; city: 1 + (2+1) + (2+2); unit: 1 + (2+1) + (-3 + 3+1 + 3+1); +11; +12
    assert num_tokens_from_functions([function], "gpt-4") == 4 + 7 + 9 + 11 + 12
    # the tools format counts the same
    assert num_tokens_from_functions([{"type": "function", "function": function}], "gpt-4") == 43
    no_params = {"name": "ping", "description": "", "parameters": {"type": "object", "properties": {}}}
    assert num_tokens_from_functions([no_params], "gpt-4") == 1 + 0 - 2 + 11 - 2 + 12
