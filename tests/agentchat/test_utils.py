"""`autogen.agentchat.utils`: usage summed over agents, including models whose price is unknown."""

from __future__ import annotations

from typing import Any

from autogen import ConversableAgent, gather_usage_summary


def _llm_agent(name: str, server: Any, model: str) -> ConversableAgent:
    return ConversableAgent(
        name,
        llm_config={"config_list": server.config_list(model=model), "cache_seed": None},
        human_input_mode="NEVER",
    )


def test_two_llm_agents_on_a_local_model_end_with_a_chat_result(openai_server: Any) -> None:
    """A model without a price (a local one) has cost None; the chat still returns its usage."""
    openai_server.enqueue("hello", "TERMINATE")
    alice = _llm_agent("alice", openai_server, "my-local-llama")
    bob = _llm_agent("bob", openai_server, "my-local-llama")

    result = alice.initiate_chat(bob, message="hi", max_turns=2, silent=True)

    usage = result.cost["usage_including_cached_inference"]
    entry = usage["my-local-llama"]
    assert entry["cost"] is None  # unknown, not zero
    assert entry["total_tokens"] > 0
    assert entry["total_tokens"] == sum(
        a.client.total_usage_summary["my-local-llama"]["total_tokens"]  # type: ignore[union-attr]
        for a in (alice, bob)
    )
    assert usage["total_cost"] == 0


def test_known_and_unknown_prices_mix() -> None:
    class _Client:
        def __init__(self, summary: dict[str, Any]) -> None:
            self.total_usage_summary = self.actual_usage_summary = summary

    class _Agent:
        def __init__(self, summary: dict[str, Any]) -> None:
            self._client = _Client(summary)

    tokens = {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    known = {"total_cost": 0.5, "gpt-4": {"cost": 0.5, **tokens}}
    unknown = {"total_cost": 0.0, "gpt-4": {"cost": None, **tokens}, "local": {"cost": None, **tokens}}
    summary = gather_usage_summary([_Agent(known), _Agent(unknown)])
    including = summary["usage_including_cached_inference"]
    assert including["total_cost"] == 0.5
    assert including["gpt-4"] == {"cost": None, "prompt_tokens": 2, "completion_tokens": 4, "total_tokens": 6}
    assert including["local"]["cost"] is None
