"""The v0.2 group chat notebooks' patterns, through the public `autogen` names, with scripted models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import autogen
from autogen.io.base import IOStream
from autogen.testing import ScriptedModelClient

LLM = {"config_list": [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}], "cache_seed": None}


class Recorder:
    def __init__(self) -> None:
        self.text: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.text.append(sep.join(map(str, objects)))

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        raise AssertionError("no human input expected")


def test_dynamic_group_chat_with_code_execution(tmp_path: Path) -> None:
    """agentchat_groupchat: a user proxy that runs code, a coder, a product manager, auto selection."""
    user_proxy = autogen.UserProxyAgent(
        name="User_proxy",
        system_message="A human admin.",
        code_execution_config={"last_n_messages": 2, "work_dir": str(tmp_path), "use_docker": False},
        human_input_mode="NEVER",
    )
    coder = autogen.AssistantAgent(name="Coder", llm_config=LLM)
    pm = autogen.AssistantAgent(
        name="Product_manager", system_message="Creative in software ideas.", llm_config=LLM
    )
    coder.register_model_client(ScriptedModelClient, replies=["```python\nprint(6*7)\n```"])
    pm.register_model_client(ScriptedModelClient, replies=["It prints 42. TERMINATE"])
    groupchat = autogen.GroupChat(agents=[user_proxy, coder, pm], messages=[], max_round=12)
    manager = autogen.GroupChatManager(
        groupchat=groupchat,
        llm_config=LLM,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    manager.register_model_client(ScriptedModelClient, replies=["Coder", "User_proxy", "Product_manager"])
    out = Recorder()
    with IOStream.set_default(out):
        result = user_proxy.initiate_chat(manager, message="Compute 6*7.")
    assert [m["name"] for m in groupchat.messages] == ["User_proxy", "Coder", "User_proxy", "Product_manager"]
    assert "42" in groupchat.messages[2]["content"] and "exitcode: 0" in groupchat.messages[2]["content"]
    assert result.chat_history[-1]["content"] == "It prints 42. TERMINATE"
    assert any("Next speaker: Coder" in line for line in out.text)


def test_transition_graph_notebook_pattern() -> None:
    """agentchat_graph_modelling_language: teams whose leaders alone talk across teams."""
    agents = [
        autogen.AssistantAgent(f"{team}{i}", llm_config=LLM, description=f"member {i} of team {team}")
        for team in "AB"
        for i in range(2)
    ]
    for agent in agents:
        agent.register_model_client(ScriptedModelClient, responder=lambda request, n=agent.name: f"{n} here")
    a0, a1, b0, b1 = agents
    allowed = {a0: [a1, b0], a1: [a0], b0: [b1, a0], b1: [b0]}
    groupchat = autogen.GroupChat(
        agents=agents,
        messages=[],
        max_round=8,
        allowed_or_disallowed_speaker_transitions=allowed,
        speaker_transitions_type="allowed",
    )
    manager = autogen.GroupChatManager(groupchat=groupchat, llm_config=LLM)
    picks: list[list[dict[str, Any]]] = []
    answers = iter(["A1", "B0", "B1", "A0", "A1"])  # asked only where the graph leaves a choice

    def pick(request: dict[str, Any]) -> str:
        picks.append(request["messages"])
        return next(answers)

    manager.register_model_client(ScriptedModelClient, responder=pick)
    with IOStream.set_default(Recorder()):
        a0.initiate_chat(manager, message="Team A leader starting.")
    names = [m["name"] for m in groupchat.messages]
    assert names == ["A0", "A1", "A0", "B0", "B1", "B0", "A0", "A1"]
    assert len(picks) == 5
    assert "['A1', 'B0']" in picks[0][0]["content"]  # only the graph's candidates are offered
    for previous, current in zip(names, names[1:], strict=False):
        assert groupchat.agent_by_name(current) in allowed[groupchat.agent_by_name(previous)]  # type: ignore[index]
