"""Sync twins made by `_twins`: same parameters, sync, and dispatching to the instance's `a_x`."""

from __future__ import annotations

import inspect

from autogen import ConversableAgent
from autogen._bridge import sync_function, sync_method
from autogen.agentchat import chat


class _Greeter:
    async def a_greet(self, name: str, punctuation: str = "!") -> str:
        """Say hello."""
        return f"hello {name}{punctuation}"

    greet = sync_method(a_greet)


class _LoudGreeter(_Greeter):
    async def a_greet(self, name: str, punctuation: str = "!") -> str:
        return f"HELLO {name.upper()}{punctuation}"


async def a_double(x: int) -> int:
    return 2 * x


def test_method_twin_runs_the_coroutine_of_the_instance_class() -> None:
    assert _Greeter().greet("ann", punctuation="?") == "hello ann?"
    assert _LoudGreeter().greet("ann") == "HELLO ANN!"  # the subclass override of a_greet runs


def test_twin_is_sync_with_the_async_name_and_signature() -> None:
    assert not inspect.iscoroutinefunction(_Greeter.greet)
    assert _Greeter.greet.__name__ == "greet"
    assert _Greeter.greet.__qualname__ == "_Greeter.greet"
    assert str(inspect.signature(_Greeter.greet)) == str(inspect.signature(_Greeter.a_greet))
    assert "a_greet" in (_Greeter.greet.__doc__ or "") and "Say hello." in (_Greeter.greet.__doc__ or "")


def test_function_twin() -> None:
    double = sync_function(a_double)
    assert double(21) == 42
    assert double.__name__ == "double"
    assert chat.resume_chat.__name__ == "resume_chat"


def test_builtin_sync_reply_still_maps_to_its_async_twin() -> None:
    agent = ConversableAgent("a", llm_config=False)
    agent.register_reply([ConversableAgent, None], ConversableAgent.check_termination_and_human_reply)
    assert agent._reply_func_list[0]["reply_func"] is ConversableAgent.a_check_termination_and_human_reply
