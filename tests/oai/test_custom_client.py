"""Custom model clients (`model_client_cls` + `register_model_client`) and the async entry point."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace
from typing import Any

import pytest

from autogen import OpenAIWrapper
from autogen.exceptions import ConfigError, ModelClientNotRegisteredError
from autogen.oai._pools import SHARDS
from autogen.testing import Fault, OpenAITestServer, ScriptedModelClient

MESSAGES = [{"role": "user", "content": "hi"}]


class EchoClient:
    """A v0.2-style custom client: sync `create`, plain objects for responses."""

    RESPONSE_USAGE_KEYS = ["prompt_tokens", "completion_tokens", "total_tokens", "cost", "model"]

    def __init__(self, config: dict[str, Any], prefix: str = "") -> None:
        self.config = config
        self.prefix = prefix
        self.threads: list[str] = []

    def create(self, params: dict[str, Any]) -> Any:
        self.threads.append(threading.current_thread().name)
        text = self.prefix + params["messages"][-1]["content"]
        message = SimpleNamespace(content=text, tool_calls=None, function_call=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], model=params["model"])

    def message_retrieval(self, response: Any) -> list[str]:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: Any) -> float:
        return 0.5

    @staticmethod
    def get_usage(response: Any) -> dict[str, Any]:
        return {
            "prompt_tokens": 1,
            "completion_tokens": 2,
            "total_tokens": 3,
            "cost": response.cost,
            "model": response.model,
        }


def test_register_before_create(caplog: Any) -> None:
    client = OpenAIWrapper(
        config_list=[{"model": "echo-1", "model_client_cls": "EchoClient", "device": "cpu"}], cache_seed=None
    )
    client.register_model_client(EchoClient, prefix="echo: ")
    response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["echo: hi"]
    assert response.cost == 0.5 and response.config_id == 0
    assert client.total_usage_summary == {
        "total_cost": 0.5,
        "echo-1": {"cost": 0.5, "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
    }
    echo = client._clients[0]
    assert isinstance(echo, EchoClient) and echo.config["device"] == "cpu"
    assert echo.threads and echo.threads[0] != "autogen-bridge"  # sync create runs off the event loop


def test_create_before_register_names_the_class() -> None:
    client = OpenAIWrapper(
        config_list=[{"model": "echo-1", "model_client_cls": "EchoClient"}], cache_seed=None
    )
    with pytest.raises(ModelClientNotRegisteredError, match="EchoClient"):
        client.create(messages=MESSAGES)


def test_registering_a_class_no_config_names() -> None:
    client = OpenAIWrapper(
        config_list=[{"model": "echo-1", "model_client_cls": "EchoClient"}], cache_seed=None
    )
    with pytest.raises(ConfigError, match="ScriptedModelClient"):
        client.register_model_client(ScriptedModelClient)


def test_custom_client_falls_back_to_openai(openai_server: OpenAITestServer) -> None:
    config_list = [
        {"model": "scripted", "model_client_cls": "ScriptedModelClient"},
        *openai_server.config_list(),
    ]
    openai_server.enqueue("from the server")
    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    client.register_model_client(ScriptedModelClient, replies=[Fault.http(500)])
    response = client.create(messages=MESSAGES)
    assert response.config_id == 1
    assert response.choices[0].message.content == "from the server"


def test_scripted_client_is_cached(tmp_path: Any) -> None:
    client = OpenAIWrapper(
        config_list=[{"model": "scripted", "model_client_cls": "ScriptedModelClient"}], cache_seed=3
    )
    client.register_model_client(ScriptedModelClient, replies=["only once"])
    assert client.extract_text_or_completion_object(client.create(messages=MESSAGES)) == ["only once"]
    assert client.extract_text_or_completion_object(client.create(messages=MESSAGES)) == ["only once"]
    assert client.actual_usage_summary is not None and client.total_usage_summary is not None
    assert (
        client.total_usage_summary["scripted"]["total_tokens"]
        == 2 * client.actual_usage_summary["scripted"]["total_tokens"]
    )


async def test_a_create_on_the_callers_loop(openai_server: OpenAITestServer) -> None:
    openai_server.responder = lambda request: "async " + request["messages"][-1]["content"]
    client = OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None)
    answers = await asyncio.gather(
        *(client.a_create(messages=[{"role": "user", "content": str(i)}]) for i in range(5))
    )
    assert [a.choices[0].message.content for a in answers] == [f"async {i}" for i in range(5)]
    # a wrapper keeps its pool; wrappers of one endpoint share a bounded set of pools on a loop
    pool = await client._clients[0]._sdk()
    assert await client._clients[0]._sdk() is pool
    others = [
        OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None) for _ in range(2 * SHARDS)
    ]
    pools = {id(await other._clients[0]._sdk()) for other in others}
    assert len(pools) == SHARDS
    assert id(pool) in pools
    elsewhere = OpenAIWrapper(config_list=openai_server.config_list(model="gpt-4o", api_key="sk-other-key"))
    assert id(await elsewhere._clients[0]._sdk()) not in pools


def test_sync_calls_share_the_bridge_loop_pools(openai_server: OpenAITestServer) -> None:
    from autogen._bridge import run_sync

    openai_server.responder = lambda request: "ok"
    wrappers = [
        OpenAIWrapper(config_list=openai_server.config_list(), cache_seed=None) for _ in range(SHARDS + 1)
    ]
    for wrapper in wrappers:
        wrapper.create(messages=MESSAGES)
    pools = [run_sync(wrapper._clients[0]._sdk()) for wrapper in wrappers]
    assert pools[0] is pools[SHARDS]  # round robin: the 17th wrapper is back on the first pool
    assert len({id(pool) for pool in pools}) == SHARDS
