"""The test server's ASGI app: OpenAI's routes answering from the script, faults included.

Per request the work is kept small (one JSON parse, one JSON encode, no logging), because
benchmarks measure the framework against this server and it must not be the bottleneck.
Errors in a scripted reply answer 500 with ``x-should-retry: false``, so the SDK reports the
mistake at once instead of retrying it with back-off.
"""

from __future__ import annotations

import asyncio
import collections
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route, Router

from autogen.testing import _payloads
from autogen.testing._replies import (
    Fault,
    Reply,
    Responder,
    normalize_message,
    prompt_tokens,
    reply_text,
    resolve_reply,
)

__all__ = ["RecordedRequest", "ServerState", "build_app"]

_RAW_SEND = "autogen.testing.raw_send"
_JSON = "application/json"
_NO_RETRY = {"x-should-retry": "false"}

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


@dataclass
class RecordedRequest:
    """One request the test server received, with any API key masked."""

    method: str
    path: str
    """URL path, e.g. ``/v1/chat/completions`` or ``/openai/deployments/gpt-4o/chat/completions``."""
    headers: dict[str, str] = field(default_factory=dict)
    """Lower-cased names; ``authorization`` and ``api-key`` values are masked."""
    json: Any = None
    """The parsed JSON body (None for GET requests and bodies that were not JSON)."""
    query: dict[str, str] = field(default_factory=dict)
    """Query parameters, e.g. Azure's ``{"api-version": "2024-02-01"}``."""


class ServerState:
    """The script and the record, shared by the app (server thread) and the test (its thread)."""

    def __init__(
        self,
        responder: Responder | None,
        latency: float,
        chunk_delay: float,
        api_key: str | None,
        models: tuple[str, ...],
        record: bool = True,
    ) -> None:
        self.replies: collections.deque[Reply] = collections.deque()
        self.responder = responder
        self.latency = latency
        self.chunk_delay = chunk_delay
        self.api_key = api_key
        self.models = models
        self.record = record
        self.requests: list[RecordedRequest] = []
        self.request_count = 0  # requests not recorded
        self.stopping: asyncio.Event | None = None

    def seen(self) -> int:
        """How many requests arrived, recorded or not."""
        return len(self.requests) + self.request_count


def _json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_payloads.dumps(body), status, headers, _JSON)


def _error(status: int, message: str, *, code: str | None = None, param: str | None = None) -> Response:
    return _json_response(_payloads.error_body(status, message, code=code, param=param), status, _NO_RETRY)


def _record(request: Request, state: ServerState, body: Any = None) -> str:
    """Record the request (if recording) with its key masked; return the key it carried ("" if none).

    One pass over the raw headers: starlette's `Headers` mapping scans its list per look-up,
    which made copying it the most expensive step of a request.
    """
    headers: dict[str, str] = {}
    token = ""
    for raw_name, raw_value in request.scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name == "authorization":
            scheme, _, credential = value.partition(" ")
            if scheme.lower() == "bearer":
                token = token or credential.strip()
            value = f"{scheme} ***"
        elif name == "api-key":
            token = token or value.strip()
            value = "***"
        headers[name] = value
    if state.record:
        query = dict(request.query_params) if request.scope.get("query_string") else {}
        state.requests.append(RecordedRequest(request.method, request.scope["path"], headers, body, query))
    else:
        state.request_count += 1
    return token


def _auth_problem(token: str, api_key: str | None) -> str | None:
    """Why the request's credentials are refused, or None when they are accepted."""
    if not token:
        return (
            "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'api-key: <key>' "
            "(any non-empty key works with the autogen test server)."
        )
    if api_key is not None and token != api_key:
        return "Incorrect API key provided to the autogen test server."
    return None


async def _disconnect(request: Request, partial: bytes = b"") -> Response:
    """Drop the connection, after streaming `partial` if given, from under the ASGI server."""
    send = request.scope.get(_RAW_SEND)
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if send is None or transport is None:
        return _error(500, "Fault.disconnect() / Fault.cut() need the uvicorn server (no transport found)")
    if partial:
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": partial, "more_body": True})
        transport.close()  # flushes what was written, then closes mid-body
    else:
        transport.abort()
    for _ in range(10):  # let uvicorn notice, so it does not answer 500 in our place
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)
    return Response(status_code=500)  # never sent: the cycle is disconnected


async def _fault(
    fault: Fault, request: Request, state: ServerState, body: dict[str, Any], *, model: str, legacy: bool
) -> Response:
    if fault.kind == "disconnect" or (fault.kind == "cut" and not body.get("stream")):
        return await _disconnect(request)
    if fault.kind == "cut":
        assert fault.partial is not None
        chunks = _stream_chunks(fault.partial, body, model=model, legacy=legacy)[: fault.after_chunks]
        return await _disconnect(request, _payloads.sse(chunks, done=False) or b"\n")
    if fault.kind == "malformed":
        return Response(_payloads.MALFORMED_BODY, 200, media_type=_JSON)
    if fault.kind == "stall":
        await _sleep_unless_stopping(state, fault.seconds)
        return _error(504, f"the test server stalled this request for {fault.seconds:g} s (Fault.stall)")
    headers = dict(fault.headers)
    if fault.retry_after is not None:
        headers["retry-after"] = f"{fault.retry_after:g}"
    if isinstance(fault.body, str | bytes):
        content = fault.body.encode() if isinstance(fault.body, str) else fault.body
        return Response(content, fault.status, headers, "text/plain")
    body = fault.body if fault.body is not None else _payloads.error_body(fault.status)
    return _json_response(body, fault.status, headers)


async def _answer(request: Request, state: ServerState, *, legacy: bool, deployment: str | None) -> Response:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    problem = _auth_problem(_record(request, state, body), state.api_key)
    if problem:
        return _error(401, problem, code="invalid_api_key")
    if not isinstance(body, dict):
        return _error(400, "We could not parse the JSON body of your request (expected a JSON object).")
    if deployment is not None and "api-version" not in request.query_params:
        return _error(400, "Azure requests need the 'api-version' query parameter.", param="api-version")
    model = body.get("model") or deployment
    if not model:
        return _error(
            400, "you must provide a model parameter", code="missing_required_parameter", param="model"
        )
    required = "prompt" if legacy else "messages"
    if required not in body:
        return _error(
            400,
            f"Missing required parameter: '{required}'.",
            code="missing_required_parameter",
            param=required,
        )

    if state.replies:
        reply: Reply = state.replies.popleft()
    elif state.responder is not None:
        reply = state.responder
    else:
        return _error(
            500,
            f"The autogen test server has no scripted reply left for request #{state.seen()} "
            f"({request.scope['path']}): enqueue more replies or pass responder=.",
        )
    if state.latency > 0:
        await _sleep_unless_stopping(state, state.latency)
    try:
        resolved = await resolve_reply(reply, body)
        if isinstance(resolved, Fault):
            return await _fault(resolved, request, state, body, model=str(model), legacy=legacy)
        return _completion(resolved, body, state, model=str(model), legacy=legacy)
    except Exception as exc:  # a broken script must reach the test as a clear error, not a log line
        return _error(500, f"The scripted reply failed: {type(exc).__name__}: {exc}")


async def _sleep_unless_stopping(state: ServerState, seconds: float) -> bool:
    """Sleep, but wake as soon as the server stops; True if it is stopping."""
    if state.stopping is None:
        await asyncio.sleep(seconds)
        return False
    try:
        await asyncio.wait_for(state.stopping.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        return False
    return True


async def _paced(chunks: list[Any], state: ServerState) -> AsyncIterator[bytes]:
    """Send one chunk at a time, `chunk_delay` apart, as a slow model would (cut short by stop)."""
    for index, chunk in enumerate(chunks):
        if index and await _sleep_unless_stopping(state, state.chunk_delay):
            return
        yield _payloads.sse([chunk], done=False)
    yield b"data: [DONE]\n\n"


def _stream_chunks(
    reply: str | dict[str, Any], body: dict[str, Any], *, model: str, legacy: bool
) -> list[Any]:
    n = int(body.get("n") or 1)
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    tokens = prompt_tokens(body)
    if legacy:
        return _payloads.completion_chunks(
            reply_text(reply), model=model, prompt_tokens=tokens, n=n, include_usage=include_usage
        )
    message, finish_reason = normalize_message(reply)
    return _payloads.chat_chunks(
        message, finish_reason, model=model, prompt_tokens=tokens, n=n, include_usage=include_usage
    )


def _completion(
    reply: str | dict[str, Any], body: dict[str, Any], state: ServerState, *, model: str, legacy: bool
) -> Response:
    if body.get("stream"):
        chunks = _stream_chunks(reply, body, model=model, legacy=legacy)
        if state.chunk_delay > 0:
            return StreamingResponse(_paced(chunks, state), media_type="text/event-stream")
        return Response(_payloads.sse(chunks), media_type="text/event-stream")
    n = int(body.get("n") or 1)
    tokens = prompt_tokens(body)
    if legacy:
        return _json_response(
            _payloads.text_completion(reply_text(reply), model=model, prompt_tokens=tokens, n=n)
        )
    message, finish_reason = normalize_message(reply)
    return _json_response(
        _payloads.chat_completion(message, finish_reason, model=model, prompt_tokens=tokens, n=n)
    )


def build_app(state: ServerState) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The ASGI app for `state`: OpenAI and Azure OpenAI routes, JSON 404 for anything else."""

    async def chat(request: Request) -> Response:
        return await _answer(request, state, legacy=False, deployment=request.path_params.get("deployment"))

    async def legacy(request: Request) -> Response:
        return await _answer(request, state, legacy=True, deployment=request.path_params.get("deployment"))

    async def models(request: Request) -> Response:
        problem = _auth_problem(_record(request, state), state.api_key)
        if problem:
            return _error(401, problem, code="invalid_api_key")
        entries = [
            {"id": m, "object": "model", "created": int(time.time()), "owned_by": "autogen-testing"}
            for m in state.models
        ]
        wanted = request.path_params.get("model")
        if wanted is None:
            return _json_response({"object": "list", "data": entries})
        for entry in entries:
            if entry["id"] == wanted:
                return _json_response(entry)
        return _error(404, f"The model '{wanted}' does not exist", code="model_not_found", param="model")

    async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
        response = _error(
            404, f"Unknown URL {scope.get('method')} {scope.get('path')} on the autogen test server."
        )
        await response(scope, receive, send)

    router = Router(
        routes=[
            Route("/v1/chat/completions", chat, methods=["POST"]),
            Route("/v1/completions", legacy, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
            Route("/v1/models/{model:path}", models, methods=["GET"]),
            Route("/openai/deployments/{deployment}/chat/completions", chat, methods=["POST"]),
            Route("/openai/deployments/{deployment}/completions", legacy, methods=["POST"]),
        ],
        default=not_found,
    )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scope[_RAW_SEND] = send  # Fault.disconnect reaches the transport through it
        await router(scope, receive, send)

    return app
