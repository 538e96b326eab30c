"""A group chat over the real `openai` SDK, against the OpenAI-compatible test server on loopback."""

from __future__ import annotations

from typing import Any

from autogen.agentchat.conversable_agent import ConversableAgent
from autogen.agentchat.groupchat import GroupChat, GroupChatManager
from autogen.io.base import IOStream
from autogen.testing import OpenAITestServer


class Quiet:
    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        pass

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        raise AssertionError("no human input expected")


def test_auto_group_chat_over_http_with_an_unexecutable_tool_call() -> None:
    with OpenAITestServer() as server, IOStream.set_default(Quiet()):
        llm = {"config_list": server.config_list(), "cache_seed": None}
        user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
        planner = ConversableAgent("planner", llm_config=llm, human_input_mode="NEVER", description="plans")
        writer = ConversableAgent("writer", llm_config=llm, human_input_mode="NEVER", description="writes")
        gc = GroupChat(agents=[user, planner, writer], messages=[], max_round=4)
        manager = GroupChatManager(gc, llm_config=llm)
        server.enqueue(
            "The Planner should go.",  # selection 1 (a mention, not an exact name)
            {"tool_calls": [{"name": "search", "arguments": {"q": "x"}}]},  # planner calls a missing tool
            "writer",  # selection 2, after the manager's tool error
            "Here is the text.",  # writer
        )
        user.initiate_chat(manager, message="Write a haiku.")

    assert [m["name"] for m in gc.messages] == ["user", "planner", "chat_manager", "writer"]
    assert gc.messages[3]["content"] == "Here is the text."
    bodies = [r.json for r in server.requests if r.path.endswith("/chat/completions")]
    assert len(bodies) == 4
    # the selection request is plain text: safe for any endpoint
    assert all("tool_calls" not in m for m in bodies[2]["messages"])
    # the writer's request carries the planner's call and the error answering it, matched by id
    writer_messages = bodies[3]["messages"]
    call = next(m for m in writer_messages if m.get("tool_calls"))
    answer = next(m for m in writer_messages if m.get("role") == "tool")
    assert answer["tool_call_id"] == call["tool_calls"][0]["id"]
    assert "'search'" in answer["content"]
