"""`ReplyContext`: what a reply function may read and do, and that the built-ins need no more."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

from autogen import ConversableAgent
from autogen.agentchat import replies
from autogen.agentchat.reply_context import ReplyContext
from autogen.testing import ScriptedModelClient

SCRIPTED = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]


def test_a_user_reply_function_reads_and_acts_through_the_context() -> None:
    seen: dict[str, Any] = {}
    assistant = ConversableAgent(
        "assistant", llm_config={"config_list": SCRIPTED, "cache_seed": None}, human_input_mode="NEVER"
    )
    assistant.register_model_client(ScriptedModelClient, replies=["from the model"])
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER", max_consecutive_auto_reply=0)
    observer = ConversableAgent("observer", llm_config=False, human_input_mode="NEVER")

    def reply(
        recipient: Any, messages: Any = None, sender: Any = None, config: Any = None
    ) -> tuple[bool, Any]:
        ctx = recipient.reply_context(sender, messages, config)
        seen.update(
            name=ctx.name,
            last=ctx.last_message()["content"],
            history=len(ctx.history()),
            has_client=ctx.client is not None,
            config=ctx.config,
            mode=ctx.human_input_mode,
        )
        ctx.auto_replies += 1
        return True, f"seen {len(ctx.messages)}"

    assistant.register_reply([ConversableAgent, None], reply, config={"k": 1})
    result = user.initiate_chat(assistant, message="hello", max_turns=1, silent=True)
    assert result.chat_history[-1]["content"] == "seen 1"
    assert seen == {
        "name": "assistant",
        "last": "hello",
        "history": 1,
        "has_client": True,
        "config": {"k": 1},
        "mode": "NEVER",
    }
    ctx = assistant.reply_context(user)
    assert ctx.auto_replies == 1  # the live counter of the agent
    assert isinstance(ctx, ReplyContext) and ctx.chat_messages is assistant.chat_messages
    asyncio.run(ctx.send("a note", observer, request_reply=False, silent=True))
    assert observer.chat_messages[assistant][-1]["content"] == "a note"


def test_the_built_in_replies_read_no_private_attribute() -> None:
    """Everything a built-in reply needs from an agent comes through `reply_context`."""
    offenders = []
    for path in Path(replies.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in ("recipient", "sender", "agent", "config", "ctx")
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == []
