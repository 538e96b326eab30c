"""initiate_chat results, max_turns, summaries, carryover, sequential and nested chats."""

from __future__ import annotations

from typing import Any

import pytest

import autogen
from autogen import Agent, ChatResult, initiate_chats
from autogen.exceptions import InvalidCarryOverType


def ends(message: dict[str, Any]) -> bool:
    return "TERMINATE" in (message.get("content") or "")


def test_chat_result_fields(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    assistant = kit.scripted_assistant(replies=["The answer is 4. TERMINATE"])
    result = user.initiate_chat(assistant, message="2+2?", silent=True)
    assert isinstance(result, ChatResult)
    assert result.chat_history is user.chat_messages[assistant]
    assert result.summary == "The answer is 4. "
    assert result.human_input == []
    cost = result.cost["usage_including_cached_inference"]
    assert cost["total_cost"] == 0 and cost["scripted"]["completion_tokens"] > 0
    assert set(result.cost) == {"usage_including_cached_inference", "usage_excluding_cached_inference"}


def test_max_turns_limits_the_sender(kit: Any) -> None:
    user = kit.scripted_agent("user", replies=["u1", "u2", "u3"])
    assistant = kit.scripted_assistant(replies=["a1", "a2", "a3"])
    result = user.initiate_chat(assistant, message="start", max_turns=2, silent=True)
    assert [m["content"] for m in result.chat_history] == ["start", "a1", "u1", "a2"]


def test_clear_history_false_continues_a_finished_conversation(kit: Any) -> None:
    """FAQ "How to continue a finished conversation": send, or initiate_chat(clear_history=False)."""
    user = kit.plain("user", is_termination_msg=ends)
    assistant = kit.scripted_assistant(replies=["first TERMINATE", "second TERMINATE", "third TERMINATE"])
    user.initiate_chat(assistant, message="one", silent=True)
    user.initiate_chat(assistant, message="two", clear_history=False, silent=True)
    assert [m["content"] for m in user.chat_messages[assistant]] == [
        "one",
        "first TERMINATE",
        "two",
        "second TERMINATE",
    ]
    # the model saw the whole history on the second turn
    assert len(kit.model_of(assistant).requests[1]["messages"]) == 4
    user.send("three", assistant, silent=True)
    assert user.last_message(assistant)["content"] == "third TERMINATE"
    assert len(user.chat_messages[assistant]) == 6


def test_summary_reflection_with_llm(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    assistant = kit.scripted_assistant(replies=["long discussion TERMINATE", "a short summary"])
    result = user.initiate_chat(
        assistant,
        message="task",
        silent=True,
        summary_method="reflection_with_llm",
        summary_args={"summary_prompt": "Sum it up."},
    )
    assert result.summary == "a short summary"
    request = kit.model_of(assistant).requests[-1]["messages"]
    assert request[-1] == {"role": "system", "content": "Sum it up."}
    assert request[0]["content"] == "task"  # the chat itself, without the agent's system message


def test_summary_callable_and_none(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    seen: list[Any] = []

    def summarize(sender: Any, recipient: Any, summary_args: dict[str, Any]) -> str:
        seen.append((sender.name, recipient.name, summary_args.get("extra")))
        return "custom"

    result = user.initiate_chat(
        kit.scripted_assistant(replies=["TERMINATE"]),
        message="x",
        silent=True,
        summary_method=summarize,
        summary_args={"extra": 1},
    )
    assert result.summary == "custom" and seen == [("user", "assistant", 1)]
    result = user.initiate_chat(
        kit.scripted_assistant(replies=["TERMINATE"]), message="x", silent=True, summary_method=None
    )
    assert result.summary == ""
    with pytest.raises(ValueError, match="summary_method"):
        user.initiate_chat(kit.plain("p"), message="x", summary_method="bogus")
    with pytest.raises(ValueError, match="needs an LLM"):
        user.initiate_chat(kit.plain("p"), message="x", summary_method="reflection_with_llm")


def test_carryover_is_appended_to_the_first_message(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    assistant = kit.scripted_assistant(replies=["TERMINATE", "TERMINATE"])
    user.initiate_chat(assistant, message="Do it.", carryover=["fact one", "fact two"], silent=True)
    assert user.chat_messages[assistant][0]["content"] == "Do it.\nContext: \nfact one\nfact two"
    user.initiate_chat(assistant, message={"content": "Dict."}, carryover="a fact", silent=True)
    assert user.chat_messages[assistant][0]["content"] == "Dict.\nContext: \na fact"
    with pytest.raises(InvalidCarryOverType):
        user.initiate_chat(assistant, message="x", carryover=42, silent=True)


def test_callable_message(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    assistant = kit.scripted_assistant(replies=["TERMINATE"])

    def make(sender: Any, recipient: Any, context: dict[str, Any]) -> str:
        return f"{sender.name} asks {recipient.name} about {context['topic']}"

    user.initiate_chat(assistant, message=make, topic="cats", silent=True)
    assert user.chat_messages[assistant][0]["content"] == "user asks assistant about cats"


def test_initiate_chats_carries_summaries_forward(kit: Any, io: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    researcher = kit.scripted_assistant("researcher", replies=["Paris is the capital. TERMINATE"])
    writer = kit.scripted_assistant("writer", replies=["A poem about Paris. TERMINATE"])
    results = initiate_chats(
        [
            {"sender": user, "recipient": researcher, "message": "Capital of France?", "silent": True},
            {
                "sender": user,
                "recipient": writer,
                "message": "Write a poem.",
                "summary_method": "last_msg",
                "silent": True,
            },
        ]
    )
    assert [r.summary for r in results] == ["Paris is the capital. ", "A poem about Paris. "]
    assert user.chat_messages[writer][0]["content"] == "Write a poem.\nContext: \nParis is the capital. "
    assert autogen.initiate_chats is initiate_chats


def test_agent_initiate_chats_and_results(kit: Any) -> None:
    user = kit.plain("user", is_termination_msg=ends)
    a, b = (
        kit.scripted_assistant("a", replies=["A TERMINATE"]),
        kit.scripted_assistant("b", replies=["B TERMINATE"]),
    )
    results = user.initiate_chats(
        [{"recipient": a, "message": "1", "silent": True}, {"recipient": b, "message": "2", "silent": True}]
    )
    assert [r.summary for r in results] == ["A ", "B "]
    assert user.get_chat_results(1).summary == "B "


async def test_a_initiate_chats_with_prerequisites(kit: Any) -> None:
    from autogen.agentchat import a_initiate_chats

    user1, user2, user3 = (
        kit.plain("u1", is_termination_msg=ends),
        kit.plain("u2", is_termination_msg=ends),
        kit.plain("u3", is_termination_msg=ends),
    )
    a = kit.scripted_assistant("a", replies=["fact A TERMINATE"])
    b = kit.scripted_assistant("b", replies=["fact B TERMINATE"])
    c = kit.scripted_assistant("c", replies=["combined TERMINATE"])
    results = await a_initiate_chats(
        [
            {"chat_id": 1, "sender": user1, "recipient": a, "message": "A?", "silent": True},
            {"chat_id": 2, "sender": user2, "recipient": b, "message": "B?", "silent": True},
            {
                "chat_id": 3,
                "sender": user3,
                "recipient": c,
                "message": "Both?",
                "prerequisites": [1, 2],
                "silent": True,
            },
        ]
    )
    assert results[3].summary == "combined "
    assert user3.chat_messages[c][0]["content"] == "Both?\nContext: \nfact A \nfact B "


def test_nested_chats_reply_with_the_last_summary(kit: Any) -> None:
    user = kit.plain("user", max_consecutive_auto_reply=0, is_termination_msg=ends)
    manager = kit.plain("manager")
    critic = kit.scripted_assistant("critic", replies=["Looks good. TERMINATE"])
    manager.register_nested_chats(
        [{"recipient": critic, "summary_method": "last_msg", "max_turns": 1, "silent": True}],
        trigger=user,
    )
    user.initiate_chat(manager, message="Review this.", silent=True)
    assert manager.chat_messages[critic][0]["content"] == "Review this."
    assert user.last_message(manager)["content"] == "Looks good. "


def test_nested_chat_message_callable(kit: Any) -> None:
    user = kit.plain("user", max_consecutive_auto_reply=0, is_termination_msg=ends)
    manager = kit.plain("manager")
    critic = kit.scripted_assistant("critic", replies=["ok TERMINATE"])

    def message(recipient: Any, messages: Any, sender: Any, config: Any) -> str:
        return "Please check: " + messages[-1]["content"]

    manager.register_nested_chats(
        [{"recipient": critic, "message": message, "max_turns": 1, "silent": True}], trigger=[Agent]
    )
    user.initiate_chat(manager, message="draft", silent=True)
    assert manager.chat_messages[critic][0]["content"] == "Please check: draft"


def test_same_transcript_sync_and_async(kit: Any, io: Any) -> None:
    import asyncio

    script = ["```python\nprint(1)\n```", "it printed 1", "TERMINATE"]

    def transcript(run_async: bool) -> tuple[str, list[Any]]:
        io.chunks.clear()
        user = kit.plain("user", max_consecutive_auto_reply=5, default_auto_reply="continue")
        assistant = kit.scripted_assistant(replies=list(script))
        if run_async:
            result = asyncio.run(user.a_initiate_chat(assistant, message="go"))
        else:
            result = user.initiate_chat(assistant, message="go")
        return io.text, result.chat_history

    assert transcript(False) == transcript(True)


async def test_sync_initiate_chat_inside_a_running_loop(kit: Any) -> None:
    """What a Jupyter cell does: the sync API called while an event loop runs in this thread."""
    user = kit.plain("user", is_termination_msg=ends)
    result = user.initiate_chat(kit.scripted_assistant(replies=["done TERMINATE"]), message="x", silent=True)
    assert result.summary == "done "
