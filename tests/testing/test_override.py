"""`override_llm` and `SchemaModelClient`: swap an agent's model for a block; exercise every tool."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from autogen import AssistantAgent, OpenAIWrapper, UserProxyAgent, register_function
from autogen.exceptions import ScriptError
from autogen.testing import SchemaModelClient, ScriptedModelClient, override_llm

SCRIPTED = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]


def assistant() -> AssistantAgent:
    agent = AssistantAgent("assistant", llm_config={"config_list": SCRIPTED, "cache_seed": None})
    agent.register_model_client(ScriptedModelClient, replies=["own model TERMINATE"])
    return agent


def user() -> UserProxyAgent:
    return UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)


def test_override_swaps_for_the_block_and_restores() -> None:
    a, u = assistant(), user()
    own = a.client
    with override_llm(a, ["from the double TERMINATE"]) as double:
        result = u.initiate_chat(a, message="hi", max_turns=1, silent=True)
    assert result.chat_history[-1]["content"] == "from the double TERMINATE"
    assert double.request_count == 1 and a.client is own
    result = u.initiate_chat(a, message="hi", max_turns=1, silent=True)
    assert result.chat_history[-1]["content"] == "own model TERMINATE"


def test_override_restores_when_the_block_raises() -> None:
    a = assistant()
    routes = a.client._routes  # type: ignore[union-attr]
    with pytest.raises(RuntimeError), override_llm(a, ["x"]):
        raise RuntimeError("boom")
    assert a.client._routes is routes  # type: ignore[union-attr]


async def test_override_in_async_code_and_on_a_wrapper() -> None:
    a, u = assistant(), user()
    with override_llm(a, ScriptedModelClient(replies=["async double TERMINATE"])):
        result = await u.a_initiate_chat(a, message="hi", max_turns=1, silent=True)
    assert result.chat_history[-1]["content"] == "async double TERMINATE"
    wrapper = OpenAIWrapper(config_list=SCRIPTED, cache_seed=None)
    with override_llm(wrapper, ["wrapped"]):
        response = await wrapper.a_create(messages=[{"role": "user", "content": "q"}])
    assert wrapper.extract_text_or_completion_object(response) == ["wrapped"]


def test_override_gives_an_agent_without_llm_a_model_for_the_block() -> None:
    bare, u = AssistantAgent("bare", llm_config=False), user()
    with override_llm(bare, ["now I can talk TERMINATE"]):
        result = u.initiate_chat(bare, message="hi", max_turns=1, silent=True)
    assert result.chat_history[-1]["content"] == "now I can talk TERMINATE"
    assert bare.client is None


def test_override_refuses_what_is_no_model() -> None:
    with pytest.raises(ScriptError, match="ModelClient"), override_llm(assistant(), 42):
        pass


class Unit(enum.Enum):
    C = "celsius"
    F = "fahrenheit"


class Place(BaseModel):
    city: str
    country: str = "NL"


def test_schema_model_exercises_every_registered_tool() -> None:
    a, u = assistant(), user()
    seen: dict[str, Any] = {}

    def weather(place: Place, unit: Unit, days: Annotated[int, "how many days"] = 1) -> str:
        seen["weather"] = (place, unit, days)
        return f"sunny in {place.city}"

    def total(values: list[float], rounded: bool) -> float:
        seen["total"] = (values, rounded)
        return sum(values)

    register_function(weather, caller=a, executor=u, description="the weather")
    register_function(total, caller=a, executor=u, description="a sum")
    with override_llm(a, SchemaModelClient()) as model:
        result = u.initiate_chat(a, message="use your tools", silent=True)
    assert {name for name, _ in model.calls} == {"weather", "total"}
    place, unit, days = seen["weather"]
    assert isinstance(place, Place) and place.city == "text" and unit is Unit.C and days == 1
    assert seen["total"] == ([1.5], True)
    tool_message = next(m for m in result.chat_history if m.get("tool_responses"))
    assert "sunny in text" in tool_message["content"] and "Error" not in tool_message["content"]
    assert result.chat_history[-1]["content"] == "TERMINATE"
