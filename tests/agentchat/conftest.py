"""Helpers for agent tests: a recording IO stream and agents answered by a scripted model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from autogen import AssistantAgent, ConversableAgent
from autogen.io import IOStream
from autogen.testing import ScriptedModelClient

SCRIPTED = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]


class RecordingIO:
    """An IOStream for tests: keeps what is printed, answers input from a list."""

    def __init__(self, inputs: list[str] | None = None) -> None:
        self.inputs = list(inputs or [])
        self.prompts: list[str] = []
        self.chunks: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.chunks.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        self.prompts.append(prompt)
        if not self.inputs:
            raise AssertionError(f"unexpected human input request: {prompt!r}")
        return self.inputs.pop(0)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


@pytest.fixture
def io() -> Iterator[RecordingIO]:
    stream = RecordingIO()
    with IOStream.set_default(stream):
        yield stream


def scripted_assistant(
    name: str = "assistant", replies: list[Any] | None = None, **kwargs: Any
) -> AssistantAgent:
    agent = AssistantAgent(name, llm_config={"config_list": SCRIPTED, "cache_seed": None}, **kwargs)
    agent.register_model_client(ScriptedModelClient, replies=replies or [])
    return agent


def scripted_agent(name: str, replies: list[Any] | None = None, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("human_input_mode", "NEVER")
    agent = ConversableAgent(name, llm_config={"config_list": SCRIPTED, "cache_seed": None}, **kwargs)
    agent.register_model_client(ScriptedModelClient, replies=replies or [])
    return agent


def model_of(agent: ConversableAgent) -> ScriptedModelClient:
    """The scripted client behind `agent` (to read the requests it got)."""
    assert agent.client is not None
    client = agent.client._clients[0]
    assert isinstance(client, ScriptedModelClient)
    return client


def plain(name: str, **kwargs: Any) -> ConversableAgent:
    """An agent without LLM or human: replies come from registered functions or default_auto_reply."""
    kwargs.setdefault("human_input_mode", "NEVER")
    return ConversableAgent(name, llm_config=False, **kwargs)


class Kit:
    """The helpers above, handed to tests as the `kit` fixture."""

    plain = staticmethod(plain)
    scripted_agent = staticmethod(scripted_agent)
    scripted_assistant = staticmethod(scripted_assistant)
    model_of = staticmethod(model_of)
    RecordingIO = RecordingIO
    SCRIPTED = SCRIPTED


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
