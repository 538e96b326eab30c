"""An in-process `ModelClient` that answers from a script: unit tests without HTTP or API keys.

Example::

    from autogen import AssistantAgent, UserProxyAgent
    from autogen.testing import ScriptedModelClient

    config_list = [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]
    assistant = AssistantAgent("assistant", llm_config={"config_list": config_list, "cache_seed": None})
    assistant.register_model_client(ScriptedModelClient, replies=["Hello! How can I help?"])
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    result = user.initiate_chat(assistant, message="Hi", max_turns=1, silent=True)
    assert result.chat_history[-1]["content"] == "Hello! How can I help?"

Responses are the `openai` SDK's own typed objects with realistic ``usage``, so code under test
cannot tell them from real ones. Faults raise the exception the SDK would raise for them.
"""

from __future__ import annotations

import asyncio
import collections
import json
from collections.abc import Iterable
from typing import Any, ClassVar, NoReturn

import httpx2
import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessage
from openai.types.completion import Completion

from autogen._bridge import run_sync
from autogen.exceptions import ScriptExhaustedError
from autogen.oai._usage import USAGE_KEYS
from autogen.testing import _payloads
from autogen.testing._payloads import MALFORMED_BODY
from autogen.testing._replies import (
    Fault,
    Reply,
    Responder,
    check_reply,
    normalize_message,
    prompt_tokens,
    reply_text,
    resolve_reply,
)

__all__ = ["ScriptedModelClient"]

_FAKE_URL = "http://scripted.invalid/v1"


class ScriptedModelClient:
    """Answer each `create` with the next scripted reply, then with `responder`, then fail loudly.

    `config` is the config-list entry (its ``model`` names the responses); `replies` are used in
    order (str, dict of message fields, `Fault`, or a callable of the request params);
    `responder(params)` answers once they run out; `latency` is awaited before every answer.
    `requests` keeps a copy of every params dict received (unless `record=False`, for benchmarks
    and long runs); `request_count` counts them either way.
    """

    RESPONSE_USAGE_KEYS: ClassVar[list[str]] = list(USAGE_KEYS)

    def __init__(
        self,
        config: dict[str, Any] | None = None,
        replies: Iterable[Reply] = (),
        responder: Responder | None = None,
        latency: float = 0.0,
        record: bool = True,
    ) -> None:
        self.config = dict(config or {})
        self.model = str(self.config.get("model") or "scripted")
        self.responder = responder
        self.latency = latency
        self.record = record
        self.requests: list[dict[str, Any]] = []
        self.request_count = 0
        self._replies: collections.deque[Reply] = collections.deque()
        self.enqueue(*replies)

    def __repr__(self) -> str:
        return f"ScriptedModelClient(model={self.model!r}, replies_left={len(self._replies)})"

    def enqueue(self, *replies: Reply) -> None:
        """Append replies to the script."""
        for reply in replies:
            check_reply(reply)
        self._replies.extend(replies)

    @property
    def replies_left(self) -> int:
        return len(self._replies)

    def create(self, params: dict[str, Any]) -> ChatCompletion | Completion:
        return run_sync(self.a_create(params))

    async def a_create(self, params: dict[str, Any]) -> ChatCompletion | Completion:
        """Answer one request (``messages`` → ChatCompletion, ``prompt`` → Completion)."""
        request = {k: v for k, v in params.items() if k not in ("cache", "agent", "context")}
        self.request_count += 1
        number = self.request_count
        if self.record:
            snapshot = dict(request)
            if isinstance(snapshot.get("messages"), list):  # callers mutate their history later
                snapshot["messages"] = [dict(m) if isinstance(m, dict) else m for m in snapshot["messages"]]
            self.requests.append(snapshot)
        if self._replies:
            reply = self._replies.popleft()
        elif self.responder is not None:
            reply = self.responder
        else:
            raise ScriptExhaustedError(
                f"ScriptedModelClient({self.model!r}) got request #{number} but its script is exhausted: "
                f"all scripted replies were used. Script more replies or pass responder=."
            )
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        resolved = await resolve_reply(reply, request)
        if isinstance(resolved, Fault):
            await self._raise_fault(resolved, request)
        model = str(request.get("model") or self.model)
        n = int(request.get("n") or 1)
        if "messages" not in request and "prompt" in request:
            body = _payloads.text_completion(
                reply_text(resolved), model=model, prompt_tokens=prompt_tokens(request), n=n
            )
            return Completion.model_validate(body)
        message, finish_reason = normalize_message(resolved)
        body = _payloads.chat_completion(
            message, finish_reason, model=model, prompt_tokens=prompt_tokens(request), n=n
        )
        return ChatCompletion.model_validate(body)

    async def _raise_fault(self, fault: Fault, request: dict[str, Any]) -> NoReturn:
        """Raise what the `openai` SDK raises when the endpoint misbehaves this way."""
        path = "/completions" if "messages" not in request and "prompt" in request else "/chat/completions"
        http_request = httpx2.Request("POST", _FAKE_URL + path)
        if fault.kind == "stall":
            timeout = request.get("timeout", self.config.get("timeout"))
            wait = fault.seconds if timeout is None else min(fault.seconds, float(timeout))
            await asyncio.sleep(wait)
            raise openai.APITimeoutError(request=http_request)
        if fault.kind in ("disconnect", "cut"):  # nothing streams in process: the call just fails
            raise openai.APIConnectionError(request=http_request)
        if fault.kind == "malformed":
            raise _malformed_error()
        body = fault.body if fault.body is not None else _payloads.error_body(fault.status)
        headers = dict(fault.headers)
        if fault.retry_after is not None:
            headers["retry-after"] = f"{fault.retry_after:g}"
        response = httpx2.Response(fault.status, request=http_request, headers=headers)
        data = body.get("error", body) if isinstance(body, dict) else body
        raise _status_error(f"Error code: {fault.status} - {body}", response, data)

    def message_retrieval(
        self, response: ChatCompletion | Completion
    ) -> list[str] | list[ChatCompletionMessage]:
        """Text per choice, or the message object when it carries tool or function calls (as v0.2)."""
        if isinstance(response, Completion):
            return [choice.text for choice in response.choices]
        return [  # type: ignore[return-value]
            choice.message
            if choice.message.tool_calls or choice.message.function_call
            else (choice.message.content or "")
            for choice in response.choices
        ]

    def cost(self, response: ChatCompletion | Completion) -> float:
        """Scripted answers are free."""
        return 0.0

    @staticmethod
    def get_usage(response: ChatCompletion | Completion) -> dict[str, Any]:
        usage = response.usage
        return {
            "prompt_tokens": usage.prompt_tokens if usage else 0,
            "completion_tokens": usage.completion_tokens if usage else 0,
            "total_tokens": usage.total_tokens if usage else 0,
            "cost": getattr(response, "cost", 0.0) or 0.0,
            "model": response.model,
        }


def _malformed_error() -> json.JSONDecodeError:
    """The JSONDecodeError the SDK lets through when a 200 body is not JSON."""
    try:
        json.loads(MALFORMED_BODY)
    except json.JSONDecodeError as exc:
        return exc
    raise AssertionError("MALFORMED_BODY must not parse")


_STATUS_ERRORS: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    409: openai.ConflictError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
}


def _status_error(message: str, response: httpx2.Response, body: object) -> openai.APIStatusError:
    if response.status_code >= 500:
        return openai.InternalServerError(message, response=response, body=body)
    return _STATUS_ERRORS.get(response.status_code, openai.APIStatusError)(
        message, response=response, body=body
    )
