"""Save a conversation's state to JSON and resume it, in fresh agents, where it stopped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from autogen.agentchat import load_chat, resume_chat, save_chat
from autogen.agentchat.chat import a_resume_chat
from autogen.exceptions import AllConfigsFailedError


def make(kit: Any, replies: list[Any]) -> tuple[Any, Any]:
    user = kit.plain("user", max_consecutive_auto_reply=10, default_auto_reply="continue")
    assistant = kit.scripted_assistant(replies=replies)
    return user, assistant


def test_save_and_load_round_trip(kit: Any, tmp_path: Path) -> None:
    user, assistant = make(kit, ["one", "two", "TERMINATE"])
    user.initiate_chat(assistant, message="start", silent=True)
    path = tmp_path / "chat.json"
    save_chat(path, user, assistant)
    data = json.loads(path.read_text())
    assert [a["name"] for a in data["agents"]] == ["user", "assistant"]

    user2, assistant2 = make(kit, [])
    load_chat(path, user2, assistant2)
    assert user2.chat_messages[assistant2] == user.chat_messages[assistant]
    assert assistant2.chat_messages[user2] == assistant.chat_messages[user]
    assert (
        user2._consecutive_auto_reply_counter[assistant2] == user._consecutive_auto_reply_counter[assistant]
    )


def test_interrupted_chat_resumes_where_it_stopped(kit: Any, tmp_path: Path) -> None:
    user, assistant = make(kit, ["one", "two"])  # the model "fails" on its third turn
    with pytest.raises(AllConfigsFailedError):
        user.initiate_chat(assistant, message="start", silent=True)
    assert [m["content"] for m in user.chat_messages[assistant]] == [
        "start",
        "one",
        "continue",
        "two",
        "continue",
    ]
    save_chat(tmp_path / "chat.json", user, assistant)

    user2, assistant2 = make(kit, ["three", "TERMINATE"])  # a new process, the endpoint back
    load_chat(tmp_path / "chat.json", user2, assistant2)
    result = resume_chat(user2, assistant2, silent=True)
    assert [m["content"] for m in result.chat_history] == [
        "start",
        "one",
        "continue",
        "two",
        "continue",
        "three",
        "continue",
        "TERMINATE",
    ]
    # the assistant answered from the whole saved history
    assert len(kit.model_of(assistant2).requests[0]["messages"]) == 6
    assert result.summary == ""


async def test_resume_with_max_turns_when_the_sender_owes_the_next_message(kit: Any) -> None:
    user = kit.scripted_agent("user", replies=["u1", "u2"])
    assistant = kit.scripted_assistant(replies=["a1", "a2"])
    await user.a_initiate_chat(assistant, message="start", max_turns=1, silent=True)
    state = (user.save_state(), assistant.save_state())
    user2 = kit.scripted_agent("user", replies=["u-next"])
    assistant2 = kit.scripted_assistant(replies=["a-next"])
    user2.load_state(state[0], [assistant2])
    assistant2.load_state(state[1], [user2])
    result = await a_resume_chat(user2, assistant2, max_turns=1, silent=True)
    assert [m["content"] for m in result.chat_history] == ["start", "a1", "u-next", "a-next"]


def test_bad_state_is_refused(kit: Any, tmp_path: Path) -> None:
    user, assistant = make(kit, [])
    with pytest.raises(ValueError, match="not 'assistant'"):
        assistant.load_state(user.save_state(), [user])
    with pytest.raises(ValueError, match="version"):
        user.load_state({"version": 99}, [assistant])
    with pytest.raises(ValueError, match="no chat"):
        resume_chat(user, assistant)
    save_chat(tmp_path / "s.json", user)
    with pytest.raises(ValueError, match="no state for an agent named 'assistant'"):
        load_chat(tmp_path / "s.json", user, assistant)
