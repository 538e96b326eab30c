"""GroupChatManager end to end with real agents and the scripted model client.

Selection methods through the manager, termination, clean ends, tool routing, unexecutable
calls, CLEAR HISTORY, introductions, resume, nesting, and sync/async parity.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from autogen.agentchat.conversable_agent import ConversableAgent
from autogen.agentchat.groupchat import GroupChat, GroupChatManager
from autogen.io.base import IOStream
from autogen.testing import ScriptedModelClient

SCRIPTED = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]


class Script:
    """A responder: answers from a list (then repeats `default`) and records each request's messages."""

    def __init__(self, replies: list[Any], default: Any = None) -> None:
        self.replies = list(replies)
        self.default = default
        self.requests: list[list[dict[str, Any]]] = []

    def __call__(self, request: dict[str, Any]) -> Any:
        self.requests.append(request["messages"])
        if self.replies:
            return self.replies.pop(0)
        if self.default is None:
            raise AssertionError(f"unexpected model request: {request['messages'][-1]}")
        return self.default


class QuietIO:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(map(str, objects)))

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        raise AssertionError("no human input expected")


@pytest.fixture(autouse=True)
def quiet() -> Any:
    io = QuietIO()
    with IOStream.set_default(io):
        yield io


def llm_agent(
    name: str, replies: list[Any], default: Any = None, **kwargs: Any
) -> tuple[ConversableAgent, Script]:
    script = Script(replies, default)
    agent = ConversableAgent(
        name,
        llm_config={"config_list": SCRIPTED, "cache_seed": None},
        human_input_mode="NEVER",
        description=f"{name} is a member",
        **kwargs,
    )
    agent.register_model_client(ScriptedModelClient, responder=script)
    return agent, script


def user(name: str = "user", **kwargs: Any) -> ConversableAgent:
    return ConversableAgent(name, llm_config=False, human_input_mode="NEVER", **kwargs)


def manager_for(
    groupchat: GroupChat, replies: list[Any] | None = None, **kwargs: Any
) -> tuple[GroupChatManager, Script]:
    script = Script(replies or [])
    if replies is None:
        return GroupChatManager(groupchat, llm_config=False, **kwargs), script
    manager = GroupChatManager(groupchat, llm_config={"config_list": SCRIPTED, "cache_seed": None}, **kwargs)
    manager.register_model_client(ScriptedModelClient, responder=script)
    return manager, script


def transcript(groupchat: GroupChat) -> list[tuple[str, str]]:
    return [(m.get("name", "?"), m.get("content") or "") for m in groupchat.messages]


# ---- the loop ------------------------------------------------------------------------------


def test_round_robin_chat_broadcasts_and_counts_rounds() -> None:
    u = user()
    a, _ = llm_agent("alice", ["a1", "a2"])
    b, _ = llm_agent("bob", ["b1", "b2"])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=5, speaker_selection_method="round_robin")
    manager, _ = manager_for(gc)
    result = u.initiate_chat(manager, message="start")
    # max_round counts messages, the first included; the user's default auto reply is ""
    assert transcript(gc) == [
        ("user", "start"),
        ("alice", "a1"),
        ("bob", "b1"),
        ("user", ""),
        ("alice", "a2"),
    ]
    # every member's history with the manager holds the whole chat: others' messages and its own
    assert [m["content"] for m in b.chat_messages[manager]] == [m["content"] for m in gc.messages]
    assert [m["role"] for m in b.chat_messages[manager]] == ["user", "user", "assistant", "user", "user"]
    assert manager.last_speaker is a
    assert result.chat_history[0]["content"] == "start"


async def test_auto_selection_through_manager_llm() -> None:
    u = user()
    a, _ = llm_agent("alice", ["from alice"])
    b, _ = llm_agent("bob", ["from bob"])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=3)
    manager, selector = manager_for(gc, ["  Bob. ", "I pick alice"])
    await u.a_initiate_chat(manager, message="hi")
    assert transcript(gc) == [("user", "hi"), ("bob", "from bob"), ("alice", "from alice")]
    first = selector.requests[0]
    assert "bob: bob is a member" in first[0]["content"] or "bob: bob is a member" in first[1]["content"]
    assert any(m.get("content") == "hi" and m.get("name") == "user" for m in first)


async def test_auto_retry_then_fallback(caplog: pytest.LogCaptureFixture) -> None:
    u = user()
    a, _ = llm_agent("alice", ["from alice"])
    b, _ = llm_agent("bob", ["from bob"])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=2, max_retries_for_selecting_speaker=2)
    manager, selector = manager_for(gc, ["alice and bob", "nobody", "really nobody"])
    with caplog.at_level(logging.INFO, logger="autogen.groupchat"):
        await u.a_initiate_chat(manager, message="hi")
    assert len(selector.requests) == 3
    assert "more than one participant" in selector.requests[1][-1]["content"]
    assert transcript(gc)[-1] == ("alice", "from alice")  # next after user in order
    assert "failed after 3 attempt(s); alice speaks next" in caplog.text


async def test_termination_by_manager_is_termination_msg() -> None:
    u = user()
    a, _ = llm_agent("alice", ["done. TERMINATE"])
    b, _ = llm_agent("bob", [])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=10, speaker_selection_method="round_robin")
    manager, _ = manager_for(gc, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""))
    await u.a_initiate_chat(manager, message="go")
    assert [n for n, _ in transcript(gc)] == ["user", "alice"]


async def test_no_eligible_speaker_ends_cleanly() -> None:
    u = user()
    a, _ = llm_agent("alice", ["a1"])
    b, _ = llm_agent("bob", ["b1"])
    gc = GroupChat(
        agents=[u, a, b],
        messages=[],
        max_round=10,
        speaker_selection_method="round_robin",
        allowed_or_disallowed_speaker_transitions={u: [a], a: [b]},
        speaker_transitions_type="allowed",
    )
    manager, _ = manager_for(gc)
    await u.a_initiate_chat(manager, message="go")
    assert [n for n, _ in transcript(gc)] == ["user", "alice", "bob"]


async def test_callable_selection_and_none_stops() -> None:
    u = user()
    a, _ = llm_agent("alice", ["a1", "a2"])
    b, _ = llm_agent("bob", ["b1"])

    def pick(last: Any, groupchat: GroupChat) -> Any:
        if len(groupchat.messages) >= 4:
            return None
        return "alice" if last is not a else b

    gc = GroupChat(agents=[u, a, b], messages=[], max_round=10, speaker_selection_method=pick)
    manager, _ = manager_for(gc)
    await u.a_initiate_chat(manager, message="go")
    assert [n for n, _ in transcript(gc)] == ["user", "alice", "bob", "alice"]


# ---- tools ---------------------------------------------------------------------------------


def add(a: int, b: int) -> str:
    return str(a + b)


async def test_tool_call_goes_to_executor_without_selection_round() -> None:
    u = user()
    caller, caller_script = llm_agent(
        "caller", [{"tool_calls": [{"name": "add", "arguments": {"a": 2, "b": 3}}]}, "it is 5"]
    )
    executor = user("executor", function_map={"add": add})
    gc = GroupChat(agents=[u, caller, executor], messages=[], max_round=4)
    manager, selector = manager_for(gc, ["caller", "caller"])
    await u.a_initiate_chat(manager, message="add 2 and 3")
    names = [m["name"] for m in gc.messages]
    assert names == ["user", "caller", "executor", "caller"]
    assert gc.messages[2]["content"] == "5"
    assert len(selector.requests) == 2  # user→caller and executor→caller; the tool step asked nobody
    call_id = gc.messages[1]["tool_calls"][0]["id"]
    assert gc.messages[2]["tool_responses"][0]["tool_call_id"] == call_id


async def test_call_nobody_can_execute_gets_tool_error() -> None:
    u = user()
    caller, caller_script = llm_agent(
        "caller", [{"tool_calls": [{"name": "fly", "arguments": {}}]}, "sorry, cannot fly"]
    )
    other, _ = llm_agent("other", [])
    gc = GroupChat(
        agents=[u, caller, other],
        messages=[],
        max_round=4,
        speaker_selection_method="round_robin",
        allowed_or_disallowed_speaker_transitions={u: [caller], caller: [caller], other: [u]},
        speaker_transitions_type="allowed",
    )
    manager, _ = manager_for(gc)
    await u.a_initiate_chat(manager, message="fly me")
    assert [m["name"] for m in gc.messages] == ["user", "caller", "chat_manager", "caller"]
    error = gc.messages[2]
    call_id = gc.messages[1]["tool_calls"][0]["id"]
    assert error["role"] == "tool" and error["tool_responses"][0]["tool_call_id"] == call_id
    assert "no agent in this group chat can execute the function 'fly'" in error["content"]
    # the caller's next request is valid for an endpoint: the call is answered by its id
    second = caller_script.requests[1]
    tool_messages = [m for m in second if m.get("role") == "tool"]
    assert tool_messages and tool_messages[0]["tool_call_id"] == call_id


# ---- history -------------------------------------------------------------------------------


async def test_clear_history_command() -> None:
    u = user()
    a, _ = llm_agent("alice", ["a1"])
    b, _ = llm_agent("bob", ["CLEAR HISTORY please, b1"])
    gc = GroupChat(
        agents=[u, a, b],
        messages=[],
        max_round=3,
        speaker_selection_method="round_robin",
        enable_clear_history=True,
    )
    manager, _ = manager_for(gc)
    await u.a_initiate_chat(manager, message="go")
    assert transcript(gc) == [("bob", "please, b1")]
    assert [m["content"] for m in a.chat_messages[manager]] == ["please, b1"]


async def test_send_introductions(quiet: QuietIO) -> None:
    u = user()
    a, script = llm_agent("alice", ["a1"])
    b, _ = llm_agent("bob", [])
    gc = GroupChat(
        agents=[u, a, b],
        messages=[],
        max_round=2,
        speaker_selection_method="round_robin",
        send_introductions=True,
    )
    manager, _ = manager_for(gc)
    await u.a_initiate_chat(manager, message="go")
    intro = a.chat_messages[manager][0]["content"]
    assert "alice: alice is a member" in intro and "bob: bob is a member" in intro
    assert any("alice: alice is a member" in (m.get("content") or "") for m in script.requests[0])


async def test_resume_continues_saved_chat() -> None:
    def build() -> tuple[ConversableAgent, ConversableAgent, ConversableAgent, GroupChat, GroupChatManager]:
        u = user()
        a, _ = llm_agent("alice", [], default="alice again")
        b, _ = llm_agent("bob", [], default="bob again")
        gc = GroupChat(agents=[u, a, b], messages=[], max_round=3, speaker_selection_method="round_robin")
        return u, a, b, gc, manager_for(gc)[0]

    saved = [
        {"role": "user", "name": "user", "content": "first"},
        {"role": "user", "name": "alice", "content": "alice said"},
        {"role": "user", "name": "bob", "content": "bob said TERMINATE"},
    ]
    u, a, b, gc, manager = build()
    last_agent, last_message = await manager.a_resume(
        GroupChatManager.messages_to_string(saved), remove_termination_string="TERMINATE"
    )
    assert last_agent is b and last_message["content"] == "bob said"
    assert transcript(gc) == [("user", "first"), ("alice", "alice said")]
    assert [m["content"] for m in a.chat_messages[manager]] == ["first", "alice said"]
    assert a.chat_messages[manager][1]["role"] == "assistant"  # alice's own message
    await last_agent.a_initiate_chat(manager, message=last_message, clear_history=False)
    assert [n for n, _ in transcript(gc)] == ["user", "alice", "bob", "user", "alice"]
    assert transcript(gc)[-1] == ("alice", "alice again")


def test_resume_rejects_unknown_speaker() -> None:
    gc = GroupChat(agents=[user(), user("x")], messages=[], speaker_selection_method="round_robin")
    manager, _ = manager_for(gc)
    with pytest.raises(ValueError, match="'ghost', which is not an agent"):
        manager.resume([{"role": "user", "name": "ghost", "content": "boo"}])
    with pytest.raises(ValueError, match="empty"):
        manager.resume([])


# ---- composition ---------------------------------------------------------------------------


async def test_manager_as_member_of_another_group_chat() -> None:
    x, _ = llm_agent("x", ["x speaks"])
    y, _ = llm_agent("y", ["y concludes"])
    inner = GroupChat(agents=[x, y], messages=[], max_round=3, speaker_selection_method="round_robin")
    inner_manager, _ = manager_for(inner, name="inner_manager", description="a team of x and y")
    u = user()
    w, _ = llm_agent("w", ["w wraps up"])
    outer = GroupChat(
        agents=[u, inner_manager, w], messages=[], max_round=4, speaker_selection_method="round_robin"
    )
    outer_manager, _ = manager_for(outer, name="outer_manager")
    await u.a_initiate_chat(outer_manager, message="task")
    assert (
        transcript(outer)
        == [("user", "task"), ("inner_manager", "y concludes"), ("w", "w wraps up"), ("user", "")][
            : len(outer.messages)
        ]
    )
    assert [n for n, _ in transcript(inner)] == ["outer_manager", "x", "y"]


def test_manager_refuses_tools_in_llm_config() -> None:
    gc = GroupChat(agents=[user(), user("x")], messages=[])
    with pytest.raises(ValueError, match="does not make function or tool calls"):
        GroupChatManager(gc, llm_config={"config_list": SCRIPTED, "tools": [{"type": "function"}]})


# ---- parity ---------------------------------------------------------------------------------


def _parity_setup() -> tuple[ConversableAgent, GroupChat, GroupChatManager]:
    u = user()
    a, _ = llm_agent("alice", [{"tool_calls": [{"name": "add", "arguments": {"a": 1, "b": 1}}]}, "two"])
    b = user("bob", function_map={"add": add})
    c, _ = llm_agent("carol", ["carol here"])
    gc = GroupChat(agents=[u, a, b, c], messages=[], max_round=5)
    manager, _ = manager_for(gc, ["alice", "alice", "Carol"])
    return u, gc, manager


async def test_sync_and_async_give_the_same_transcript() -> None:
    u1, gc1, m1 = _parity_setup()
    await u1.a_initiate_chat(m1, message="compute")
    u2, gc2, m2 = _parity_setup()
    import asyncio

    await asyncio.to_thread(u2.initiate_chat, m2, message="compute")

    def strip(messages: list[dict[str, Any]]) -> list[Any]:
        return [(m.get("name"), m.get("role"), m.get("content")) for m in messages]

    assert strip(gc1.messages) == strip(gc2.messages)
    assert [m.get("name") for m in gc1.messages] == ["user", "alice", "bob", "alice", "carol"]


# ---- more selection paths through the manager ------------------------------------------------


class AnsweringIO(QuietIO):
    def __init__(self, answers: list[str]) -> None:
        super().__init__()
        self.answers = answers

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return self.answers.pop(0)


async def test_manual_selection_through_manager() -> None:
    u = user()
    a, _ = llm_agent("alice", [])
    b, _ = llm_agent("bob", ["b1"])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=2, speaker_selection_method="manual")
    manager, _ = manager_for(gc)
    io = AnsweringIO(["0", "3"])
    with IOStream.set_default(io):
        await u.a_initiate_chat(manager, message="go")
    assert transcript(gc) == [("user", "go"), ("bob", "b1")]
    assert any("Invalid input" in line for line in io.lines)


async def test_random_selection_through_manager() -> None:
    import random

    u = user()
    a, _ = llm_agent("alice", [], default="a")
    b, _ = llm_agent("bob", [], default="b")
    gc = GroupChat(
        agents=[u, a, b],
        messages=[],
        max_round=12,
        speaker_selection_method="random",
        allow_repeat_speaker=False,
    )
    manager, _ = manager_for(gc)
    random.seed(3)
    await u.a_initiate_chat(manager, message="go")
    names = [n for n, _ in transcript(gc)]
    assert len(names) == 12 and set(names) == {"user", "alice", "bob"}
    assert all(x != y for x, y in zip(names, names[1:], strict=False))  # allow_repeat_speaker=False


async def test_select_speaker_auto_llm_config_uses_its_own_client() -> None:
    class PickBob(ScriptedModelClient):
        def __init__(self, config: dict[str, Any], **kwargs: Any) -> None:
            super().__init__(config, responder=lambda request: "bob")

    u = user()
    a, _ = llm_agent("alice", [])
    b, _ = llm_agent("bob", ["b1"])
    gc = GroupChat(
        agents=[u, a, b],
        messages=[],
        max_round=2,
        select_speaker_auto_llm_config={
            "config_list": [{"model": "picker", "model_client_cls": "PickBob"}],
            "cache_seed": None,
        },
        select_speaker_auto_model_client_cls=PickBob,
    )
    manager, _ = manager_for(gc)  # the manager itself has no LLM
    await u.a_initiate_chat(manager, message="go")
    assert transcript(gc) == [("user", "go"), ("bob", "b1")]


async def test_outside_initiator_and_sync_override_member() -> None:
    class Echo(ConversableAgent):
        def generate_reply(self, messages: Any = None, sender: Any = None, **kwargs: Any) -> Any:
            return "echo: " + (self.chat_messages[sender][-1]["content"] or "")

    outsider = user("outsider")
    echo = Echo("echo", llm_config=False, human_input_mode="NEVER")
    a, _ = llm_agent("alice", ["a1"])
    gc = GroupChat(agents=[echo, a], messages=[], max_round=3, speaker_selection_method="round_robin")
    manager, _ = manager_for(gc)
    await outsider.a_initiate_chat(manager, message="hello")
    assert transcript(gc) == [("outsider", "hello"), ("echo", "echo: hello"), ("alice", "a1")]


async def test_auto_without_llm_warns_once_and_goes_round_robin(caplog: pytest.LogCaptureFixture) -> None:
    u = user()
    a, _ = llm_agent("alice", [], default="a")
    b, _ = llm_agent("bob", [], default="b")
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=6)
    manager, _ = manager_for(gc)
    with caplog.at_level(logging.WARNING, logger="autogen.groupchat"):
        await u.a_initiate_chat(manager, message="go")
    assert [n for n, _ in transcript(gc)] == ["user", "alice", "bob", "user", "alice", "bob"]
    assert caplog.text.count("has no LLM") == 1


async def test_second_chat_starts_fresh() -> None:
    u = user()
    a, _ = llm_agent("alice", [], default="a")
    b, _ = llm_agent("bob", [], default="b")
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=3, speaker_selection_method="round_robin")
    manager, _ = manager_for(gc)
    await u.a_initiate_chat(manager, message="one")
    await u.a_initiate_chat(manager, message="two")
    assert transcript(gc) == [("user", "two"), ("alice", "a"), ("bob", "b")]
    assert [m["content"] for m in a.chat_messages[manager]] == ["two", "a", "b"]


async def test_concurrent_group_chats_stay_separate() -> None:
    import asyncio

    def build(tag: str) -> tuple[ConversableAgent, GroupChat, GroupChatManager]:
        u = user(f"user_{tag}")
        members = []
        for name in ("alice", "bob"):
            agent = ConversableAgent(
                f"{name}_{tag}",
                llm_config={"config_list": SCRIPTED, "cache_seed": None},
                human_input_mode="NEVER",
            )
            agent.register_model_client(
                ScriptedModelClient, responder=lambda r, n=name: f"{n} {tag}", latency=0.005
            )
            members.append(agent)
        gc = GroupChat(agents=[u, *members], messages=[], max_round=7, speaker_selection_method="round_robin")
        return u, gc, manager_for(gc)[0]

    chats = [build(tag) for tag in ("x", "y", "z")]
    await asyncio.gather(*(u.a_initiate_chat(m, message=f"start {gc.agents[0].name}") for u, gc, m in chats))
    for (_, gc, _), tag in zip(chats, ("x", "y", "z"), strict=True):
        assert [c for _, c in transcript(gc) if c] == [
            f"start user_{tag}",
            f"alice {tag}",
            f"bob {tag}",
            f"alice {tag}",
            f"bob {tag}",
        ]


async def test_selection_endpoint_failure_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    from autogen.testing import Fault

    u = user()
    a, _ = llm_agent("alice", ["a1"])
    b, _ = llm_agent("bob", [])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=2)
    manager, _ = manager_for(gc, [Fault.http(401)])  # not retried: the wrapper gives up at once
    with caplog.at_level(logging.WARNING, logger="autogen.groupchat"):
        await u.a_initiate_chat(manager, message="go")
    assert transcript(gc) == [("user", "go"), ("alice", "a1")]
    assert "could not reach its model" in caplog.text


async def test_reflection_summary_covers_the_whole_group() -> None:
    u = user()
    a, _ = llm_agent("alice", ["a1"])
    b, _ = llm_agent("bob", ["b1"])
    gc = GroupChat(agents=[u, a, b], messages=[], max_round=3, speaker_selection_method="round_robin")
    manager, script = manager_for(gc, ["the summary"])
    result = await u.a_initiate_chat(manager, message="go", summary_method="reflection_with_llm")
    assert result.summary == "the summary"
    assert [m.get("content") for m in script.requests[0][:3]] == ["go", "a1", "b1"]
