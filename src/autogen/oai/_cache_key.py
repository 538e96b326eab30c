"""The cache key of one request: everything that can change the answer, nothing secret.

The key hashes every request parameter (messages or prompt, model, tools, temperature, …)
together with where the request goes (base_url, api_type, api_version, Azure endpoint and
deployment, custom client class), so two endpoints serving the same model name never share
answers. The api_key is left out on purpose (rotating a key keeps the cache) and so are
transport settings that cannot change the answer (timeout, max_retries).
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic_core import to_json

__all__ = ["cache_key"]

# config keys that say where a request goes
_ROUTE_KEYS = (
    "base_url",
    "api_type",
    "api_version",
    "azure_endpoint",
    "azure_deployment",
    "model_client_cls",
)
# request options that never change the answer
_IGNORED = frozenset({"timeout", "max_retries", "api_key", "azure_ad_token", "azure_ad_token_provider"})


def _fallback(obj: Any) -> Any:
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        return dump()
    if callable(obj):
        return f"<callable {getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', repr(obj))}>"
    if isinstance(obj, (set, frozenset)):
        return sorted(map(repr, obj))
    return repr(obj)


def cache_key(params: dict[str, Any], route: dict[str, Any]) -> str:
    """A short, stable key for `params` sent through the config `route` (a config entry).

    Top-level parameters are sorted; inside messages, key order is kept as given (sorting
    every message dict would triple the cost of a hit for no gain: one code path builds its
    messages the same way every time, and a different order is only a miss, never a wrong hit).
    """
    request = sorted((k, v) for k, v in params.items() if k not in _IGNORED)
    where = [(k, str(route[k])) for k in _ROUTE_KEYS if route.get(k) is not None]
    return hashlib.sha256(to_json([request, where], fallback=_fallback, bytes_mode="base64")).hexdigest()
