"""register_reply: triggers, order, config, sync and async reply functions, the FAQ example."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import autogen
from autogen import Agent, ConversableAgent


def fixed(text: str) -> Any:
    def reply(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, str]:
        return True, text

    return reply


@pytest.mark.parametrize(
    ("trigger", "matches"),
    [
        (ConversableAgent, True),
        (Agent, True),
        ("bob", True),
        ("alice", False),
        (lambda sender: sender is not None and sender.name == "bob", True),
        (lambda sender: False, False),
        ([None, "carol"], False),
        (["carol", ConversableAgent], True),
    ],
)
def test_triggers(kit: Any, trigger: Any, matches: bool) -> None:
    agent, bob = kit.plain("agent", default_auto_reply="default"), kit.plain("bob")
    agent.register_reply(trigger, fixed("matched"))
    expected = "matched" if matches else "default"
    assert agent.generate_reply([{"role": "user", "content": "x"}], bob) == expected


def test_instance_and_none_triggers(kit: Any) -> None:
    agent, bob, eve = kit.plain("agent", default_auto_reply="d"), kit.plain("bob"), kit.plain("eve")
    agent.register_reply(bob, fixed("for bob"))
    agent.register_reply(None, fixed("for nobody"))
    messages = [{"role": "user", "content": "x"}]
    assert agent.generate_reply(messages, bob) == "for bob"
    assert agent.generate_reply(messages, eve) == "d"
    assert agent.generate_reply(messages, None) == "for nobody"


def test_bad_trigger_is_refused(kit: Any) -> None:
    with pytest.raises(ValueError, match="trigger"):
        kit.plain("a").register_reply(42, fixed("x"))


def test_last_registered_runs_first_and_before_builtins(kit: Any) -> None:
    agent = kit.scripted_agent("a", replies=["from the model"])
    agent.register_reply([Agent, None], fixed("first registered"))
    agent.register_reply([Agent, None], fixed("last registered"))
    assert agent.generate_reply([{"role": "user", "content": "x"}], kit.plain("b")) == "last registered"
    assert kit.model_of(agent).requests == []
    names = [e["reply_func"].__name__ for e in agent._reply_func_list[2:]]
    assert names == [
        "a_check_termination_and_human_reply",
        "a_generate_function_call_reply",
        "a_generate_tool_calls_reply",
        "a_generate_code_execution_reply",
        "a_generate_oai_reply",
    ]


def test_position_and_remove_other_reply_funcs(kit: Any) -> None:
    agent = kit.plain("a")
    agent.register_reply([Agent, None], fixed("at the end"), position=len(agent._reply_func_list))
    assert agent._reply_func_list[-1]["reply_func"].__name__ == "reply"
    agent.register_reply([Agent, None], fixed("only"), remove_other_reply_funcs=True)
    assert len(agent._reply_func_list) == 1


def test_non_final_reply_passes_on(kit: Any) -> None:
    seen: list[str] = []

    def observe(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, None]:
        seen.append(messages[-1]["content"])
        return False, None

    agent = kit.plain("a", default_auto_reply="fallback")
    agent.register_reply([Agent, None], observe)
    assert agent.generate_reply([{"role": "user", "content": "hey"}], kit.plain("b")) == "fallback"
    assert seen == ["hey"]


def test_exclude_accepts_sync_builtin_names(kit: Any) -> None:
    agent = kit.scripted_agent("a", replies=["llm"], default_auto_reply="no llm")
    messages = [{"role": "user", "content": "x"}]
    reply = agent.generate_reply(messages, kit.plain("b"), exclude=[ConversableAgent.generate_oai_reply])
    assert reply == "no llm"
    assert agent.generate_reply(messages, kit.plain("b")) == "llm"


def test_config_is_passed_and_reset(kit: Any) -> None:
    def count(recipient: Any, messages: Any, sender: Any, config: dict[str, int]) -> tuple[bool, str]:
        config["n"] += 1
        return True, str(config["n"])

    agent = kit.plain("a")
    agent.register_reply([Agent, None], count, config={"n": 0})
    messages = [{"role": "user", "content": "x"}]
    assert [agent.generate_reply(messages, kit.plain("b")) for _ in range(2)] == ["1", "2"]
    agent.reset()
    assert agent.generate_reply(messages, kit.plain("b")) == "1"

    resets: list[Any] = []
    agent.register_reply([Agent, None], fixed("y"), config={"k": 1}, reset_config=resets.append)
    agent.reset()
    assert resets == [{"k": 1}]


async def test_async_reply_functions_run_in_sync_and_async_chats(kit: Any) -> None:
    async def a_reply(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, str]:
        await asyncio.sleep(0)
        return True, "async"

    agent = kit.plain("a")
    agent.register_reply([Agent, None], a_reply, ignore_async_in_sync_chat=True)
    messages = [{"role": "user", "content": "x"}]
    assert await agent.a_generate_reply(messages, kit.plain("b")) == "async"
    assert agent.generate_reply(messages, kit.plain("b")) == "async"  # one path: awaited in sync chats too


async def test_sync_reply_functions_run_off_the_event_loop(kit: Any) -> None:
    threads: list[str] = []

    def where(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, str]:
        threads.append(threading.current_thread().name)
        return True, "sync"

    agent = kit.plain("a")
    agent.register_reply([Agent, None], where)
    loop_thread = threading.current_thread().name
    assert await agent.a_generate_reply([{"role": "user", "content": "x"}], kit.plain("b")) == "sync"
    assert threads and threads[0] != loop_thread


def test_a_reply_function_must_return_a_pair(kit: Any) -> None:
    agent = kit.plain("a")
    agent.register_reply([Agent, None], lambda recipient, messages, sender, config: "oops")
    with pytest.raises(TypeError, match="must return a tuple"):
        agent.generate_reply([{"role": "user", "content": "x"}], kit.plain("b"))


def test_faq_register_reply_example(kit: Any, io: Any) -> None:
    """FAQ "How to register a reply function", verbatim except for print → the IO stream."""
    calls: list[tuple[str, str, str]] = []

    def print_messages(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, None]:
        if "callback" in config and config["callback"] is not None:
            callback = config["callback"]
            callback(sender, recipient, messages[-1])
        io.print(f"Messages sent to: {recipient.name} | num messages: {len(messages)}")
        return False, None  # required to ensure the agent communication flow continues

    def callback(sender: Any, recipient: Any, message: Any) -> None:
        calls.append((sender.name, recipient.name, message["content"]))

    user_proxy = autogen.UserProxyAgent(
        "user_proxy", human_input_mode="NEVER", max_consecutive_auto_reply=1, code_execution_config=False
    )
    assistant = kit.scripted_assistant(replies=["first answer", "second answer"])
    user_proxy.register_reply([autogen.Agent, None], reply_func=print_messages, config={"callback": None})
    assistant.register_reply([autogen.Agent, None], reply_func=print_messages, config={"callback": callback})
    user_proxy.initiate_chat(assistant, message="Hello")
    assert "Messages sent to: assistant | num messages: 1" in io.text
    assert "Messages sent to: user_proxy | num messages: 2" in io.text
    assert calls[0] == ("user_proxy", "assistant", "Hello")
    assert [m["content"] for m in user_proxy.chat_messages[assistant]] == [
        "Hello",
        "first answer",
        "",
        "second answer",
    ]


def test_replace_reply_func(kit: Any) -> None:
    agent = kit.scripted_agent("a", replies=["llm"])
    agent.replace_reply_func(ConversableAgent.generate_oai_reply, fixed("replaced"))
    assert agent.generate_reply([{"role": "user", "content": "x"}], kit.plain("b")) == "replaced"


def test_replace_reply_func_keeps_the_entry_config(kit: Any) -> None:
    """v0.2 swaps only the function: the entry's trigger, position and current config stay."""

    def count(recipient: Any, messages: Any, sender: Any, config: dict[str, int]) -> tuple[bool, str]:
        config["n"] += 1
        return True, f"count {config['n']}"

    def count_twice(recipient: Any, messages: Any, sender: Any, config: dict[str, int]) -> tuple[bool, str]:
        config["n"] += 2
        return True, f"twice {config['n']}"

    agent, peer = kit.plain("a"), kit.plain("b")
    agent.register_reply([Agent, None], count, config={"n": 0})
    messages = [{"role": "user", "content": "x"}]
    assert agent.generate_reply(messages, peer) == "count 1"
    agent.replace_reply_func(count, count_twice)
    assert agent.generate_reply(messages, peer) == "twice 3"
    agent.reset()
    assert agent.generate_reply(messages, peer) == "twice 2"


def test_hooks_process_messages(kit: Any) -> None:
    agent = kit.scripted_agent("a", replies=["ok"])
    agent.register_hook("process_last_received_message", lambda text: text.upper())
    agent.register_hook(
        "process_message_before_send", lambda sender, message, recipient, silent: message + "!"
    )
    peer = kit.plain("p")
    agent.receive("hello", peer, request_reply=True, silent=True)
    assert kit.model_of(agent).requests[0]["messages"][-1]["content"] == "HELLO"
    assert peer.last_message(agent)["content"] == "ok!"
    with pytest.raises(ValueError, match="hookable"):
        agent.register_hook("no_such_step", print)


def test_registering_a_sync_builtin_uses_its_async_twin(kit: Any) -> None:
    agent = kit.scripted_agent("a", replies=["from the model"])
    agent.register_reply([Agent, None], ConversableAgent.generate_oai_reply, remove_other_reply_funcs=True)
    assert agent._reply_func_list[0]["reply_func"] is ConversableAgent.a_generate_oai_reply
    assert agent.generate_reply([{"role": "user", "content": "x"}], kit.plain("b")) == "from the model"
