"""The same scripted chats run sync and async give the same transcripts, message for message.

Not only the signatures of the twins (see test_parity.py): each scenario is built afresh twice,
run once through the sync facade and once through the coroutines, and the whole transcripts
(every history the agents keep, and the group chat's messages) are compared.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autogen import AssistantAgent, ConversableAgent, GroupChat, GroupChatManager, UserProxyAgent
from autogen.testing import ScriptedModelClient

SCRIPTED = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]
Scenario = Callable[[], tuple[ConversableAgent, ConversableAgent, dict[str, Any], list[ConversableAgent]]]


def llm(name: str, replies: list[Any], cls: type[ConversableAgent] = AssistantAgent, **kw: Any) -> Any:
    agent = cls(name, llm_config={"config_list": SCRIPTED, "cache_seed": None}, **kw)
    agent.register_model_client(ScriptedModelClient, replies=replies)
    return agent


def code_chat(work_dir: Path) -> Scenario:
    def build() -> Any:
        assistant = llm("assistant", ["Run this:\n```python\nprint(6 * 7)\n```", "TERMINATE"])
        user = UserProxyAgent(
            "user",
            human_input_mode="NEVER",
            code_execution_config={"work_dir": str(work_dir), "use_docker": False},
        )
        return user, assistant, {"message": "compute"}, [user, assistant]

    return build


def tool_chat() -> Any:
    call = {"id": "call_1", "function": {"name": "add", "arguments": '{"a": 2, "b": 3}'}}
    assistant = llm("assistant", [{"content": None, "tool_calls": [call]}, "TERMINATE"])
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)

    @user.register_for_execution()
    @assistant.register_for_llm(description="add two numbers")
    def add(a: int, b: int) -> int:
        return a + b

    return user, assistant, {"message": "2 + 3?"}, [user, assistant]


def group_chat() -> Any:
    user = UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="go on"
    )
    a = llm("alice", ["alice 1", "alice 2"], ConversableAgent, human_input_mode="NEVER")
    b = llm("bob", ["bob 1", "bob 2"], ConversableAgent, human_input_mode="NEVER")
    gc = GroupChat(agents=[user, a, b], messages=[], max_round=6, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    return user, manager, {"message": "start"}, [user, a, b, manager]


def nested_chat() -> Any:
    writer = llm("writer", ["a draft", "the final text TERMINATE"], human_input_mode="NEVER")
    critic = llm("critic", ["needs work", "good"], ConversableAgent, human_input_mode="NEVER")
    inner = ConversableAgent("inner", llm_config=False, human_input_mode="NEVER")
    critic.register_nested_chats(
        [
            {
                "recipient": inner,
                "message": lambda *a: "review it",
                "max_turns": 1,
                "summary_method": "last_msg",
            }
        ],
        trigger=writer,
    )
    return writer, critic, {"message": "write", "max_turns": 2}, [writer, critic, inner]


def transcripts(agents: list[ConversableAgent]) -> list[Any]:
    out: list[Any] = []
    for agent in agents:
        out.append({peer.name: list(history) for peer, history in agent.chat_messages.items()})
        if isinstance(agent, GroupChatManager):
            out.append(list(agent.groupchat.messages))
    return out


def run_both(build: Scenario) -> tuple[list[Any], list[Any]]:
    sender, recipient, kwargs, agents = build()
    sync_result = sender.initiate_chat(recipient, silent=True, **kwargs)
    sync = [transcripts(agents), sync_result.chat_history, sync_result.summary]
    sender, recipient, kwargs, agents = build()
    async_result = asyncio.run(sender.a_initiate_chat(recipient, silent=True, **kwargs))
    asynchronous = [transcripts(agents), async_result.chat_history, async_result.summary]
    return sync, asynchronous


@pytest.mark.parametrize("scenario", ["code", "tools", "group", "nested"])
def test_sync_and_async_transcripts_are_the_same(scenario: str, tmp_path: Path, io: Any) -> None:
    build = {"code": code_chat(tmp_path), "tools": tool_chat, "group": group_chat, "nested": nested_chat}[
        scenario
    ]
    sync, asynchronous = run_both(build)
    assert sync == asynchronous
    assert len(sync[1]) >= 3  # a real conversation, not two empty ones


def test_the_scenarios_do_what_they_say(tmp_path: Path, io: Any) -> None:
    code, _ = run_both(code_chat(tmp_path))
    assert code[1][0]["content"] == "compute" and "42" in code[1][2]["content"]
    tools, _ = run_both(tool_chat)
    assert any(m.get("tool_responses") and m["content"] == "5" for m in tools[1])
    group, _ = run_both(group_chat)
    assert [m["name"] for m in group[0][-1]] == ["user", "alice", "bob", "user", "alice", "bob"]
    nested, _ = run_both(nested_chat)
    assert nested[0][2]  # the inner agent talked with the critic
