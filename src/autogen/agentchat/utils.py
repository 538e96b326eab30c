"""Helpers over several agents and over message text (v0.2.35's `autogen.agentchat.utils`)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from typing import Any

from autogen._content import content_str
from autogen.exceptions import ChatQueueError

__all__ = ["consolidate_chat_info", "gather_usage_summary", "parse_tags_from_content"]


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


def consolidate_chat_info(
    chat_info: dict[str, Any] | list[dict[str, Any]], uniform_sender: Any = None
) -> None:
    """Check a chat queue entry (or list of them) as v0.2.35 does before running it.

    Each needs a `recipient` (and a `sender` unless `uniform_sender` is given); `summary_method`
    must be 'last_msg', 'reflection_with_llm' (with an LLM on one side), a callable or None.
    Raises `ChatQueueError` (an AssertionError, as v0.2's asserts).
    """
    for index, chat in enumerate([chat_info] if isinstance(chat_info, dict) else chat_info):
        sender = chat.get("sender") if uniform_sender is None else uniform_sender
        if "recipient" not in chat or sender is None:
            raise ChatQueueError(f"chat_info[{index}] needs a 'recipient' and a 'sender' agent.")
        method = chat.get("summary_method")
        if not (method is None or callable(method) or method in ("last_msg", "reflection_with_llm")):
            raise ChatQueueError(
                f"chat_info[{index}]: summary_method must be 'last_msg', 'reflection_with_llm', "
                f"a callable or None, got {method!r}."
            )
        if method == "reflection_with_llm" and not (
            getattr(sender, "client", None) is not None
            or getattr(chat["recipient"], "client", None) is not None
        ):
            raise ChatQueueError(
                f"chat_info[{index}]: summary_method='reflection_with_llm' needs an llm_config on the sender "
                "or the recipient."
            )


def parse_tags_from_content(tag: str, content: str | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The HTML-style `<tag ...>` elements in a message's text: `{"tag", "attr", "match"}` each.

    `<img http://x/y.png>` gives `attr == {"src": "http://x/y.png"}` (a lone value is the source);
    `<audio text="hi" prompt="whisper">` gives the named attributes. Multimodal content is read
    part by part (text parts only).
    """
    texts = (
        [content]
        if isinstance(content, str)
        else [
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type") == "text"
        ]
    )
    pattern = re.compile(rf"<{re.escape(tag)}\s+([^>]+?)\s*/?>")
    found: list[dict[str, Any]] = []
    for text in texts:
        for match in pattern.finditer(content_str(text)):
            found.append({"tag": tag, "attr": _attributes(match.group(1)), "match": match})
    return found


def _attributes(inner: str) -> dict[str, str]:
    try:
        words = shlex.split(inner)
    except ValueError:  # an unbalanced quote: split on spaces
        words = inner.split()
    attrs: dict[str, str] = {}
    for word in words:
        key, eq, value = word.partition("=")
        if eq and key:
            attrs[key] = value
        else:
            attrs.setdefault("src", word)
    return attrs
