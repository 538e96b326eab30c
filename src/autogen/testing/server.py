"""An OpenAI-compatible HTTP server on loopback, for driving the real `openai` SDK in tests.

Example::

    from openai import OpenAI
    from autogen.testing import Fault, OpenAITestServer

    with OpenAITestServer(replies=[Fault.http(429, retry_after=0.1), "Hi!"]) as server:
        with OpenAI(base_url=server.base_url, api_key="sk-test") as client:
            messages = [{"role": "user", "content": "Hello"}]
            reply = client.chat.completions.create(model="gpt-4o", messages=messages)
        assert reply.choices[0].message.content == "Hi!"
        assert len(server.requests) == 2          # the SDK retried after the 429

The server runs uvicorn in a background thread with its own event loop, so it serves sync code,
pytest fixtures and async tests alike, and slow replies (`latency`, `Fault.stall`) never hold up
other requests. Stopping ends stalls early and closes every connection at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import uvicorn

from autogen.exceptions import TestServerError
from autogen.testing._endpoint import Endpoint
from autogen.testing._replies import Reply, Responder, check_reply
from autogen.testing._server_app import RecordedRequest, ServerState, build_app

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["DEFAULT_MODELS", "OpenAITestServer", "RecordedRequest"]

DEFAULT_MODELS = ("gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-4-32k", "gpt-3.5-turbo", "gpt-35-turbo")
_START_TIMEOUT = 10.0
_DRAIN_SECONDS = 2.0


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


class OpenAITestServer(Endpoint):
    """Serve OpenAI's chat, legacy completion, model and Azure deployment routes from a script.

    `replies` answer requests in arrival order (str, dict of message fields, `Fault`, an
    exception (answered as a 500 naming it), or a callable of the request JSON); then
    `responder(request_json)` answers; with neither, a request gets a 500 naming the problem.
    `latency` seconds are awaited per request, and `chunk_delay` seconds between the chunks of a
    streamed answer (0: the stream comes at once).
    `api_key`, when given, is the only key accepted; otherwise any non-empty key is (a request
    without one gets OpenAI's 401). `port=0` picks a free port. `record=False` keeps no
    `requests` (only `request_count`): for benchmarks and long runs, where the record would grow
    without end.
    """

    def __init__(
        self,
        replies: Iterable[Reply] = (),
        responder: Responder | None = None,
        latency: float = 0.0,
        *,
        chunk_delay: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        models: Iterable[str] = DEFAULT_MODELS,
        record: bool = True,
    ) -> None:
        super().__init__(host, port, api_key, latency, chunk_delay)
        self._state = ServerState(responder, latency, chunk_delay, api_key, tuple(models), record)
        self.enqueue(*replies)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._socket: socket.socket | None = None
        self._stop_event: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "stopped"
        return f"OpenAITestServer({where}, replies_left={len(self._state.replies)})"

    # -- the script and the record ------------------------------------------------------------

    @property
    def latency(self) -> float:
        return self._state.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._state.latency = seconds

    @property
    def chunk_delay(self) -> float:
        return self._state.chunk_delay

    @chunk_delay.setter
    def chunk_delay(self, seconds: float) -> None:
        self._state.chunk_delay = seconds

    @property
    def responder(self) -> Responder | None:
        return self._state.responder

    @responder.setter
    def responder(self, responder: Responder | None) -> None:
        self._state.responder = responder

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order (API keys masked)."""
        return self._state.requests

    @property
    def request_count(self) -> int:
        """How many requests arrived, recorded or not."""
        return self._state.seen()

    @property
    def replies_left(self) -> int:
        return len(self._state.replies)

    def enqueue(self, *replies: Reply) -> None:
        """Append replies to the script (safe to call while the server runs)."""
        for reply in replies:
            check_reply(reply)
        self._state.replies.extend(replies)

    def reset(self) -> None:
        """Forget the scripted replies left and the requests recorded."""
        self._state.replies.clear()
        self._state.requests.clear()
        self._state.request_count = 0

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Self:
        """Bind the port and serve in a background thread; returns once requests are accepted."""
        if self.running:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say TCP, and
        # without it every response waits ~40 ms for the client's delayed ACK (Nagle).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._requested_port))
        except OSError:
            sock.close()
            raise
        self._socket = sock
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            build_app(self._state),
            log_config=None,  # leave the process's logging alone
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            proxy_headers=False,
            server_header=False,
            date_header=False,
            timeout_keep_alive=30,
        )
        self._ready.clear()
        self._failure = None
        self._loop = _new_loop()
        self._thread = threading.Thread(
            target=self._run,
            args=(uvicorn.Server(config), sock),
            name=f"autogen-test-server:{self._port}",
            daemon=True,
        )
        self._thread.start()
        if not self._ready.wait(_START_TIMEOUT) or self._failure is not None:
            failure, where = self._failure, f"{self.host}:{self._port}"
            self._failure = None  # reported here, not again by stop()
            self.stop()
            raise TestServerError(f"the OpenAITestServer could not start on {where}") from failure
        return self

    def stop(self) -> None:
        """Stop serving: end stalls, close every connection, join the thread, free the port."""
        thread, loop, stop_event = self._thread, self._loop, self._stop_event
        if thread is not None and loop is not None and thread.is_alive():
            if stop_event is not None:
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    loop.call_soon_threadsafe(stop_event.set)
            thread.join(_START_TIMEOUT + _DRAIN_SECONDS)
        if self._socket is not None:
            self._socket.close()
        self._thread = self._loop = self._stop_event = self._socket = None
        self._port = None
        failure, self._failure = self._failure, None
        if failure is not None:  # a test run with warnings as errors fails on this
            warnings.warn(f"the OpenAITestServer did not shut down cleanly: {failure!r}", RuntimeWarning, 2)

    def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve(server, sock))
        except BaseException as exc:  # reported by start() or stop(); the thread must not die noisily
            self._failure = exc
            self._ready.set()
        finally:
            try:
                _cancel_leftover_tasks(loop)
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                asyncio.set_event_loop(None)
                loop.close()

    async def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        self._stop_event = self._state.stopping = asyncio.Event()
        server.config.load()
        server.lifespan = server.config.lifespan_class(server.config)
        await server.startup(sockets=[sock])
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            await _shutdown(server)


def _cancel_leftover_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Like `asyncio.run`: a half-accepted connection's task closes its transport when cancelled."""
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.run_until_complete(asyncio.sleep(0))  # closed transports release their sockets


async def _shutdown(server: uvicorn.Server) -> None:
    """uvicorn's own shutdown polls every 0.1 s; tests start and stop servers often, so drain faster."""
    loop = asyncio.get_running_loop()
    listeners = list(getattr(server, "servers", ()))
    # Stop accepting, then let connections accepted just now reach uvicorn before closing the
    # listeners: on Python < 3.12 a connection still being set up when its listener closes is
    # dropped without closing its socket (a ResourceWarning in the test that stopped us).
    for listener in listeners:
        for sock in listener.sockets:
            with contextlib.suppress(Exception):
                loop.remove_reader(sock.fileno())
    for _ in range(5):
        await asyncio.sleep(0)
    for listener in listeners:
        listener.close()
    state = server.server_state
    for connection in list(state.connections):
        connection.shutdown()  # idle keep-alive connections close now, busy ones after their response
    deadline = loop.time() + _DRAIN_SECONDS
    while state.connections and loop.time() < deadline:  # noqa: ASYNC110 - uvicorn has no "drained" event
        await asyncio.sleep(0.002)
    for connection in list(state.connections):
        transport = getattr(connection, "transport", None)
        if transport is not None:
            transport.abort()
    await asyncio.sleep(0)
    tasks = list(state.tasks)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for listener in listeners:
        await listener.wait_closed()
