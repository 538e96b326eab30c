"""Registering tools: the caller's `llm_config` and client, the executor's `function_map`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel

from autogen.agentchat import _tool_registration as reg
from autogen.agentchat.replies.tool_calls import a_generate_tool_calls_reply
from autogen.agentchat.reply_context import ReplyContext
from autogen.exceptions import FunctionSchemaError, NoLLMConfigError, ToolRegistrationError
from autogen.io.base import IOStream
from autogen.oai.client import OpenAIWrapper
from autogen.testing import OpenAITestServer

CurrencySymbol = Literal["USD", "EUR"]


class Agent:
    """The public attributes the registration functions use, and the v0.2 methods as one-liners."""

    def __init__(self, name: str, llm_config: dict[str, Any] | Literal[False]) -> None:
        self.name = name
        self.llm_config = llm_config
        self.client: OpenAIWrapper | None = None
        self.function_map: dict[str, Callable[..., Any]] = {}
        self.chat_messages: dict[Any, list[dict[str, Any]]] = {}

    def reply_context(self, sender: Any, messages: Any = None, config: Any = None) -> ReplyContext:
        return ReplyContext(
            agent=self,  # type: ignore[arg-type]
            sender=sender,
            messages=self.chat_messages.get(sender, []) if messages is None else messages,
            chat_messages=self.chat_messages,
            function_map=self.function_map,
        )

    def register_function(self, function_map: dict[str, Callable[..., Any] | None]) -> None:
        for name, func in function_map.items():
            if func is None:
                self.function_map.pop(name, None)
            else:
                self.function_map[name] = func

    def register_for_llm(self, **kwargs: Any) -> Callable[[Any], Any]:
        return reg.register_for_llm(self, **kwargs)

    def register_for_execution(self, name: str | None = None) -> Callable[[Any], Any]:
        return reg.register_for_execution(self, name)


class Quiet:
    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        pass

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


def llm_config(**extra: Any) -> dict[str, Any]:
    return {"config_list": [{"model": "gpt-4o", "api_key": "sk-test-key"}], "cache_seed": None, **extra}


def make_calculator() -> Callable[..., str]:
    """A fresh function per test: registration remembers name and description on the function."""

    def currency_calculator(
        base_amount: Annotated[float, "Amount of currency in base_currency"],
        base_currency: Annotated[CurrencySymbol, "Base currency"] = "USD",
        quote_currency: Annotated[CurrencySymbol, "Quote currency"] = "EUR",
    ) -> str:
        return f"{base_amount} {base_currency}->{quote_currency}"

    return currency_calculator


def test_register_for_llm_adds_the_tool_schema_and_rebuilds_the_client() -> None:
    currency_calculator = make_calculator()
    assistant = Agent("assistant", llm_config())
    decorated = reg.register_for_llm(assistant, description="Currency exchange calculator.")(
        currency_calculator
    )
    assert decorated is currency_calculator
    assert isinstance(assistant.llm_config, dict)
    (tool,) = assistant.llm_config["tools"]
    assert tool["type"] == "function"
    assert tool["function"]["name"] == "currency_calculator"
    assert tool["function"]["description"] == "Currency exchange calculator."
    assert tool["function"]["parameters"]["required"] == ["base_amount"]
    assert isinstance(assistant.client, OpenAIWrapper)
    assert assistant.function_map == {}  # offering a tool is not running it


def test_name_and_api_style_function_use_the_legacy_functions_list() -> None:
    currency_calculator = make_calculator()
    assistant = Agent("assistant", llm_config())
    reg.register_for_llm(assistant, name="convert", description="d", api_style="function")(
        currency_calculator
    )
    assert isinstance(assistant.llm_config, dict)
    assert "tools" not in assistant.llm_config
    (function,) = assistant.llm_config["functions"]
    assert function["name"] == "convert" and "parameters" in function


def test_stacked_decorators_share_name_and_description() -> None:
    assistant, user = Agent("assistant", llm_config()), Agent("user", False)

    @reg.register_for_execution(user)
    @reg.register_for_llm(assistant, name="fx", description="Convert money.")
    def calc(amount: float) -> float:
        return amount * 2

    assert isinstance(assistant.llm_config, dict)
    assert assistant.llm_config["tools"][0]["function"]["name"] == "fx"
    assert set(user.function_map) == {"fx"}
    assert user.function_map["fx"]._origin is calc  # type: ignore[attr-defined]
    assert user.function_map["fx"](amount=2) == "4"  # the stored function returns text


def test_description_falls_back_to_the_docstring_then_is_required() -> None:
    assistant = Agent("assistant", llm_config())

    def documented(x: int) -> int:
        """Double a number."""
        return 2 * x

    def undocumented(x: int) -> int:
        return x

    reg.register_for_llm(assistant)(documented)
    assert isinstance(assistant.llm_config, dict)
    assert assistant.llm_config["tools"][0]["function"]["description"] == "Double a number."
    with pytest.raises(ToolRegistrationError, match="'undocumented' needs a description"):
        reg.register_for_llm(assistant)(undocumented)


def test_agent_without_llm_cannot_offer_tools() -> None:
    currency_calculator = make_calculator()
    user = Agent("user_proxy", False)
    with pytest.raises(NoLLMConfigError, match="agent 'user_proxy' has no LLM") as info:
        reg.register_for_llm(user, description="d")(currency_calculator)
    assert isinstance(info.value, AssertionError)  # v0.2 raised AssertionError
    with pytest.raises(NoLLMConfigError):
        reg.update_tool_signature(user, "currency_calculator", is_remove=True)


def test_invalid_names_and_api_style_are_refused() -> None:
    currency_calculator = make_calculator()
    assistant = Agent("assistant", llm_config())
    with pytest.raises(ToolRegistrationError, match="Invalid name: bad name"):
        reg.register_for_llm(assistant, name="bad name", description="d")(currency_calculator)
    with pytest.raises(ToolRegistrationError, match="less than 64"):
        reg.register_for_llm(assistant, name="x" * 65, description="d")(currency_calculator)
    with pytest.raises(ToolRegistrationError, match="Unsupported API style"):
        reg.register_for_llm(assistant, description="d", api_style="rest")  # type: ignore[arg-type]


def test_unannotated_function_is_refused_at_registration() -> None:
    assistant = Agent("assistant", llm_config())

    def f(x):  # type: ignore[no-untyped-def]  # noqa: ANN001
        return x

    with pytest.raises(FunctionSchemaError, match="'x'"):
        reg.register_for_llm(assistant, description="d")(f)
    assert isinstance(assistant.llm_config, dict) and "tools" not in assistant.llm_config


def test_re_registering_overrides_with_a_warning_and_removal_cleans_up() -> None:
    currency_calculator = make_calculator()
    assistant = Agent("assistant", llm_config())
    reg.register_for_llm(assistant, description="first")(currency_calculator)
    with pytest.warns(UserWarning, match="Function 'currency_calculator' is being overridden"):
        reg.register_for_llm(assistant, description="second")(currency_calculator)
    assert isinstance(assistant.llm_config, dict)
    assert [t["function"]["description"] for t in assistant.llm_config["tools"]] == ["second"]
    reg.update_tool_signature(assistant, "currency_calculator", is_remove=True)
    assert "tools" not in assistant.llm_config
    with pytest.raises(ToolRegistrationError, match="doesn't have tool"):
        reg.update_tool_signature(assistant, "currency_calculator", is_remove=True)


def test_update_function_signature_add_and_remove() -> None:
    assistant = Agent("assistant", llm_config())
    sig = {"name": "python", "description": "run code", "parameters": {"type": "object", "properties": {}}}
    reg.update_function_signature(assistant, sig, is_remove=False)
    assert isinstance(assistant.llm_config, dict)
    assert assistant.llm_config["functions"] == [sig]
    reg.update_function_signature(assistant, "python", is_remove=True)
    assert "functions" not in assistant.llm_config
    with pytest.raises(ToolRegistrationError, match="full signature"):
        reg.update_function_signature(assistant, "python", is_remove=False)


def test_module_level_register_function_uses_both_agents() -> None:
    currency_calculator = make_calculator()
    assistant, user = Agent("assistant", llm_config()), Agent("user", False)
    reg.register_function(currency_calculator, caller=assistant, executor=user, description="FX")
    assert isinstance(assistant.llm_config, dict)
    assert assistant.llm_config["tools"][0]["function"]["description"] == "FX"
    assert "currency_calculator" in user.function_map


class Amount(BaseModel):
    currency: CurrencySymbol
    value: float


async def test_registered_async_tool_executes_with_a_model_argument() -> None:
    user = Agent("user", False)

    @reg.register_for_execution(user, name="double")
    async def double(amount: Amount) -> Amount:
        return Amount(currency=amount.currency, value=amount.value * 2)

    message = {
        "role": "assistant",
        "tool_calls": [
            {
                "id": "c1",
                "type": "function",
                "function": {"name": "double", "arguments": '{"amount": {"currency": "EUR", "value": 2}}'},
            }
        ],
    }
    with IOStream.set_default(Quiet()):
        _, reply = await a_generate_tool_calls_reply(user, [message])
    assert reply is not None
    assert json.loads(reply["content"]) == {"currency": "EUR", "value": 4.0}


async def test_tools_tool_choice_and_parallel_tool_calls_reach_the_endpoint() -> None:
    currency_calculator = make_calculator()
    with OpenAITestServer(replies=["ok"]) as server:
        config = {"config_list": server.config_list(model="gpt-4o"), "cache_seed": None}
        assistant = Agent("assistant", {**config, "tool_choice": "auto", "parallel_tool_calls": False})
        reg.register_for_llm(assistant, description="FX")(currency_calculator)
        assert assistant.client is not None
        await assistant.client.a_create(messages=[{"role": "user", "content": "convert 1 USD"}])
        (request,) = server.requests
    body = request.json
    assert body["tool_choice"] == "auto"
    assert body["parallel_tool_calls"] is False
    assert body["tools"][0]["function"]["name"] == "currency_calculator"
    assert body["tools"][0]["function"]["parameters"]["properties"]["base_currency"]["enum"] == ["USD", "EUR"]
