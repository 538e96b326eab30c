"""Token and cost accounting for OpenAIWrapper, in v0.2's summary shape.

A summary is `{"total_cost": float, "<model>": {"cost", "prompt_tokens", "completion_tokens",
"total_tokens"}}`, or None before the first call. "actual" counts only calls that reached an
endpoint; "total" also counts cache hits. A model whose price is unknown has cost None: its
tokens are still counted, its cost stays None, and `total_cost` sums the known costs.
"""

from __future__ import annotations

from typing import Any

from autogen.exceptions import ConfigError
from autogen.io import IOStream

__all__ = ["USAGE_KEYS", "UsageTracker", "add_usage", "token_counts"]

_TOKEN_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens")
USAGE_KEYS = (*_TOKEN_KEYS, "cost", "model")
"""The keys of a ModelClient's `get_usage(response)` dict."""


def token_counts(response: Any) -> dict[str, int]:
    """The token counts in `response.usage`, 0 for any it does not give."""
    usage = getattr(response, "usage", None)
    return {key: getattr(usage, key, 0) or 0 for key in _TOKEN_KEYS}


def add_usage(summary: dict[str, Any] | None, usage: dict[str, Any]) -> dict[str, Any] | None:
    """Fold one call's usage (keys of ModelClient.RESPONSE_USAGE_KEYS) into `summary`."""
    model = usage.get("model")
    if model is None:
        return summary
    cost = usage.get("cost")
    if summary is None:
        summary = {"total_cost": 0.0}
    if cost is not None:
        summary["total_cost"] += cost
    entry = summary.get(model)
    if entry is None:
        entry = summary[model] = {"cost": 0.0, "prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    if cost is None or entry["cost"] is None:
        entry["cost"] = None
    else:
        entry["cost"] += cost
    for key in _TOKEN_KEYS:
        entry[key] += usage.get(key) or 0
    return summary


def _fmt_cost(cost: float | None) -> str:
    return "unknown" if cost is None else str(round(cost, 5))


class UsageTracker:
    """The two running summaries of one OpenAIWrapper."""

    def __init__(self) -> None:
        self.actual: dict[str, Any] | None = None
        self.total: dict[str, Any] | None = None

    def record(self, usage: dict[str, Any], *, cached: bool) -> None:
        self.total = add_usage(self.total, usage)
        if not cached:
            self.actual = add_usage(self.actual, usage)

    def clear(self) -> None:
        self.actual = None
        self.total = None

    def print_summary(self, mode: str | list[str]) -> None:
        modes = [mode] if isinstance(mode, str) else list(mode)
        if not modes or any(m not in ("actual", "total") for m in modes) or len(modes) > 2:
            raise ConfigError(f'Invalid mode {mode!r}: choose "actual", "total" or ["actual", "total"].')
        out = IOStream.get_default()
        if self.total is None:
            out.print('No usage summary. Please call "create" first.', flush=True)
            return
        out.print("-" * 100, flush=True)
        if "actual" in modes and "total" in modes:
            self._print_one(self.actual, "actual")
            out.print()
            if self.total != self.actual:
                self._print_one(self.total, "total")
            else:
                out.print(
                    "All completions are non-cached: the total cost with cached completions is the same "
                    "as actual cost.",
                    flush=True,
                )
        else:
            self._print_one(self.actual if modes[0] == "actual" else self.total, modes[0])
        out.print("-" * 100, flush=True)

    @staticmethod
    def _print_one(summary: dict[str, Any] | None, kind: str) -> None:
        out = IOStream.get_default()
        if summary is None:
            out.print("No actual cost incurred (all completions are using cache).", flush=True)
            return
        word = "including" if kind == "total" else "excluding"
        out.print(f"Usage summary {word} cached usage: ", flush=True)
        out.print(f"Total cost: {_fmt_cost(summary['total_cost'])}", flush=True)
        for model, counts in summary.items():
            if model == "total_cost":
                continue
            out.print(
                f"* Model '{model}': cost: {_fmt_cost(counts['cost'])}, prompt_tokens: "
                f"{counts['prompt_tokens']}, completion_tokens: {counts['completion_tokens']}, "
                f"total_tokens: {counts['total_tokens']}",
                flush=True,
            )
