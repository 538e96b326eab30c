"""OpenAIWrapper: one `create()` over a list of model endpoints, and the ModelClient seam.

`OpenAIWrapper` composes small pieces around ModelClients instead of one long method:
templating (`_templating`), the cache (`_cache_key` + an `autogen.cache` backend), config
fallback and its error (`_routes`, `_fallback`), usage and cost (`_usage`, `_prices`), and
the call log (`_call_log`). The OpenAI / Azure client itself is `_openai_client.OpenAIClient`
(the SDK's low-level `post`, pools shared per loop and endpoint in `_pools`, a lean network
stream for `http://` endpoints in `_transport`).

    client = OpenAIWrapper(config_list=[{"model": "gpt-4o", "api_key": "..."}])
    response = client.create(messages=[{"role": "user", "content": "2+2="}])
    print(client.extract_text_or_completion_object(response), response.cost)

Behaviour kept from v0.2 on purpose: caching is on by default (`cache_seed=41`); when every
config's answer is rejected by `filter_func`, the last answer is returned with
`pass_filter=False`. Changed: when every config fails, `AllConfigsFailedError` lists each
one (keys redacted) instead of re-raising only the last error (it is in `.errors`).
"""

from __future__ import annotations

import logging
import os
from typing import Any, ClassVar, Protocol, runtime_checkable

from autogen import _telemetry
from autogen._bridge import call_sync, maybe_await, run_sync
from autogen.exceptions import ConfigError, ModelClientNotRegisteredError, redact
from autogen.oai._cache_key import cache_key
from autogen.oai._call_log import call_log
from autogen.oai._fallback import FailureLog, moves_on
from autogen.oai._openai_client import OpenAIClient, extract_messages
from autogen.oai._routes import Route, build_routes, split_call_params
from autogen.oai._templating import instantiate, materialize
from autogen.oai._usage import USAGE_KEYS, UsageTracker

__all__ = ["LEGACY_DEFAULT_CACHE_SEED", "ModelClient", "OpenAIClient", "OpenAIWrapper"]

logger = logging.getLogger("autogen.oai")

LEGACY_DEFAULT_CACHE_SEED = 41


@runtime_checkable
class ModelClient(Protocol):
    """What OpenAIWrapper needs from a model endpoint (v0.2's protocol).

    A custom client is named in a config entry and activated after the wrapper is built:

        class MyClient:
            def __init__(self, config, **kwargs): ...
            def create(self, params): ...            # -> object with .choices[i].message.content, .model
            def message_retrieval(self, response): ...  # -> list of str / message objects
            def cost(self, response): ...
            @staticmethod
            def get_usage(response): ...            # -> dict with RESPONSE_USAGE_KEYS

        client = OpenAIWrapper(config_list=[{"model": "local", "model_client_cls": "MyClient"}])
        client.register_model_client(MyClient, device="cpu")

    A client may also define `async def a_create(self, params)`, which is awaited instead of
    running `create` on a worker thread.
    """

    RESPONSE_USAGE_KEYS: ClassVar[list[str]] = list(USAGE_KEYS)

    def create(self, params: dict[str, Any]) -> Any: ...

    def message_retrieval(self, response: Any) -> list[Any]: ...

    def cost(self, response: Any) -> float | None: ...

    @staticmethod
    def get_usage(response: Any) -> dict[str, Any]: ...


def _set(obj: Any, name: str, value: Any) -> None:
    """Attach `cost` / `config_id` / `pass_filter` to a response, as v0.2 did."""
    extra = getattr(obj, "__pydantic_extra__", None)
    if isinstance(extra, dict) and name not in type(obj).model_fields:
        extra[name] = value  # what pydantic's own (7x slower) __setattr__ does for an extra attribute
        return
    try:
        setattr(obj, name, value)
    except (AttributeError, TypeError, ValueError):
        logger.debug("cannot set %s on a %s response", name, type(obj).__name__)


class OpenAIWrapper:
    """A `create()` that tries each config of `config_list` in order until one answers."""

    cache_path_root: ClassVar[str | None] = None
    """where the default disk cache lives; None means $AUTOGEN_CACHE_PATH_ROOT or ".cache\""""

    def __init__(self, *, config_list: list[dict[str, Any]] | None = None, **base_config: Any) -> None:
        self._routes: list[Route] = build_routes(config_list, base_config)
        self._usage = UsageTracker()
        self._caches: dict[Any, Any] = {}  # cache_seed -> Cache, opened once per wrapper
        self._cache_warned = False
        _telemetry.new_wrapper(self, {"config_list": config_list, **base_config})

    def __repr__(self) -> str:
        return f"OpenAIWrapper({', '.join(r.describe() for r in self._routes)})"

    # -- v0.2 attributes some callers read -----------------------------------------------------
    @property
    def _config_list(self) -> list[dict[str, Any]]:
        return [{**r.options, **r.request} for r in self._routes]

    @property
    def _clients(self) -> list[Any]:
        return [r.client for r in self._routes]

    @property
    def total_usage_summary(self) -> dict[str, Any] | None:
        return self._usage.total

    @property
    def actual_usage_summary(self) -> dict[str, Any] | None:
        return self._usage.actual

    def print_usage_summary(self, mode: str | list[str] = ["actual", "total"]) -> None:  # noqa: B006 - v0.2 signature
        """Print token counts and cost per model (through IOStream): "actual" excludes cache hits."""
        self._usage.print_summary(mode)

    def clear_usage_summary(self) -> None:
        self._usage.clear()

    # -- custom model clients -----------------------------------------------------------------
    def register_model_client(self, model_client_cls: type, **kwargs: Any) -> None:
        """Build `model_client_cls(config_entry, **kwargs)` for every entry that names it."""
        name = model_client_cls.__name__
        found = False
        for route in self._routes:
            if route.client_cls_name == name:
                if route.client is None:
                    route.client = model_client_cls(route.config, **kwargs)
                found = True
        if not found:
            raise ConfigError(
                f"Model client {name!r} is being registered, but no config entry has "
                f'"model_client_cls": "{name}". Add one to the config_list.'
            )

    # -- create ---------------------------------------------------------------------------------
    @classmethod
    def instantiate(
        cls, template: Any, context: dict[str, Any] | None = None, allow_format_str_template: bool = False
    ) -> Any:
        return instantiate(template, context, allow_format_str_template)

    @classmethod
    def extract_text_or_completion_object(cls, response: Any) -> list[Any]:
        """Per choice: its text, or the message object when it carries tool or function calls."""
        retrieve = getattr(response, "message_retrieval_function", None)
        if callable(retrieve):
            return list(retrieve(response))
        return extract_messages(response)

    @classmethod
    def extract_text(cls, response: Any) -> list[str]:
        """Per choice, its text ("" for a tool or function call); the guide's templating example uses it."""
        return [
            item if isinstance(item, str) else "" for item in cls.extract_text_or_completion_object(response)
        ]

    def create(self, **params: Any) -> Any:
        """Sync twin of `a_create`."""
        return run_sync(self.a_create(**params))

    async def a_create(self, **params: Any) -> Any:
        """Answer `params` (`messages` or `prompt`, plus request settings) from the first config that can.

        Wrapper options in `params`: `context` and `allow_format_str_template` (templating),
        `cache` (an autogen Cache) or `cache_seed` (int; None disables caching), `filter_func`
        (`f(context=, response=) -> bool`). `timeout` / `max_retries` apply to this call only.
        """
        call_options = split_call_params(params)
        failures = FailureLog(self._routes)
        rejected: tuple[Route, dict[str, Any], Any] | None = None
        for route in self._routes:
            client, request, options = self._prepare(route, params, call_options)
            try:
                response = await self._answer(route, client, request, options)
            except Exception as err:
                if not moves_on(err):
                    raise
                failures.add(route, err, request.get("model"))
                continue
            filter_func = options.get("filter_func")
            passed = filter_func is None or bool(
                await maybe_await(filter_func, context=options.get("context"), response=response)
            )
            if passed or route is self._routes[-1]:
                return self._finish(route, request, response, passed=passed)
            rejected = (route, request, response)
        if rejected is not None:  # answers were filtered out and the later configs failed
            return self._finish(*rejected, passed=False)
        raise failures.error() from None

    def _prepare(
        self, route: Route, params: dict[str, Any], call_options: dict[str, Any]
    ) -> tuple[Any, dict[str, Any], dict[str, Any]]:
        """The client, the request (templates filled) and the wrapper options for one config."""
        options = {**call_options, **route.options} if route.options else call_options
        request = {**params, **route.request} if route.request else params
        if ("messages" in request) == ("prompt" in request):
            raise ConfigError("create() needs either messages=... or prompt=..., not both and not neither.")
        request = materialize(request, options.get("context"), bool(options.get("allow_format_str_template")))
        client = route.client
        if client is None:
            raise ModelClientNotRegisteredError(
                f"{route.describe()} names model_client_cls={route.client_cls_name!r}, which is not "
                f"registered. Call register_model_client({route.client_cls_name}, ...) before create(), "
                f"or remove the entry from the config_list."
            )
        if isinstance(client, OpenAIClient) and not request.get("model"):
            raise ConfigError(
                f"{route.describe()} has no 'model'; set it in the config entry or pass model=..."
            )
        return client, request, options

    async def _answer(
        self, route: Route, client: Any, request: dict[str, Any], options: dict[str, Any]
    ) -> Any:
        """One config's answer: from the cache, or from the endpoint (then cached); usage recorded."""
        t0 = _telemetry.started()
        cache = self._cache_for(options)
        key = self._cache_key(request, route) if cache is not None else None
        response = self._cache_get(cache, key) if key is not None else None
        cached = response is not None
        if response is None:
            response = await self._call(client, request)
            _set(response, "cost", client.cost(response))
            if key is not None:
                self._cache_set(cache, key, response)  # only whole, successful answers get here
        elif getattr(response, "cost", None) is None:
            _set(response, "cost", client.cost(response))
        self._usage.record(client.get_usage(response), cached=cached)
        if not isinstance(client, OpenAIClient):
            _set(response, "message_retrieval_function", client.message_retrieval)
        _telemetry.completion(self, client, request, response, cached, options, t0)
        return response

    @staticmethod
    def _finish(route: Route, request: dict[str, Any], response: Any, *, passed: bool) -> Any:
        _set(response, "config_id", route.index)
        _set(response, "pass_filter", passed)
        if call_log.active:
            call_log.record(request, response)
        return response

    @staticmethod
    async def _call(client: Any, request: dict[str, Any]) -> Any:
        a_create = getattr(client, "a_create", None)
        if a_create is not None:
            return await a_create(request)
        return await call_sync(client.create, request)

    # -- cache ------------------------------------------------------------------------------------
    def _cache_for(self, options: dict[str, Any]) -> Any:
        cache = options.get("cache")
        if cache is not None:
            return cache
        seed = options.get("cache_seed", LEGACY_DEFAULT_CACHE_SEED)
        if seed is None or options.get("use_cache") is False:
            return None
        cache = self._caches.get(seed)
        if cache is None and seed not in self._caches:
            root = self.cache_path_root or os.environ.get("AUTOGEN_CACHE_PATH_ROOT") or ".cache"
            try:
                from autogen.cache.cache import Cache

                cache = Cache.disk(cache_seed=seed, cache_path_root=root)
            except Exception as err:  # noqa: BLE001 - a cache problem must never stop a call
                self._warn_cache(err)
            self._caches[seed] = cache
        return cache

    # Cache calls run inline on the loop, not on a worker thread: a disk hit takes ~50 us, less
    # than the hop to a thread would; the built-in backends never block for long (Redis on a
    # short socket timeout) and never raise on I/O trouble.
    def _cache_key(self, request: dict[str, Any], route: Route) -> str | None:
        try:
            return cache_key(request, route.config)
        except Exception as err:  # noqa: BLE001 - a request the key cannot express is just not cached
            self._warn_cache(err)
            return None

    def _cache_get(self, cache: Any, key: str) -> Any:
        try:
            return cache.get(key, None)
        except Exception as err:  # noqa: BLE001
            self._warn_cache(err)
            return None

    def _cache_set(self, cache: Any, key: str, response: Any) -> None:
        try:
            cache.set(key, response)
        except Exception as err:  # noqa: BLE001
            self._warn_cache(err)

    def _warn_cache(self, err: BaseException) -> None:
        if not self._cache_warned:
            self._cache_warned = True
            logger.warning(
                "The response cache is not usable, continuing without it: %s: %s",
                type(err).__name__,
                redact(str(err)),
            )
