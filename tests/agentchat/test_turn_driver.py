"""Conversations run as a loop: no recursion per turn, and v0.2's nesting semantics kept."""

from __future__ import annotations

import sys
from typing import Any

from autogen import Agent, ConversableAgent


def counter_reply(limit: int) -> Any:
    def reply(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, Any]:
        n = len(messages)
        return True, (f"turn {n}" if n < limit else None)

    return reply


async def test_ten_thousand_turns(kit: Any) -> None:
    a, b = kit.plain("a"), kit.plain("b")

    async def reply(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, Any]:
        n = len(messages)
        return True, (f"turn {n}" if n < 10_000 else None)

    a.register_reply([Agent, None], reply)
    b.register_reply([Agent, None], reply)
    result = await a.a_initiate_chat(b, message="start", silent=True)
    assert len(result.chat_history) == 10_000
    assert result.chat_history[-1]["content"] == "turn 9999"
    assert len(b.chat_messages[a]) == 10_000


def test_long_llm_chat_does_not_recurse(kit: Any) -> None:
    """v0.2 died of RecursionError near 242 turns; the stack limit here is far below that."""
    user = kit.plain("user", max_consecutive_auto_reply=400, default_auto_reply="next")
    assistant = kit.scripted_assistant(replies=[f"r{i}" for i in range(400)], max_consecutive_auto_reply=400)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    try:
        result = user.initiate_chat(assistant, message="go", silent=True)
    finally:
        sys.setrecursionlimit(old)
    assert len(result.chat_history) == 801


def test_send_inside_a_reply_function_completes_before_it_returns(kit: Any) -> None:
    """A reply function that talks to a third agent gets that agent's answer first (v0.2)."""
    helper = kit.plain("helper", default_auto_reply="helper's answer")
    boss, worker = kit.plain("boss", max_consecutive_auto_reply=1), kit.plain("worker")

    def consult(recipient: Any, messages: Any, sender: Any, config: Any) -> tuple[bool, str]:
        recipient.send("question", helper, request_reply=True, silent=True)
        return True, "based on: " + recipient.last_message(helper)["content"]

    worker.register_reply([boss], consult)
    boss.initiate_chat(worker, message="task", silent=True, max_turns=1)
    assert boss.last_message(worker)["content"] == "based on: helper's answer"


def test_sync_receive_override_is_called(kit: Any) -> None:
    seen: list[str] = []

    class Logging(ConversableAgent):
        def receive(self, message: Any, sender: Any, request_reply: Any = None, silent: bool = False) -> None:
            seen.append(message if isinstance(message, str) else message["content"])
            super().receive(message, sender, request_reply, silent)

    logger = Logging(
        "logger",
        llm_config=False,
        human_input_mode="NEVER",
        max_consecutive_auto_reply=2,
        default_auto_reply="ack",
    )
    talker = kit.plain("talker", max_consecutive_auto_reply=2, default_auto_reply="more")
    talker.initiate_chat(logger, message="one", silent=True)
    assert seen == ["one", "more", "more"]


def test_send_override_sees_auto_replies(kit: Any) -> None:
    sent: list[str] = []

    class Tracing(ConversableAgent):
        async def a_send(
            self, message: Any, recipient: Any, request_reply: Any = None, silent: bool = False
        ) -> None:
            sent.append(message if isinstance(message, str) else message["content"])
            await super().a_send(message, recipient, request_reply, silent)

    tracer = Tracing(
        "tracer",
        llm_config=False,
        human_input_mode="NEVER",
        max_consecutive_auto_reply=2,
        default_auto_reply="reply",
    )
    other = kit.plain("other", max_consecutive_auto_reply=2, default_auto_reply="x")
    other.initiate_chat(tracer, message="hi", silent=True)
    assert sent == ["reply", "reply"]


async def test_concurrent_conversations_stay_apart(kit: Any) -> None:
    import asyncio

    pairs = [
        (
            kit.plain(f"u{i}", max_consecutive_auto_reply=3, default_auto_reply=f"u{i}"),
            kit.plain(f"a{i}", max_consecutive_auto_reply=3, default_auto_reply=f"a{i}"),
        )
        for i in range(20)
    ]
    results = await asyncio.gather(
        *(u.a_initiate_chat(a, message=f"start {u.name}", silent=True) for u, a in pairs)
    )
    for (u, a), result in zip(pairs, results, strict=True):
        assert {m["content"] for m in result.chat_history[1:]} == {u.name, a.name}
        assert len(result.chat_history) == 7


class _EchoClient:
    """A minimal ModelClient: answers every request at once, keeping nothing (for very long chats)."""

    def __init__(self, config: dict[str, Any], **kwargs: Any) -> None:
        self.calls = 0

    def _response(self) -> Any:
        from openai.types.chat import ChatCompletion

        self.calls += 1
        message = {"role": "assistant", "content": f"reply {self.calls}"}
        return ChatCompletion.model_validate(
            {
                "id": "r",
                "object": "chat.completion",
                "created": 0,
                "model": "echo",
                "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        )

    async def a_create(self, params: dict[str, Any]) -> Any:
        return self._response()

    def create(self, params: dict[str, Any]) -> Any:
        return self._response()

    def message_retrieval(self, response: Any) -> list[str]:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: Any) -> float:
        return 0.0

    @staticmethod
    def get_usage(response: Any) -> dict[str, Any]:
        return {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2, "cost": 0.0, "model": "echo"}


async def test_ten_thousand_turns_through_the_llm_path() -> None:
    config = {"config_list": [{"model": "echo", "model_client_cls": "_EchoClient"}], "cache_seed": None}
    assistant = ConversableAgent(
        "assistant", llm_config=config, human_input_mode="NEVER", max_consecutive_auto_reply=10_000
    )
    assistant.register_model_client(_EchoClient)
    user = ConversableAgent(
        "user",
        llm_config=False,
        human_input_mode="NEVER",
        max_consecutive_auto_reply=5_000,
        default_auto_reply="next",
    )
    result = await user.a_initiate_chat(assistant, message="go", silent=True)
    assert len(result.chat_history) == 10_002
    assert result.chat_history[-1]["content"] == "reply 5001"


def test_sync_send_override_in_a_long_chat(kit: Any) -> None:
    """A sync `send` override sees every reply, and a long chat neither recurses nor runs out of threads."""
    sent: list[str] = []

    class Tracing(ConversableAgent):
        def send(self, message: Any, recipient: Any, request_reply: Any = None, silent: bool = False) -> None:
            sent.append(message if isinstance(message, str) else message["content"])
            super().send(message, recipient, request_reply, silent)

    tracer = Tracing(
        "tracer",
        llm_config=False,
        human_input_mode="NEVER",
        max_consecutive_auto_reply=100,
        default_auto_reply="reply",
    )
    other = kit.plain("other", max_consecutive_auto_reply=100, default_auto_reply="x")
    result = other.initiate_chat(tracer, message="hi", silent=True)
    assert len(sent) == 100 and len(result.chat_history) == 201
