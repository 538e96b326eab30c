"""Helpers over several agents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["gather_usage_summary"]


def _add(total: dict[str, Any], summary: dict[str, Any] | None) -> None:
    if not summary:
        return
    total["total_cost"] += summary.get("total_cost", 0)
    for model, data in summary.items():
        if model == "total_cost":
            continue
        if model not in total:
            total[model] = dict(data)
        else:
            for key in ("cost", "prompt_tokens", "completion_tokens", "total_tokens"):
                total[model][key] = total[model].get(key, 0) + data.get(key, 0)


def gather_usage_summary(agents: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Token usage and cost of `agents`' LLM clients, with and without cache hits (v0.2's shape).

    `{"usage_including_cached_inference": {"total_cost": …, "<model>": {"cost", "prompt_tokens",
    "completion_tokens", "total_tokens"}}, "usage_excluding_cached_inference": {…}}`
    """
    including: dict[str, Any] = {"total_cost": 0}
    excluding: dict[str, Any] = {"total_cost": 0}
    for agent in agents:
        # `_client` where there is one: reading `client` would build a pending default client
        client = (
            getattr(agent, "_client", None) if hasattr(agent, "_client") else getattr(agent, "client", None)
        )
        if client is not None:
            _add(including, client.total_usage_summary)
            _add(excluding, client.actual_usage_summary)
    return {"usage_including_cached_inference": including, "usage_excluding_cached_inference": excluding}
