"""Tools end to end: agents, the real `openai` SDK, and the OpenAI-compatible test server.

The server plays the model: it answers with scripted `tool_calls`, and records each request so
the tests can check what the model was told (tool schemas, tool results, settings).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field

from autogen import AssistantAgent, UserProxyAgent
from autogen.io.base import IOStream
from autogen.testing import OpenAITestServer

CurrencySymbol = Literal["USD", "EUR"]


class Quiet:
    """An IOStream that keeps the printed text for assertions."""

    def __init__(self) -> None:
        self.text = ""

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.text += sep.join(str(o) for o in objects) + end

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        raise AssertionError("no human input expected")


@pytest.fixture
def output() -> Iterator[Quiet]:
    stream = Quiet()
    with IOStream.set_default(stream):
        yield stream


def exchange_rate(base_currency: CurrencySymbol, quote_currency: CurrencySymbol) -> float:
    if base_currency == quote_currency:
        return 1.0
    return 1 / 1.1 if base_currency == "USD" else 1.1


def is_done(message: dict[str, Any]) -> bool:
    return "TERMINATE" in (message.get("content") or "")


def make_agents(server: OpenAITestServer, **llm_extra: Any) -> tuple[AssistantAgent, UserProxyAgent]:
    llm_config = {"config_list": server.config_list(model="gpt-4o"), "cache_seed": None, **llm_extra}
    chatbot = AssistantAgent(
        "chatbot", llm_config=llm_config, system_message="Use the tools. Reply TERMINATE."
    )
    user_proxy = UserProxyAgent(
        "user_proxy",
        human_input_mode="NEVER",
        code_execution_config=False,
        is_termination_msg=is_done,
        max_consecutive_auto_reply=5,
    )
    return chatbot, user_proxy


def call(name: str, arguments: Any, call_id: str) -> dict[str, Any]:
    return {"id": call_id, "name": name, "arguments": arguments}


def tool_messages(request_json: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in request_json["messages"] if m.get("role") == "tool"]


def test_currency_exchange_with_several_calls_in_one_message(output: Quiet) -> None:
    script = [
        {
            "tool_calls": [
                call(
                    "currency_calculator",
                    {"base_amount": 110, "base_currency": "EUR", "quote_currency": "USD"},
                    "c1",
                ),
                call("currency_calculator", '{"base_amount": 100}', "c2"),
            ]
        },
        "110 EUR is 121.00 USD and 100 USD is 90.91 EUR. TERMINATE",
    ]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Currency exchange calculator.")
        def currency_calculator(
            base_amount: Annotated[float, "Amount of currency in base_currency"],
            base_currency: Annotated[CurrencySymbol, "Base currency"] = "USD",
            quote_currency: Annotated[CurrencySymbol, "Quote currency"] = "EUR",
        ) -> str:
            quote_amount = exchange_rate(base_currency, quote_currency) * base_amount
            return f"{quote_amount:.2f} {quote_currency}"

        result = user_proxy.initiate_chat(chatbot, message="Convert 110 EUR to USD and 100 USD to EUR.")
        first, second = (r.json for r in server.requests)

    (tool,) = first["tools"]
    assert tool["function"]["name"] == "currency_calculator"
    assert tool["function"]["description"] == "Currency exchange calculator."
    properties = tool["function"]["parameters"]["properties"]
    assert properties["base_amount"] == {
        "type": "number",
        "description": "Amount of currency in base_currency",
    }
    assert properties["quote_currency"]["enum"] == ["USD", "EUR"]
    assert tool_messages(second) == [
        {"role": "tool", "tool_call_id": "c1", "content": "121.00 USD"},
        {"role": "tool", "tool_call_id": "c2", "content": "90.91 EUR"},
    ]
    assistant_turn = next(m for m in second["messages"] if m.get("tool_calls"))
    assert [c["id"] for c in assistant_turn["tool_calls"]] == ["c1", "c2"]
    assert "TERMINATE" in result.summary or "TERMINATE" in result.chat_history[-1]["content"]
    assert ">>>>>>>> EXECUTING FUNCTION currency_calculator..." in output.text


class Currency(BaseModel):
    currency: Annotated[CurrencySymbol, Field(..., description="Currency symbol")]
    amount: Annotated[float, Field(0, description="Amount of currency", ge=0)]


async def test_async_tool_with_pydantic_model_in_a_initiate_chat(output: Quiet) -> None:
    seen: list[Any] = []
    script = [
        {"tool_calls": [call("currency_calculator", {"base": {"currency": "EUR", "amount": 10}}, "m1")]},
        "Done. TERMINATE",
    ]
    async with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Currency exchange calculator.")
        async def currency_calculator(
            base: Annotated[Currency, "Base currency: amount and currency symbol"],
            quote_currency: Annotated[CurrencySymbol, "Quote currency symbol"] = "USD",
        ) -> Currency:
            seen.append(base)
            await asyncio.sleep(0)
            rate = exchange_rate(base.currency, quote_currency)
            return Currency(currency=quote_currency, amount=round(base.amount * rate, 2))

        await user_proxy.a_initiate_chat(chatbot, message="Convert 10 EUR to USD.")
        schema = server.requests[0].json["tools"][0]["function"]["parameters"]["properties"]["base"]
        (tool_message,) = tool_messages(server.requests[1].json)

    assert schema["properties"]["amount"]["minimum"] == 0
    assert seen == [Currency(currency="EUR", amount=10)]
    assert tool_message["tool_call_id"] == "m1"
    assert json.loads(tool_message["content"]) == {"currency": "USD", "amount": 11.0}
    assert ">>>>>>>> EXECUTING ASYNC FUNCTION currency_calculator..." in output.text


def test_tool_choice_and_parallel_tool_calls_pass_through(output: Quiet) -> None:
    with OpenAITestServer(replies=["TERMINATE"]) as server:
        chatbot, user_proxy = make_agents(
            server, tool_choice={"type": "function", "function": {"name": "add"}}, parallel_tool_calls=False
        )

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Add two numbers.")
        def add(a: int, b: int) -> int:
            return a + b

        user_proxy.initiate_chat(chatbot, message="1 + 2?")
        (request,) = server.requests
    assert request.json["tool_choice"] == {"type": "function", "function": {"name": "add"}}
    assert request.json["parallel_tool_calls"] is False
    assert request.json["tools"][0]["function"]["parameters"]["required"] == ["a", "b"]


def test_model_mistakes_become_tool_messages_and_the_chat_goes_on(output: Quiet) -> None:
    script = [
        {
            "tool_calls": [
                call("add", '{"a": 1, "b": 2,', "bad_json_repaired"),
                call("add", "this is not json ]", "bad_json"),
                call("add", {"a": "one", "c": 3}, "bad_args"),
                call("multiply", {"a": 1, "b": 2}, "unknown"),
                call("divide", {"a": 1, "b": 0}, "raises"),
            ]
        },
        "Sorry about that. TERMINATE",
    ]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Add two numbers.")
        def add(a: int, b: int) -> int:
            return a + b

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Divide a by b.")
        def divide(a: float, b: float) -> float:
            return a / b

        result = user_proxy.initiate_chat(chatbot, message="Do some maths.")
        contents = {m["tool_call_id"]: m["content"] for m in tool_messages(server.requests[1].json)}

    assert contents["bad_json_repaired"] == "3"
    assert contents["bad_json"].startswith("Error: ") and "JSON" in contents["bad_json"]
    assert "argument 'a'" in contents["bad_args"]
    assert "missing required argument 'b'" in contents["bad_args"]
    assert "unexpected argument 'c'" in contents["bad_args"]
    assert contents["unknown"] == "Error: Function multiply not found. Available functions: add, divide."
    assert contents["raises"] == "Error: ZeroDivisionError: float division by zero"
    assert "TERMINATE" in result.chat_history[-1]["content"]


def test_slow_tool_times_out_into_a_message(output: Quiet) -> None:
    script = [{"tool_calls": [call("wait", {}, "slow")]}, "OK. TERMINATE"]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)
        user_proxy.function_timeout = 0.05  # type: ignore[attr-defined]

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Wait for a long time.")
        async def wait() -> str:
            await asyncio.sleep(30)
            return "finally"

        user_proxy.initiate_chat(chatbot, message="Wait.")
        (tool_message,) = tool_messages(server.requests[1].json)
    assert tool_message["content"] == "Error: Function wait timed out after 0.05 seconds and was stopped."


def test_legacy_functions_and_function_map(output: Quiet) -> None:
    functions = [
        {
            "name": "add",
            "description": "Add two numbers.",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                "required": ["a", "b"],
            },
        }
    ]
    script = [{"function_call": {"name": "add", "arguments": {"a": 2, "b": 3}}}, "5. TERMINATE"]
    with OpenAITestServer(replies=script) as server:
        llm_config = {
            "config_list": server.config_list(model="gpt-4o"),
            "cache_seed": None,
            "functions": functions,
        }
        chatbot = AssistantAgent("chatbot", llm_config=llm_config)
        user_proxy = UserProxyAgent(
            "user_proxy",
            human_input_mode="NEVER",
            code_execution_config=False,
            is_termination_msg=is_done,
            function_map={"add": lambda a, b: a + b},
        )
        user_proxy.initiate_chat(chatbot, message="2 + 3?")
        first, second = (r.json for r in server.requests)
    assert first["functions"] == functions
    assert {"role": "function", "name": "add", "content": "5"} in second["messages"]


def test_register_function_without_decorators(output: Quiet) -> None:
    import autogen

    script = [{"tool_calls": [call("shout", {"text": "hi"}, "s1")]}, "TERMINATE"]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)

        def shout(text: Annotated[str, "What to shout"]) -> str:
            return text.upper() + "!"

        autogen.register_function(shout, caller=chatbot, executor=user_proxy, description="Shout a text.")
        user_proxy.initiate_chat(chatbot, message="Shout hi.")
        (tool_message,) = tool_messages(server.requests[1].json)
    assert tool_message == {"role": "tool", "tool_call_id": "s1", "content": "HI!"}


def test_api_style_function_and_removing_signatures(output: Quiet) -> None:
    script = [{"function_call": {"name": "add", "arguments": {"a": 2, "b": 3}}}, "5", "TERMINATE"]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Add two numbers.", api_style="function")
        def add(a: int, b: int) -> int:
            return a + b

        user_proxy.initiate_chat(chatbot, message="2 + 3?", max_turns=2)
        chatbot.update_function_signature("add", is_remove=True)
        user_proxy.initiate_chat(chatbot, message="Anything else?", max_turns=1)
        first, second, third = (r.json for r in server.requests)
    assert first["functions"][0]["name"] == "add" and "tools" not in first
    assert {"role": "function", "name": "add", "content": "5"} in second["messages"]
    assert "functions" not in third


def test_history_keeps_tool_responses(output: Quiet) -> None:
    script = [
        {"tool_calls": [call("add", {"a": 1, "b": 1}, "h1"), call("add", {"a": 2, "b": 2}, "h2")]},
        "TERMINATE",
    ]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server)

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Add two numbers.")
        def add(a: int, b: int) -> int:
            return a + b

        user_proxy.initiate_chat(chatbot, message="1+1 and 2+2?")
    tool_turn = next(m for m in chatbot.chat_messages[user_proxy] if m.get("tool_responses"))
    assert tool_turn["role"] == "tool"
    assert tool_turn["tool_responses"] == [
        {"tool_call_id": "h1", "role": "tool", "content": "2"},
        {"tool_call_id": "h2", "role": "tool", "content": "4"},
    ]
    assert tool_turn["content"] == "2\n\n4"


def test_streamed_tool_calls_are_assembled_and_executed(output: Quiet) -> None:
    arguments = {"text": "a fairly long piece of text, streamed in several chunks"}
    script = [
        {"tool_calls": [call("shout", arguments, "st1"), call("shout", {"text": "b"}, "st2")]},
        "TERMINATE",
    ]
    with OpenAITestServer(replies=script) as server:
        chatbot, user_proxy = make_agents(server, stream=True)

        @user_proxy.register_for_execution()
        @chatbot.register_for_llm(description="Shout a text.")
        def shout(text: str) -> str:
            return text.upper()

        user_proxy.initiate_chat(chatbot, message="Shout.")
        assert server.requests[0].json["stream"] is True
        contents = [m["content"] for m in tool_messages(server.requests[1].json)]
    assert contents == [arguments["text"].upper(), "B"]


def test_model_client_registered_before_the_tools_is_kept(output: Quiet) -> None:
    from autogen.testing import ScriptedModelClient

    llm_config = {
        "config_list": [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}],
        "cache_seed": None,
    }
    chatbot = AssistantAgent("chatbot", llm_config=llm_config)
    chatbot.register_model_client(
        ScriptedModelClient, replies=[{"tool_calls": [call("add", {"a": 2, "b": 2}, "k1")]}, "TERMINATE"]
    )
    user_proxy = UserProxyAgent(
        "user_proxy", human_input_mode="NEVER", code_execution_config=False, is_termination_msg=is_done
    )

    @user_proxy.register_for_execution()
    @chatbot.register_for_llm(description="Add two numbers.")  # rebuilds chatbot.client
    def add(a: int, b: int) -> int:
        return a + b

    result = user_proxy.initiate_chat(chatbot, message="2 + 2?")
    assert any(m.get("content") == "4" for m in result.chat_history)
