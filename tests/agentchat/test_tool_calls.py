"""The tool-call and function-call replies, driven with a minimal recipient (no agent, no LLM)."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel

from autogen.agentchat._tool_registration import wrap_function
from autogen.agentchat.replies.tool_calls import (
    a_execute_function,
    a_generate_function_call_reply,
    a_generate_tool_calls_reply,
    execute_function,
    generate_tool_calls_reply,
)
from autogen.agentchat.reply_context import ReplyContext
from autogen.io.base import IOStream

CurrencySymbol = Literal["USD", "EUR"]


class Recipient:
    """Just what the replies read: a `ReplyContext` with the functions and the history."""

    def __init__(
        self, function_map: dict[str, Callable[..., Any]], function_timeout: float | None = None
    ) -> None:
        self.function_map = function_map
        self.chat_messages: dict[Any, list[dict[str, Any]]] = {}
        self.function_timeout = function_timeout

    @property
    def name(self) -> str:
        return "recipient"

    def reply_context(self, sender: Any, messages: Any = None, config: Any = None) -> ReplyContext:
        history = self.chat_messages.get(sender) or []
        return ReplyContext(
            agent=self,  # type: ignore[arg-type]
            sender=sender,
            messages=history if messages is None else messages,
            chat_messages=self.chat_messages,
            function_map=self.function_map,
            function_timeout=self.function_timeout,
        )

    def last_message(self, agent: Any = None) -> dict[str, Any] | None:
        messages = self.chat_messages.get(agent) or []
        return messages[-1] if messages else None


class Recorder:
    """An IOStream that keeps what it is given."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(str(o) for o in objects))

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        raise AssertionError("no input expected")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def output() -> Iterator[Recorder]:
    recorder = Recorder()
    with IOStream.set_default(recorder):
        yield recorder


def tool_message(*calls: tuple[str, Any], ids: bool = True) -> dict[str, Any]:
    tool_calls = []
    for i, (name, arguments) in enumerate(calls):
        text = arguments if isinstance(arguments, str) else json.dumps(arguments)
        call: dict[str, Any] = {"type": "function", "function": {"name": name, "arguments": text}}
        if ids:
            call["id"] = f"call_{i}"
        tool_calls.append(call)
    return {"role": "assistant", "content": None, "tool_calls": tool_calls}


async def run_tools(recipient: Recipient, *calls: tuple[str, Any]) -> dict[str, Any]:
    final, reply = await a_generate_tool_calls_reply(recipient, [tool_message(*calls)])
    assert final is True and reply is not None
    return reply


def exchange_rate(base_currency: CurrencySymbol, quote_currency: CurrencySymbol) -> float:
    if base_currency == quote_currency:
        return 1.0
    return 1 / 1.1 if base_currency == "USD" else 1.1


def currency_calculator(
    base_amount: Annotated[float, "Amount of currency in base_currency"],
    base_currency: Annotated[CurrencySymbol, "Base currency"] = "USD",
    quote_currency: Annotated[CurrencySymbol, "Quote currency"] = "EUR",
) -> str:
    quote_amount = exchange_rate(base_currency, quote_currency) * base_amount
    return f"{quote_amount:.2f} {quote_currency}"


class Currency(BaseModel):
    currency: CurrencySymbol
    amount: float = 0


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


async def test_currency_exchange_tool_call(output: Recorder) -> None:
    recipient = Recipient({"currency_calculator": currency_calculator})
    arguments = {"base_amount": 110, "base_currency": "EUR", "quote_currency": "USD"}
    reply = await run_tools(recipient, ("currency_calculator", arguments))
    assert reply == {
        "role": "tool",
        "tool_responses": [{"tool_call_id": "call_0", "role": "tool", "content": "121.00 USD"}],
        "content": "121.00 USD",
    }
    assert ">>>>>>>> EXECUTING FUNCTION currency_calculator..." in output.text


async def test_literal_outside_its_values_is_an_error_for_the_model(output: Recorder) -> None:
    recipient = Recipient({"currency_calculator": currency_calculator})
    reply = await run_tools(recipient, ("currency_calculator", {"base_amount": 1, "quote_currency": "GBP"}))
    content = reply["tool_responses"][0]["content"]
    assert content.startswith("Error: invalid arguments for function 'currency_calculator'")
    assert "argument 'quote_currency'" in content and "'GBP'" in content


async def test_several_calls_run_concurrently_and_reply_in_order(output: Recorder) -> None:
    first_started, second_started = asyncio.Event(), asyncio.Event()

    async def first() -> str:
        first_started.set()
        await second_started.wait()  # only returns if `second` runs at the same time
        await asyncio.sleep(0.01)  # and finishes after it
        return "one"

    async def second() -> str:
        second_started.set()
        await first_started.wait()
        return "two"

    recipient = Recipient({"first": first, "second": second}, function_timeout=30)
    reply = await run_tools(recipient, ("first", {}), ("second", {}))
    assert [r["content"] for r in reply["tool_responses"]] == ["one", "two"]
    assert [r["tool_call_id"] for r in reply["tool_responses"]] == ["call_0", "call_1"]
    assert reply["content"] == "one\n\ntwo"
    assert ">>>>>>>> EXECUTING ASYNC FUNCTION first..." in output.text


async def test_sync_functions_run_off_the_loop_and_concurrently(output: Recorder) -> None:
    barrier = threading.Barrier(2, timeout=20)  # sequential calls would break it
    loop_thread = threading.current_thread()
    threads: list[threading.Thread] = []

    def meet(n: int) -> int:
        threads.append(threading.current_thread())
        barrier.wait()
        return n * 2

    reply = await run_tools(Recipient({"meet": meet}), ("meet", {"n": 1}), ("meet", {"n": 2}))
    assert [r["content"] for r in reply["tool_responses"]] == ["2", "4"]
    assert loop_thread not in threads


async def test_arguments_are_converted_to_annotated_types(output: Recorder) -> None:
    received: dict[str, Any] = {}

    def f(base: Currency, color: Color, point: Point, counts: list[int], ratio: float = 1.0) -> Currency:
        received.update(base=base, color=color, point=point, counts=counts, ratio=ratio)
        return Currency(currency="USD", amount=base.amount * ratio)

    arguments = {
        "base": {"currency": "EUR", "amount": 2},
        "color": "blue",
        "point": {"x": 3},
        "counts": [1, "2"],
    }
    reply = await run_tools(Recipient({"f": f}), ("f", {**arguments, "ratio": 3}))
    assert received == {
        "base": Currency(currency="EUR", amount=2),
        "color": Color.BLUE,
        "point": Point(3),
        "counts": [1, 2],
        "ratio": 3.0,
    }
    assert json.loads(reply["content"]) == {"currency": "USD", "amount": 6.0}


async def test_return_values_are_serialised(output: Recorder) -> None:
    def as_dict() -> dict[str, Any]:
        return {"a": 1}

    def as_dataclass() -> Point:
        return Point(1, 2)

    def as_none() -> None:
        return None

    recipient = Recipient({"d": as_dict, "p": as_dataclass, "n": as_none})
    reply = await run_tools(recipient, ("d", {}), ("p", {}), ("n", "{}"))
    assert [r["content"] for r in reply["tool_responses"]] == ['{"a": 1}', '{"x": 1, "y": 2}', "null"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('{"base_amount": 10, "base_currency": "USD",}', "9.09 EUR"),  # trailing comma: repaired
        ("{'base_amount': 10}", "9.09 EUR"),  # single quotes: repaired
        ('{"base_amount": "10"}', "9.09 EUR"),  # lax conversion of a numeric string
        ("", "Error: invalid arguments for function 'currency_calculator': missing required argument"),
    ],
)
async def test_argument_text_is_repaired_or_converted(
    output: Recorder, arguments: str, expected: str
) -> None:
    reply = await run_tools(
        Recipient({"currency_calculator": currency_calculator}), ("currency_calculator", arguments)
    )
    assert reply["content"].startswith(expected)


async def test_unrepairable_json_becomes_an_error_message(output: Recorder) -> None:
    calls: list[Any] = []
    reply = await run_tools(Recipient({"f": lambda **kw: calls.append(kw)}), ("f", "not json at all ]"))
    assert reply["content"].startswith("Error: ")
    assert "JSON" in reply["content"]
    assert calls == []


async def test_non_object_arguments_are_an_error(output: Recorder) -> None:
    reply = await run_tools(Recipient({"f": currency_calculator}), ("f", "[1, 2]"))
    assert reply["content"].startswith("Error: The arguments must be a JSON object")


async def test_missing_extra_and_mistyped_arguments_are_reported_together(output: Recorder) -> None:
    def f(a: int, b: str, c: float = 0.0) -> str:
        return "called"

    reply = await run_tools(Recipient({"f": f}), ("f", {"b": "x", "c": "not a number", "zzz": 1}))
    content = reply["content"]
    assert "missing required argument 'a'" in content
    assert "argument 'c': Input should be a valid number" in content
    assert "unexpected argument 'zzz' (accepted: 'a', 'b', 'c')" in content
    assert "called" not in content


async def test_nested_model_errors_name_the_field(output: Recorder) -> None:
    def f(base: Currency) -> str:
        return "called"

    reply = await run_tools(Recipient({"f": f}), ("f", {"base": {"currency": "JPY"}}))
    assert "argument 'base.currency'" in reply["content"]


async def test_kwargs_function_accepts_extra_arguments(output: Recorder) -> None:
    def f(a: int, **rest: Any) -> dict[str, Any]:
        return {"a": a, **rest}

    reply = await run_tools(Recipient({"f": f}), ("f", {"a": "1", "other": True}))
    assert json.loads(reply["content"]) == {"a": 1, "other": True}


async def test_unknown_function_is_an_error_listing_the_known_ones(output: Recorder) -> None:
    reply = await run_tools(Recipient({"known": currency_calculator}), ("unknown", {}))
    assert (
        reply["tool_responses"][0]["content"]
        == "Error: Function unknown not found. Available functions: known."
    )


async def test_raising_function_reports_type_and_message(output: Recorder) -> None:
    def boom(x: int) -> int:
        raise ZeroDivisionError(f"cannot divide {x} by zero")

    async def a_boom() -> None:
        raise TimeoutError("my own timeout")  # not to be mistaken for function_timeout

    reply = await run_tools(Recipient({"boom": boom, "a_boom": a_boom}), ("boom", {"x": 3}), ("a_boom", {}))
    contents = [r["content"] for r in reply["tool_responses"]]
    assert contents == [
        "Error: ZeroDivisionError: cannot divide 3 by zero",
        "Error: TimeoutError: my own timeout",
    ]


async def test_async_function_past_timeout_is_cancelled(output: Recorder) -> None:
    cancelled = asyncio.Event()

    async def slow() -> str:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "late"

    reply = await run_tools(
        Recipient({"slow": slow, "fast": lambda: "fast"}, 0.05), ("slow", {}), ("fast", {})
    )
    contents = [r["content"] for r in reply["tool_responses"]]
    assert contents[0] == "Error: Function slow timed out after 0.05 seconds and was stopped."
    assert contents[1] == "fast"
    await asyncio.wait_for(cancelled.wait(), 10)


async def test_sync_function_past_timeout_is_abandoned(output: Recorder) -> None:
    release = threading.Event()

    def stuck() -> str:
        release.wait(30)
        return "late"

    try:
        reply = await run_tools(Recipient({"stuck": stuck}, 0.05), ("stuck", {}))
    finally:
        release.set()
    assert "timed out after 0.05 seconds" in reply["content"]


async def test_tool_call_without_id_gets_a_reply_without_id(output: Recorder) -> None:
    message = tool_message(("currency_calculator", {"base_amount": 1, "quote_currency": "USD"}), ids=False)
    _, reply = await a_generate_tool_calls_reply(
        Recipient({"currency_calculator": currency_calculator}), [message]
    )
    assert reply is not None
    assert reply["tool_responses"] == [{"role": "tool", "content": "1.00 USD"}]


async def test_messages_default_to_the_history_with_the_sender(output: Recorder) -> None:
    recipient = Recipient({"currency_calculator": currency_calculator})
    sender = object()
    recipient.chat_messages[sender] = [
        tool_message(("currency_calculator", {"base_amount": 2, "quote_currency": "USD"}))
    ]
    final, reply = await a_generate_tool_calls_reply(recipient, None, sender)
    assert final and reply is not None and reply["content"] == "2.00 USD"


async def test_no_tool_calls_means_no_reply(output: Recorder) -> None:
    recipient = Recipient({"f": currency_calculator})
    assert await a_generate_tool_calls_reply(recipient, [{"role": "assistant", "content": "hi"}]) == (
        False,
        None,
    )
    assert await a_generate_tool_calls_reply(recipient, [], None) == (False, None)
    assert await a_generate_function_call_reply(recipient, [{"role": "assistant", "content": "hi"}]) == (
        False,
        None,
    )
    assert output.lines == []


async def test_legacy_function_call_reply(output: Recorder) -> None:
    recipient = Recipient({"currency_calculator": currency_calculator})
    message = {
        "role": "assistant",
        "content": None,
        "function_call": {
            "name": "currency_calculator",
            "arguments": '{"base_amount": 5, "quote_currency": "USD"}',
        },
    }
    final, reply = await a_generate_function_call_reply(recipient, [message])
    assert final is True
    assert reply == {"name": "currency_calculator", "role": "function", "content": "5.00 USD"}


async def test_execute_function_reports_success_and_verbose_output(output: Recorder) -> None:
    ok, reply = await a_execute_function(
        {"f": currency_calculator}, {"name": "f", "arguments": '{"base_amount": 1}'}, verbose=True
    )
    assert ok is True and reply["content"] == "0.91 EUR"
    assert "Input arguments: {'base_amount': 1}" in output.text
    ok, reply = await a_execute_function({"f": currency_calculator}, {"name": "g", "arguments": "{}"})
    assert ok is False and reply["content"].startswith("Error: Function g not found.")


def test_sync_twins_work_from_sync_code(output: Recorder) -> None:
    recipient = Recipient({"currency_calculator": currency_calculator})
    final, reply = generate_tool_calls_reply(
        recipient, [tool_message(("currency_calculator", {"base_amount": 1}))]
    )
    assert final and reply is not None and reply["content"] == "0.91 EUR"
    ok, _ = execute_function(recipient.function_map, {"name": "currency_calculator", "arguments": "{}"})
    assert ok is False


async def test_wrapped_registered_functions_execute_with_models(output: Recorder) -> None:
    async def a_convert(base: Currency, quote: CurrencySymbol = "USD") -> Currency:
        return Currency(currency=quote, amount=base.amount * exchange_rate(base.currency, quote))

    recipient = Recipient({"a_convert": wrap_function(a_convert)})
    reply = await run_tools(recipient, ("a_convert", {"base": {"currency": "EUR", "amount": 10}}))
    assert json.loads(reply["content"]) == {"currency": "USD", "amount": pytest.approx(11.0)}
    assert ">>>>>>>> EXECUTING ASYNC FUNCTION a_convert..." in output.text


async def test_function_without_readable_signature_gets_the_arguments_as_given(output: Recorder) -> None:
    class Opaque:
        """A callable whose signature inspect cannot read."""

        @property
        def __signature__(self) -> Any:
            raise ValueError("no signature")

        def __call__(self, **kwargs: Any) -> dict[str, Any]:
            return kwargs

    reply = await run_tools(Recipient({"opaque": Opaque()}), ("opaque", {"a": 1}))
    assert json.loads(reply["content"]) == {"a": 1}


async def test_sys_exit_in_a_tool_does_not_end_the_program(output: Recorder) -> None:
    import sys

    def quits() -> None:
        sys.exit(3)

    async def a_quits() -> None:
        sys.exit("bye")

    reply = await run_tools(Recipient({"quits": quits, "a_quits": a_quits}), ("quits", {}), ("a_quits", {}))
    assert [r["content"] for r in reply["tool_responses"]] == [
        "Error: SystemExit: 3",
        "Error: SystemExit: bye",
    ]
