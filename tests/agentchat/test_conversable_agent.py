"""Construction, settings and messaging of ConversableAgent and its two v0.2 subclasses."""

from __future__ import annotations

from typing import Any

import pytest

from autogen import AssistantAgent, ConversableAgent, UserProxyAgent
from autogen.agentchat import prompts
from autogen.exceptions import SenderRequired


def test_defaults_follow_v02() -> None:
    agent = ConversableAgent("a", llm_config=False)
    assert agent.system_message == "You are a helpful AI Assistant."
    assert agent.description == agent.system_message
    assert agent.human_input_mode == "TERMINATE"
    assert agent.max_consecutive_auto_reply() == ConversableAgent.MAX_CONSECUTIVE_AUTO_REPLY == 100
    assert agent._code_execution_config is False
    assert agent.client is None and agent.llm_config is False
    assert agent.function_map == {}


def test_assistant_and_user_proxy_defaults() -> None:
    assistant = AssistantAgent("assistant", llm_config=False)
    assert assistant.human_input_mode == "NEVER"
    assert assistant._code_execution_config is False
    assert "TERMINATE" in assistant.system_message and "# filename:" in assistant.system_message
    assert "```python" in assistant.system_message and "```sh" in assistant.system_message
    assert assistant.description == AssistantAgent.DEFAULT_DESCRIPTION
    custom = AssistantAgent("c", system_message="Be brief.", llm_config=False)
    assert custom.description == "Be brief."

    proxy = UserProxyAgent("user")
    assert proxy.human_input_mode == "ALWAYS"
    assert proxy.llm_config is False and proxy.client is None
    assert proxy._code_execution_config == {}
    assert proxy.description == prompts.USER_PROXY_DESCRIPTIONS["ALWAYS"]
    assert (
        UserProxyAgent("u", human_input_mode="NEVER").description == prompts.USER_PROXY_DESCRIPTIONS["NEVER"]
    )


def test_llm_config_none_uses_openai_api_key_when_set(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with caplog.at_level("WARNING", logger="autogen.agentchat.conversable_agent"):
        assert ConversableAgent("a").client is None  # no key: no LLM, nothing raised
    assert "has no LLM" in caplog.text and "OPENAI_API_KEY" in caplog.text
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    agent = ConversableAgent("b")
    assert agent.llm_config and agent.llm_config["model"]
    assert agent.client is not None


def test_bad_settings_are_named() -> None:
    with pytest.raises(ValueError, match="human_input_mode"):
        ConversableAgent("a", human_input_mode="SOMETIMES")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="llm_config"):
        ConversableAgent("a", llm_config="gpt-4")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="name"):
        ConversableAgent("")


def test_update_system_message_and_description(kit: Any) -> None:
    agent = kit.scripted_agent("a", replies=["ok"])
    agent.update_system_message("You are terse.")
    assert agent.system_message == "You are terse."
    agent.description = "does things"
    assert agent.description == "does things"
    peer = kit.plain("p")
    agent.receive("hi", peer, request_reply=True, silent=True)
    assert kit.model_of(agent).requests[0]["messages"][0] == {"content": "You are terse.", "role": "system"}


def test_send_records_on_both_sides_with_roles_and_names(io: Any, kit: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b")
    a.send("hello", b, request_reply=False)
    assert a.chat_messages[b] == [{"content": "hello", "role": "assistant", "name": "a"}]
    assert b.chat_messages[a] == [{"content": "hello", "role": "user", "name": "a"}]
    assert a.last_message(b) == a.chat_messages[b][-1]
    assert b.last_message() == b.chat_messages[a][-1]


def test_function_and_tool_roles_are_kept(kit: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b")
    a.send({"role": "function", "name": "f", "content": "42"}, b, request_reply=False, silent=True)
    a.send({"role": "tool", "tool_call_id": "c1", "content": "7"}, b, request_reply=False, silent=True)
    call = {"content": None, "tool_calls": [{"id": "c2", "type": "function", "function": {"name": "g"}}]}
    a.send(call, b, request_reply=False, silent=True)
    roles = [m["role"] for m in b.chat_messages[a]]
    assert roles == ["function", "tool", "assistant"]
    assert b.chat_messages[a][0]["name"] == "f"


def test_invalid_message_is_refused(kit: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b")
    with pytest.raises(ValueError, match="content"):
        a.send({"role": "user"}, b)
    assert a.chat_messages[b] == []


def test_receive_without_reply_and_silent(io: Any, kit: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b", default_auto_reply="auto")
    b.receive("x", a, request_reply=False, silent=True)
    assert io.text == ""
    assert a.chat_messages[b] == []  # nothing was sent back
    b.receive("y", a, request_reply=True, silent=True)
    assert a.chat_messages[b] == [{"content": "auto", "role": "user", "name": "b"}]


def test_generate_reply_needs_messages_or_sender(kit: Any) -> None:
    with pytest.raises(SenderRequired):
        kit.plain("a").generate_reply()


def test_default_auto_reply_when_no_reply_function_is_final(kit: Any) -> None:
    agent = kit.plain("a", default_auto_reply="nothing to add")
    assert agent.generate_reply([{"role": "user", "content": "hi"}], kit.plain("b")) == "nothing to add"


def test_termination_word_ends_the_chat(kit: Any) -> None:
    user = kit.plain("user")
    assistant = kit.scripted_assistant(replies=["working on it", "TERMINATE", "never sent"])
    user.initiate_chat(assistant, message="go", silent=True)
    contents = [m["content"] for m in user.chat_messages[assistant]]
    assert contents == ["go", "working on it", "", "TERMINATE"]


def test_custom_termination_message(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=lambda m: "DONE" in (m.get("content") or ""))
    assistant = kit.scripted_assistant(replies=["step", "all DONE now", "never sent"])
    user.initiate_chat(assistant, message="go", silent=True)
    assert user.last_message(assistant)["content"] == "all DONE now"  # type: ignore[index]


def test_max_consecutive_auto_reply_is_per_sender(kit: Any) -> None:
    user = kit.plain("user", max_consecutive_auto_reply=2, default_auto_reply="continue")
    assistant = kit.scripted_assistant(replies=["1", "2", "3", "4"])
    user.initiate_chat(assistant, message="go", silent=True)
    # user auto-replies twice, then stops at its limit for this sender
    assert [m["content"] for m in user.chat_messages[assistant]] == [
        "go",
        "1",
        "continue",
        "2",
        "continue",
        "3",
    ]
    other = kit.plain("other")
    user.update_max_consecutive_auto_reply(5, other)
    assert user.max_consecutive_auto_reply(other) == 5
    assert user.max_consecutive_auto_reply(assistant) == 2
    user.update_max_consecutive_auto_reply(7)
    assert user.max_consecutive_auto_reply() == 7 and user.max_consecutive_auto_reply(other) == 7


def test_clear_history_reset_and_counters(kit: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b")
    for i in range(5):
        a.send(str(i), b, request_reply=False, silent=True)
    a.clear_history(b, nr_messages_to_preserve=2)
    assert [m["content"] for m in a.chat_messages[b]] == ["3", "4"]
    a._consecutive_auto_reply_counter[b] = 3
    a.reply_at_receive[b] = True
    a.reset()
    assert a.chat_messages[b] == [] and a._consecutive_auto_reply_counter[b] == 0
    assert a.reply_at_receive[b] is False
    with pytest.raises(KeyError, match="not present"):
        a.last_message(kit.plain("stranger"))


def test_last_message_needs_agent_with_several_conversations(kit: Any) -> None:
    a = kit.plain("a")
    assert a.last_message() is None
    a.send("x", kit.plain("b"), request_reply=False, silent=True)
    a.send("y", kit.plain("c"), request_reply=False, silent=True)
    with pytest.raises(ValueError, match="more than one conversation"):
        a.last_message()


def test_chat_messages_argument_seeds_history(kit: Any) -> None:
    b = kit.plain("b")
    a = kit.plain("a", chat_messages={b: [{"content": "old", "role": "user", "name": "b"}]})
    assert a.last_message(b) == {"content": "old", "role": "user", "name": "b"}


def test_usage_accessors(io: Any, kit: Any) -> None:
    assistant = kit.scripted_assistant(replies=["hi"])
    assistant.receive("hello", kit.plain("u"), request_reply=True, silent=True)
    total: Any = assistant.get_total_usage()
    assert total["scripted"]["completion_tokens"] > 0
    assert kit.plain("x").get_actual_usage() is None


def test_execute_code_blocks_and_run_code(tmp_path: Any) -> None:
    from autogen import UserProxyAgent

    user = UserProxyAgent("u", code_execution_config={"work_dir": str(tmp_path), "use_docker": False})
    exitcode, logs = user.execute_code_blocks([("python", "print('hi there')"), ("sh", "echo second")])
    assert exitcode == 0 and "hi there" in logs and "second" in logs
    exitcode, logs = user.execute_code_blocks([("cobol", "DISPLAY 'x'"), ("python", "print(1)")])
    assert exitcode == 1 and "unknown language cobol" in logs
    exitcode, output, _ = user.run_code("print(40 + 2)", work_dir=str(tmp_path), use_docker=False)
    assert exitcode == 0 and "42" in output


def test_function_map_and_execute_function(kit: Any) -> None:
    def add(a: int, b: int) -> int:
        return a + b

    agent = kit.plain("a", function_map={"add": add})
    assert agent.can_execute_function("add") and not agent.can_execute_function(["add", "mul"])
    ok, result = agent.execute_function({"name": "add", "arguments": '{"a": 1, "b": 2}'})
    assert ok and result == {"name": "add", "role": "function", "content": "3"}
    ok, result = agent.execute_function({"name": "mul", "arguments": "{}"})
    assert not ok and "not found" in result["content"]
    agent.register_function({"add": None})
    assert agent.function_map == {}


def test_agent_protocol_and_v02_subclassing(kit: Any) -> None:
    from autogen import Agent

    class Echo(Agent):
        """A minimal v0.2-style agent: subclasses Agent and calls its constructor."""

        def __init__(self, name: str) -> None:
            super().__init__(name)
            self.inbox: list[Any] = []

        async def a_receive(
            self, message: Any, sender: Any, request_reply: Any = None, silent: bool = False
        ) -> None:
            self.inbox.append(message)
            if request_reply:
                await sender.a_receive("echo: " + message, self, False, silent)

    echo = Echo("echo")
    assert echo.name == "echo" and isinstance(echo, Agent)
    assert isinstance(kit.plain("x"), Agent)
    sender = kit.plain("sender")
    sender.send("ping", echo, request_reply=True, silent=True)
    assert echo.inbox == ["ping"]
    assert sender.last_message(echo) == {"content": "echo: ping", "role": "user", "name": "echo"}


async def test_a_send_and_a_receive(kit: Any) -> None:
    a = kit.plain("a", max_consecutive_auto_reply=1, default_auto_reply="from a")
    b = kit.plain("b", max_consecutive_auto_reply=1, default_auto_reply="from b")
    await a.a_send("hi", b, request_reply=True, silent=True)
    assert [m["content"] for m in a.chat_messages[b]] == ["hi", "from b"]  # a does not reply unasked
    await b.a_receive("again", a, request_reply=True, silent=True)
    assert a.last_message(b)["content"] == "from b" and len(a.chat_messages[b]) == 2


_CALL = {"id": "c1", "type": "function", "function": {"name": "add", "arguments": "{}"}}
_RESULT = {"role": "tool", "tool_call_id": "c1", "content": "2"}


@pytest.mark.parametrize("how", ["constructor", "live list"])
def test_tool_responses_in_a_given_history_are_unrolled_for_the_model(how: str, kit: Any) -> None:
    """A history not built by the agent's own sends (v0.2's `chat_messages=` argument, or code
    appending to `chat_messages[peer]`) still reaches the API as one `tool` message per call."""
    peer = kit.plain("peer")
    history = [
        {"role": "assistant", "content": None, "tool_calls": [_CALL], "name": "bot"},
        {"role": "tool", "content": "2", "tool_responses": [_RESULT]},
    ]
    if how == "constructor":
        agent = kit.scripted_agent("bot", ["ok"], chat_messages={peer: history})
    else:
        agent = kit.scripted_agent("bot", ["ok"])
        agent.chat_messages[peer].extend(history)
    assert agent.generate_reply(sender=peer) == "ok"
    sent = kit.model_of(agent).requests[0]["messages"]
    assert [m["role"] for m in sent] == ["system", "assistant", "tool"]
    assert sent[-1] == _RESULT
