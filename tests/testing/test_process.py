"""OpenAITestServerProcess: the CLI server as a context manager, for benchmarks."""

from __future__ import annotations

import asyncio

import openai
import pytest

from autogen.testing.process import OpenAITestServerProcess

USER = [{"role": "user", "content": "ping"}]


async def test_serves_replies_in_turn_and_enforces_its_key() -> None:
    async with OpenAITestServerProcess(replies=["one", "two"]) as server:
        assert server.running
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0) as c:
            replies = await asyncio.gather(
                *(c.chat.completions.create(model="m", messages=USER) for _ in range(4))  # type: ignore[arg-type]
            )
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-wrong", max_retries=0) as c:
            with pytest.raises(openai.AuthenticationError):
                await c.chat.completions.create(model="m", messages=USER)  # type: ignore[arg-type]
        (entry,) = server.config_list()
        assert entry == {"model": "gpt-4o", "base_url": server.base_url, "api_key": server.api_key}
    assert sorted(r.choices[0].message.content or "" for r in replies) == ["one", "one", "two", "two"]
    assert not server.running


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least one reply"):
        OpenAITestServerProcess(replies=[])
    with pytest.raises(ValueError, match="latency"):
        OpenAITestServerProcess(latency=-1)
    with pytest.raises(RuntimeError, match="not running"):
        _ = OpenAITestServerProcess().base_url
