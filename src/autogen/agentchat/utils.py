"""Helpers over several agents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["gather_usage_summary"]


def _sum(a: Any, b: Any) -> Any:
    """Add two costs or counts; unknown (None) on either side stays unknown."""
    return None if a is None or b is None else a + b


def _add(total: dict[str, Any], summary: dict[str, Any] | None) -> None:
    """Fold one client's usage summary into `total`; a model without a price keeps cost None."""
    if not summary:
        return
    total["total_cost"] += summary.get("total_cost") or 0  # the sum of the known costs, as the wrapper's
    for model, data in summary.items():
        if model == "total_cost":
            continue
        if model not in total:
            total[model] = dict(data)
        else:
            for key in ("cost", "prompt_tokens", "completion_tokens", "total_tokens"):
                total[model][key] = _sum(total[model].get(key, 0), data.get(key, 0))


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
