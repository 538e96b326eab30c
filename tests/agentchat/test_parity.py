"""Every async method has a sync twin with the same parameters (one code path, two faces)."""

from __future__ import annotations

import inspect

import pytest

from autogen import AssistantAgent, ConversableAgent, GroupChatManager, UserProxyAgent
from autogen.agentchat import chat


def _params(func: object) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(func).parameters.values()]  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", [ConversableAgent, AssistantAgent, UserProxyAgent, GroupChatManager])
def test_every_async_method_has_a_sync_twin(cls: type) -> None:
    async_names = [n for n in dir(cls) if n.startswith("a_") and inspect.iscoroutinefunction(getattr(cls, n))]
    assert len(async_names) >= 12
    for name in async_names:
        twin = getattr(cls, name[2:], None)
        assert twin is not None, f"{cls.__name__}.{name} has no sync twin {name[2:]}"
        assert not inspect.iscoroutinefunction(twin), f"{cls.__name__}.{name[2:]} must be sync"
        assert _params(twin) == _params(getattr(cls, name)), f"{cls.__name__}.{name[2:]} differs from {name}"


def test_module_level_twins() -> None:
    assert _params(chat.resume_chat) == _params(chat.a_resume_chat)
