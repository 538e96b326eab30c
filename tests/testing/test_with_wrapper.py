"""The test doubles plugged into `OpenAIWrapper`, as users of the test kit will use them."""

from __future__ import annotations

from autogen.oai.client import OpenAIWrapper
from autogen.testing import Fault, OpenAITestServer, ScriptedModelClient

MESSAGES = [{"role": "user", "content": "2+2?"}]


def test_wrapper_with_registered_scripted_client() -> None:
    wrapper = OpenAIWrapper(
        config_list=[{"model": "scripted", "model_client_cls": "ScriptedModelClient"}], cache_seed=None
    )
    wrapper.register_model_client(ScriptedModelClient, replies=["4"])
    response = wrapper.create(messages=MESSAGES)
    assert OpenAIWrapper.extract_text_or_completion_object(response) == ["4"]


def test_wrapper_against_the_test_server_falls_back_past_a_failing_endpoint() -> None:
    with OpenAITestServer(replies=[Fault.http(500)]) as broken, OpenAITestServer(replies=["fine"]) as healthy:
        config_list = broken.config_list(max_retries=0) + healthy.config_list(max_retries=0)
        wrapper = OpenAIWrapper(config_list=config_list, cache_seed=None)
        response = wrapper.create(messages=MESSAGES)
        assert OpenAIWrapper.extract_text_or_completion_object(response) == ["fine"]
        assert len(broken.requests) == 1 and len(healthy.requests) == 1
        assert healthy.requests[0].json["messages"] == MESSAGES
