"""Prices, cost, usage summaries; the pieces behind them (cache key, templating) as units."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import pytest

from autogen import OpenAIWrapper
from autogen.exceptions import ConfigError
from autogen.oai import _prices
from autogen.oai._cache_key import cache_key
from autogen.oai._templating import instantiate, materialize
from autogen.oai._usage import add_usage
from autogen.testing import OpenAITestServer

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize(
    "model",
    [
        "gpt-4",
        "gpt-4-32k",
        "gpt-4-0613",
        "gpt-4-1106-preview",
        "gpt-35-turbo",
        "gpt-35-turbo-16k",
        "gpt-3.5-turbo",
        "gpt-3.5-turbo-0613",
        "gpt-3.5-turbo-instruct",
        "text-davinci-003",
        "gpt-4o",
        "gpt-4o-mini",
        "gpt-4o-2024-08-06",
        "gpt-4.1",
        "gpt-4.1-mini",
        "o1",
        "o3",
        "o3-mini",
        "o4-mini",
        "gpt-5",
        "gpt-5-mini",
        "gpt-4o-mini-2099-12-31",
    ],
)
def test_price_table_covers_then_and_now(model: str) -> None:
    assert _prices.lookup_price(model) is not None


def test_cost_arithmetic() -> None:
    assert _prices.cost_of("gpt-4", 1000, 1000) == pytest.approx(0.03 + 0.06)
    assert _prices.cost_of("anything", 1000, 500, price=[0.001, 0.002]) == pytest.approx(0.002)


def test_unknown_model_costs_none_with_one_warning(openai_server: OpenAITestServer, caplog: Any) -> None:
    openai_server.responder = lambda request: "hello"
    client = OpenAIWrapper(
        config_list=openai_server.config_list(model="my-local-llm-unknown"), cache_seed=None
    )
    with caplog.at_level(logging.WARNING, logger="autogen.oai"):
        first = client.create(messages=MESSAGES)
        second = client.create(messages=[{"role": "user", "content": "again"}])
    assert first.cost is None and second.cost is None
    warnings = [r for r in caplog.records if "my-local-llm-unknown" in r.getMessage()]
    assert len(warnings) == 1
    summary = client.total_usage_summary
    assert summary is not None
    assert summary["my-local-llm-unknown"]["cost"] is None
    assert summary["my-local-llm-unknown"]["total_tokens"] > 0
    assert summary["total_cost"] == 0.0


def test_price_in_config_entry(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("hello")
    client = OpenAIWrapper(
        config_list=openai_server.config_list(model="my-priced-llm", price=[1.0, 2.0]), cache_seed=None
    )
    response = client.create(messages=MESSAGES)
    usage = response.usage
    assert response.cost == pytest.approx((usage.prompt_tokens * 1.0 + usage.completion_tokens * 2.0) / 1000)
    assert "price" not in openai_server.requests[0].json


def test_summary_with_known_and_unknown_models(output: Any) -> None:
    summary = None
    summary = add_usage(
        summary,
        {"model": "gpt-4", "cost": 0.5, "prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    )
    summary = add_usage(
        summary,
        {"model": "mystery", "cost": None, "prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    )
    summary = add_usage(
        summary,
        {"model": "gpt-4", "cost": 0.25, "prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    )
    assert summary == {
        "total_cost": 0.75,
        "gpt-4": {"cost": 0.75, "prompt_tokens": 11, "completion_tokens": 6, "total_tokens": 17},
        "mystery": {"cost": None, "prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    client = OpenAIWrapper(config_list=[{"model": "x"}], cache_seed=None)
    client._usage.total = client._usage.actual = summary
    client.print_usage_summary(mode="actual")
    assert "* Model 'mystery': cost: unknown" in output.text


def test_cache_key_covers_request_and_route_but_not_key() -> None:
    params = {"messages": MESSAGES, "model": "gpt-4o", "temperature": 0}
    route = {"model": "gpt-4o", "base_url": "http://a/v1", "api_key": "sk-one"}
    key = cache_key(params, route)
    assert cache_key(params, {**route, "api_key": "sk-two"}) == key
    assert cache_key(params, {**route, "base_url": "http://b/v1"}) != key
    assert cache_key(params, {**route, "api_type": "azure"}) != key
    assert cache_key({**params, "model": "gpt-4o-mini"}, route) != key
    assert cache_key({**params, "temperature": 1}, route) != key
    assert cache_key({**params, "tools": [{"type": "function"}]}, route) != key
    assert cache_key({**params, "timeout": 5}, route) == key
    assert "sk-one" not in key


def test_templates_unit() -> None:
    assert instantiate("{x}!", {"x": 1}) == "{x}!"
    assert instantiate("{x}!", {"x": 1}, allow_format_str_template=True) == "1!"
    assert instantiate(lambda ctx: ctx["x"] * 2, {"x": 2}) == 4
    assert instantiate(partial(lambda turn, context: context[turn], turn="a"), {"a": "A"}) == "A"
    with pytest.raises(ConfigError, match="context keys are"):
        instantiate("{missing}", {"x": 1}, allow_format_str_template=True)
    params = {"messages": [{"role": "user", "content": lambda ctx: "hi"}]}
    assert materialize(params, {"x": 1}, False)["messages"] == [{"role": "user", "content": "hi"}]
    plain = {"messages": MESSAGES}
    assert materialize(plain, None, False) is plain  # nothing to fill: nothing copied
