"""The ModelClient for OpenAI, Azure OpenAI and any OpenAI-compatible endpoint, over the `openai` SDK.

Why not `client.chat.completions.create(**params)`: that method first walks the whole request
through the SDK's type-directed transformation, about 20 ms for a 200-message history, on every
turn. The body we send is already plain JSON-shaped data, so we hand it to the SDK client's
lower-level `post(...)`, which still gives us everything we want from the SDK: authentication,
Azure deployment routing and `api-version`, retries with backoff that honour `Retry-After`,
typed errors, and typed `ChatCompletion` / `Completion` responses.

SDK clients (connection pools) are shared per event loop and endpoint (`_pools`): the sync
facade's long-lived bridge loop reuses one pool across all calls and all wrappers, and an async
user's own loop gets its own, closed when that loop winds down.
"""

from __future__ import annotations

import os
from typing import Any, Final
from urllib.parse import urlsplit

import openai
import pydantic
from openai import AsyncAzureOpenAI, AsyncOpenAI, AsyncStream
from openai._models import construct_type
from openai._types import RequestOptions
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.completion import Completion
from pydantic_core import PydanticSerializationError, to_json

from autogen._bridge import run_sync
from autogen.exceptions import ConfigError, ModelError, redact
from autogen.oai._pools import next_shard, pool_key, shared_client
from autogen.oai._prices import cost_of
from autogen.oai._streaming import collect_chat_stream, collect_completion_stream
from autogen.oai._transport import lean_http_client
from autogen.oai._usage import USAGE_KEYS, token_counts

__all__ = ["SDK_CLIENT_KEYS", "OpenAIClient"]

# config keys that configure the SDK client (never sent in the request body)
SDK_CLIENT_KEYS: Final = frozenset(
    {
        "api_key",
        "organization",
        "project",
        "base_url",
        "websocket_base_url",
        "timeout",
        "max_retries",
        "default_headers",
        "default_query",
        "http_client",
        "api_version",
        "azure_endpoint",
        "azure_deployment",
        "azure_ad_token",
        "azure_ad_token_provider",
    }
)
# per-request SDK options a create() call may carry (sent as request options, not in the body)
_REQUEST_OPTION_KEYS: Final = ("timeout", "max_retries", "extra_headers", "extra_query", "extra_body")
# chat or not -> (the SDK's stream class, what turns the stream into one response)
_STREAM_READERS: Final[dict[bool, tuple[Any, Any]]] = {
    True: (AsyncStream[ChatCompletionChunk], collect_chat_stream),
    False: (AsyncStream[Completion], collect_completion_stream),
}
_NO_KEY_NEEDED: Final = "not-needed"  # local OpenAI-compatible servers usually ignore the key


class OpenAIClient:
    """ModelClient for the OpenAI API, Azure OpenAI (`api_type="azure"`) and compatible `base_url`s.

    `params` with `messages` go to `/chat/completions`, with `prompt` to `/completions`. On Azure,
    dots are removed from the model name to form the deployment name, as v0.2 did
    (`gpt-3.5-turbo` → `gpt-35-turbo`).
    """

    RESPONSE_USAGE_KEYS: list[str] = list(USAGE_KEYS)

    def __init__(self, config: dict[str, Any]) -> None:
        self._sdk_kwargs = {k: v for k, v in config.items() if k in SDK_CLIENT_KEYS}
        api_type = config.get("api_type") or "openai"
        self._azure = api_type.startswith("azure")
        price = config.get("price")
        self._price: tuple[float, float] | None = (float(price[0]), float(price[1])) if price else None
        base = config.get("base_url") or config.get("azure_endpoint") or "https://api.openai.com/v1"
        self.where = redact(f"model={config.get('model')!r} base_url={str(base)!r}")
        self._pool_key = (pool_key("azure" if self._azure else "openai", self._sdk_kwargs), next_shard())

    # -- the SDK client, one per event loop -------------------------------------------------
    async def _sdk(self) -> AsyncOpenAI:
        try:
            return await shared_client(self._pool_key, self._build_sdk_client)
        except (ValueError, TypeError) as err:  # the SDK's checks of its settings (api_version, ...)
            raise ConfigError(f"The config entry {self.where} is not usable: {redact(str(err))}") from None

    def _build_sdk_client(self) -> AsyncOpenAI:
        kwargs = dict(self._sdk_kwargs)
        base_url = kwargs.pop("base_url", None)
        endpoint = kwargs.get("azure_endpoint") or base_url
        if endpoint is not None and "http_client" not in kwargs:
            http_client = lean_http_client(str(endpoint))
            if http_client is not None:
                kwargs["http_client"] = http_client
        if not self._azure:
            kwargs.pop("api_version", None)
            for key in ("azure_endpoint", "azure_deployment", "azure_ad_token", "azure_ad_token_provider"):
                kwargs.pop(key, None)
            if base_url is not None:
                kwargs["base_url"] = str(base_url)
                host = urlsplit(str(base_url)).hostname or ""
                if (
                    not kwargs.get("api_key")
                    and not os.environ.get("OPENAI_API_KEY")
                    and host != "api.openai.com"
                ):
                    kwargs["api_key"] = _NO_KEY_NEEDED
            return AsyncOpenAI(**kwargs)
        if base_url is not None and "azure_endpoint" not in kwargs:
            # an Azure resource URL is the endpoint; a URL that already names the /openai path is the base
            if "/openai" in urlsplit(str(base_url)).path:
                kwargs["base_url"] = str(base_url)
            else:
                kwargs["azure_endpoint"] = str(base_url)
        return AsyncAzureOpenAI(**kwargs)

    # -- ModelClient ------------------------------------------------------------------------
    def create(self, params: dict[str, Any]) -> ChatCompletion | Completion:
        return run_sync(self.a_create(params))

    async def a_create(self, params: dict[str, Any]) -> ChatCompletion | Completion:
        body = dict(params)  # shallow: the message list itself is sent as it is, never copied
        options: RequestOptions = {"security": {"bearer_auth": True}}
        for key in _REQUEST_OPTION_KEYS:
            if key in body:
                value = body.pop(key)
                if value is None and key != "timeout":
                    continue
                if key == "extra_headers":
                    options["headers"] = value
                elif key == "extra_query":
                    options["params"] = value
                elif key == "extra_body":
                    options["extra_json"] = value
                else:
                    options[key] = value
        if self._azure and isinstance(body.get("model"), str) and "." in body["model"]:
            body["model"] = body["model"].replace(".", "")
        chat = "messages" in body
        stream = bool(body.get("stream"))
        sdk = await self._sdk()
        raw = None if self._azure else _encode(body, options)  # Azure routes on the body's model
        json_body = body if raw is None else None
        path = "/chat/completions" if chat else "/completions"
        expected: type[ChatCompletion] | type[Completion] = ChatCompletion if chat else Completion
        try:
            if stream:
                stream_cls, collect = _STREAM_READERS[chat]
                chunks = await sdk.post(
                    path,
                    body=json_body,
                    content=raw,
                    cast_to=expected,
                    options=options,
                    stream=True,
                    stream_cls=stream_cls,
                )
                response: Any = await collect(chunks, self.where)
            else:
                # the raw JSON; validated below in pydantic-core, ~15x faster than the SDK's lenient build
                data = await sdk.post(path, body=json_body, content=raw, cast_to=object, options=options)
                response = _typed(expected, data, self.where)
        except (openai.OpenAIError, ModelError):
            raise
        except ValueError as err:  # the body was not JSON
            raise ModelError(f"{self.where} answered with malformed JSON: {err}") from err
        if not isinstance(response, expected) or not isinstance(getattr(response, "choices", None), list):
            raise ModelError(
                f"{self.where} answered with something that is not a {expected.__name__}: "
                f"{redact(str(response)[:200])!r}"
            )
        if stream and response.usage is None:
            _estimate_usage(response, params)
        return response

    def message_retrieval(self, response: Any) -> list[str] | list[ChatCompletionMessage]:
        return extract_messages(response)  # type: ignore[return-value]

    def cost(self, response: Any) -> float | None:
        tokens = token_counts(response)
        model = getattr(response, "model", None)
        return cost_of(model, tokens["prompt_tokens"], tokens["completion_tokens"], self._price)

    @staticmethod
    def get_usage(response: Any) -> dict[str, Any]:
        return {
            **token_counts(response),
            "cost": getattr(response, "cost", None),
            "model": getattr(response, "model", None),
        }


def _encode(body: dict[str, Any], options: RequestOptions) -> bytes | None:
    """The request body as JSON bytes, in pydantic-core (~3x faster than the SDK's json.dumps).

    `extra_body` is merged in here, as the SDK would. None (let the SDK encode) when some value
    is not plain JSON data.
    """
    extra = options.get("extra_json")
    if extra:
        body = {**body, **extra}
    try:
        raw = to_json(body, inf_nan_mode="strings")
    except PydanticSerializationError:
        return None
    options.pop("extra_json", None)
    return raw


def _typed(expected: type[ChatCompletion] | type[Completion], data: Any, where: str) -> Any:
    """The typed response for `data`: strict validation first, the SDK's lenient build for odd servers."""
    if not isinstance(data, dict):
        raise ModelError(f"{where} answered with something that is not JSON: {redact(str(data)[:200])!r}")
    try:
        return expected.model_validate(data)
    except pydantic.ValidationError:
        return construct_type(type_=expected, value=data)  # what the SDK itself would return


def extract_messages(response: Any) -> list[str | ChatCompletionMessage | None]:
    """Per choice: the text, or the whole message when it asks for tool or function calls."""
    if isinstance(response, Completion):
        return [choice.text for choice in response.choices]
    out: list[str | ChatCompletionMessage | None] = []
    for choice in response.choices:
        message = choice.message
        if getattr(message, "tool_calls", None) or getattr(message, "function_call", None) is not None:
            out.append(message)
        else:
            out.append(message.content)
    return out


def _estimate_usage(response: ChatCompletion | Completion, params: dict[str, Any]) -> None:
    """A stream without a usage chunk: count tokens locally so cost and summaries stay meaningful."""
    try:
        from openai.types.completion_usage import CompletionUsage

        from autogen.token_count_utils import count_token

        model = response.model or "gpt-4"
        prompt_tokens = int(count_token(params.get("messages") or params.get("prompt") or "", model))
        texts = [t for t in extract_messages(response) if isinstance(t, str)]
        completion_tokens = int(count_token("".join(texts), model)) if texts else 0
        response.usage = CompletionUsage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
        )
    except Exception:  # noqa: BLE001 - an estimate is optional; usage simply stays unknown
        return
