"""From `config_list` + base config to the ordered routes OpenAIWrapper tries.

Every key of a config lands in one of three places:

* SDK client settings (`api_key`, `base_url`, `api_version`, `timeout`, `max_retries`, …) build
  the route's ModelClient and are never sent in a request body;
* wrapper options (`cache_seed`, `cache`, `filter_func`, `context`, `agent`, `price`, …) steer
  OpenAIWrapper itself and are dropped before the request;
* everything else (`model`, `temperature`, `tools`, …) is a request parameter.

Precedence is v0.2's: create() arguments < OpenAIWrapper(**base_config) < the config entry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Final

from autogen.exceptions import ConfigError, redact
from autogen.oai._openai_client import SDK_CLIENT_KEYS, OpenAIClient

__all__ = ["WRAPPER_KEYS", "Route", "build_routes", "split_call_params"]

logger = logging.getLogger("autogen.oai")

WRAPPER_KEYS: Final = frozenset(
    {
        "cache_seed",
        "cache",
        "filter_func",
        "allow_format_str_template",
        "context",
        "agent",
        "tags",
        "model_client_cls",
        "price",
        "api_type",
        "use_cache",
    }
)
# settings of the SDK client that a single create() call may still override
_PER_CALL_SDK_KEYS: Final = frozenset({"timeout", "max_retries"})
_KNOWN_API_TYPES: Final = ("openai", "open_ai", "azure", "azure_ad")


@dataclass(repr=False)
class Route:
    """One config entry, ready to be tried."""

    index: int
    request: dict[str, Any]
    """request parameters this entry fixes (they win over create() arguments)"""
    options: dict[str, Any]
    """wrapper options this entry fixes"""
    config: dict[str, Any] = field(repr=False)  # holds the api_key
    """the whole entry as given (merged with base config), handed to a custom client class"""
    client: Any | None = field(repr=False)
    """the ModelClient, or None while a `model_client_cls` waits for register_model_client"""
    secrets: list[str] = field(default_factory=list, repr=False)

    @property
    def client_cls_name(self) -> str | None:
        name = self.config.get("model_client_cls")
        return str(name) if name is not None else None

    def __repr__(self) -> str:
        return f"Route({self.describe()})"

    def describe(self, model: Any = None) -> str:
        """`config 1 (model='gpt-4', base_url='...')`: how errors and logs name this entry."""
        base = self.config.get("base_url") or self.config.get("azure_endpoint")
        text = f"config {self.index} (model={self.config.get('model', model)!r}"
        if base:
            text += f", base_url={str(base)!r}"
        if self.client_cls_name:
            text += f", model_client_cls={self.client_cls_name!r}"
        return text + ")"


# pre-v0.2 names (openai<1) and what the v0.2 migration guide says to use instead
_RENAMED: Final = {
    "api_base": "'base_url'",
    "request_timeout": "'timeout'",
    "max_retry_period": "'max_retries' (a count of retries)",
    "retry_wait_time": "'max_retries' (the SDK backs off and honours Retry-After)",
}


def _check_entry(index: int, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ConfigError(f"config_list[{index}] must be a dict of settings, got {type(entry).__name__}.")
    for old in _RENAMED.keys() & entry.keys():
        raise ConfigError(
            f"config_list[{index}] has {old!r}, an openai<1 setting; use {_RENAMED[old]} instead "
            f"(see the v0.2 migration guide)."
        )
    api_type = entry.get("api_type")
    if api_type is not None and (not isinstance(api_type, str) or not api_type.startswith(_KNOWN_API_TYPES)):
        raise ConfigError(
            f"config_list[{index}] has api_type={api_type!r}; use 'openai' or 'azure', or a custom "
            f"client through 'model_client_cls'."
        )
    price = entry.get("price")
    if price is not None and (not isinstance(price, (list, tuple)) or len(price) != 2):
        raise ConfigError(
            f"config_list[{index}] has price={price!r}; give [input, output] USD per 1K tokens."
        )
    return entry


def build_routes(config_list: list[dict[str, Any]] | None, base_config: dict[str, Any]) -> list[Route]:
    """The routes for `config_list` (or the base config alone, when there is no list)."""
    if config_list is not None and not isinstance(config_list, list):
        raise ConfigError(f"config_list must be a list of dicts, got {type(config_list).__name__}.")
    if config_list is not None and len(config_list) == 0:
        logger.warning("OpenAIWrapper got an empty config_list; using the base config alone.")
    entries = config_list or [{}]
    routes = []
    for index, raw in enumerate(entries):
        entry = _check_entry(index, {**base_config, **_check_entry(index, raw)})
        request = {k: v for k, v in entry.items() if k not in SDK_CLIENT_KEYS and k not in WRAPPER_KEYS}
        options = {k: v for k, v in entry.items() if k in WRAPPER_KEYS}
        client = None if entry.get("model_client_cls") else OpenAIClient(entry)
        secrets = [
            str(entry[k]) for k in ("api_key", "azure_ad_token") if isinstance(entry.get(k), str) and entry[k]
        ]
        routes.append(Route(index, request, options, entry, client, secrets))
    return routes


def split_call_params(params: dict[str, Any]) -> dict[str, Any]:
    """Take the wrapper options out of a create() call's `params` (in place) and return them."""
    options = {k: params.pop(k) for k in WRAPPER_KEYS.intersection(params)}
    wrong = SDK_CLIENT_KEYS.intersection(params) - _PER_CALL_SDK_KEYS
    if wrong:
        raise ConfigError(
            f"create() got client settings {sorted(wrong)}; put them in the config list or in "
            f"OpenAIWrapper(...) instead."
        )
    return options


def redact_for(routes: list[Route], text: str) -> str:
    """`text` with every configured secret and anything key-shaped masked."""
    for route in routes:
        for secret in route.secrets:
            if len(secret) >= 4:
                text = text.replace(secret, "***")
    return redact(text)
