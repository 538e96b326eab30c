"""What a model call costs: USD per 1,000 tokens, (input, output), by model name.

The table covers the OpenAI and Azure OpenAI names of AutoGen v0.2's day (Azure spells
"gpt-3.5" as "gpt-35") and today's models. Dated snapshots that are not listed fall back to
their family (`gpt-4o-2099-01-01` → `gpt-4o`). A model that is still unknown costs `None`
(not 0, which would look like a free call), and is reported once per model name through the
`autogen.oai` logger. A config entry may give its own price: `"price": [input, output]`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence

__all__ = ["PRICE_PER_1K", "cost_of", "lookup_price"]

logger = logging.getLogger("autogen.oai")

# (input, output) USD per 1K tokens; one number means the same price for both
PRICE_PER_1K: dict[str, tuple[float, float]] = {
    # legacy completion models
    "text-ada-001": (0.0004, 0.0004),
    "text-babbage-001": (0.0005, 0.0005),
    "text-curie-001": (0.002, 0.002),
    "code-cushman-001": (0.024, 0.024),
    "code-davinci-002": (0.1, 0.1),
    "text-davinci-002": (0.02, 0.02),
    "text-davinci-003": (0.02, 0.02),
    "davinci-002": (0.002, 0.002),
    "babbage-002": (0.0004, 0.0004),
    "gpt-3.5-turbo-instruct": (0.0015, 0.002),
    "gpt-35-turbo-instruct": (0.0015, 0.002),
    # gpt-3.5 (OpenAI and Azure spellings)
    "gpt-3.5-turbo": (0.0005, 0.0015),
    "gpt-3.5-turbo-0301": (0.0015, 0.002),
    "gpt-3.5-turbo-0613": (0.0015, 0.002),
    "gpt-3.5-turbo-1106": (0.001, 0.002),
    "gpt-3.5-turbo-0125": (0.0005, 0.0015),
    "gpt-3.5-turbo-16k": (0.003, 0.004),
    "gpt-3.5-turbo-16k-0613": (0.003, 0.004),
    "gpt-35-turbo": (0.0005, 0.0015),
    "gpt-35-turbo-0301": (0.0015, 0.002),
    "gpt-35-turbo-0613": (0.0015, 0.002),
    "gpt-35-turbo-1106": (0.001, 0.002),
    "gpt-35-turbo-0125": (0.0005, 0.0015),
    "gpt-35-turbo-16k": (0.003, 0.004),
    "gpt-35-turbo-16k-0613": (0.003, 0.004),
    # gpt-4 family
    "gpt-4": (0.03, 0.06),
    "gpt-4-0314": (0.03, 0.06),
    "gpt-4-0613": (0.03, 0.06),
    "gpt-4-32k": (0.06, 0.12),
    "gpt-4-32k-0314": (0.06, 0.12),
    "gpt-4-32k-0613": (0.06, 0.12),
    "gpt-4-1106-preview": (0.01, 0.03),
    "gpt-4-0125-preview": (0.01, 0.03),
    "gpt-4-turbo-preview": (0.01, 0.03),
    "gpt-4-vision-preview": (0.01, 0.03),
    "gpt-4-1106-vision-preview": (0.01, 0.03),
    "gpt-4-turbo": (0.01, 0.03),
    "gpt-4-turbo-2024-04-09": (0.01, 0.03),
    "gpt-4.5-preview": (0.075, 0.15),
    # gpt-4o family
    "gpt-4o": (0.0025, 0.01),
    "gpt-4o-2024-05-13": (0.005, 0.015),
    "gpt-4o-2024-08-06": (0.0025, 0.01),
    "gpt-4o-2024-11-20": (0.0025, 0.01),
    "chatgpt-4o-latest": (0.005, 0.015),
    "gpt-4o-mini": (0.00015, 0.0006),
    "gpt-4o-mini-2024-07-18": (0.00015, 0.0006),
    # gpt-4.1 family
    "gpt-4.1": (0.002, 0.008),
    "gpt-4.1-mini": (0.0004, 0.0016),
    "gpt-4.1-nano": (0.0001, 0.0004),
    # reasoning models
    "o1": (0.015, 0.06),
    "o1-preview": (0.015, 0.06),
    "o1-mini": (0.0011, 0.0044),
    "o1-pro": (0.15, 0.6),
    "o3": (0.002, 0.008),
    "o3-mini": (0.0011, 0.0044),
    "o3-pro": (0.02, 0.08),
    "o4-mini": (0.0011, 0.0044),
    # gpt-5 family
    "gpt-5": (0.00125, 0.01),
    "gpt-5-chat-latest": (0.00125, 0.01),
    "gpt-5-mini": (0.00025, 0.002),
    "gpt-5-nano": (0.00005, 0.0004),
    "gpt-5.1": (0.00125, 0.01),
}

# "-2024-08-06" or "-0613" at the end of a model name: a dated snapshot
_SNAPSHOT = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})$")

_warned: set[str] = set()
_warned_lock = threading.Lock()


def lookup_price(model: str) -> tuple[float, float] | None:
    """The (input, output) price per 1K tokens of `model`, or None when it is unknown."""
    price = PRICE_PER_1K.get(model)
    if price is None:
        family = _SNAPSHOT.sub("", model)
        price = PRICE_PER_1K.get(family)
    return price


def cost_of(
    model: str | None,
    prompt_tokens: int,
    completion_tokens: int,
    price: Sequence[float] | None = None,
) -> float | None:
    """USD cost of one call, or None (with one warning per model name) when the price is unknown."""
    if price is not None:
        per_1k: tuple[float, float] | None = (float(price[0]), float(price[1]))
    else:
        per_1k = lookup_price(model) if model else None
    if per_1k is None:
        name = model or "<no model name>"
        with _warned_lock:
            first = name not in _warned
            _warned.add(name)
        if first:
            logger.warning(
                "Model %r is not in the price table, so its cost is None. Give the config entry a "
                "'price': [input_usd_per_1k_tokens, output_usd_per_1k_tokens] to count it.",
                name,
            )
        return None
    return (per_1k[0] * prompt_tokens + per_1k[1] * completion_tokens) / 1000
