"""`IOWebsockets`: an agent's input and output over a websocket, as in v0.2.35.

A websocket server (the `websockets` package, `autogen[websockets]`) runs in a thread; each
client connection runs `on_connect(iostream)` in its own thread with that connection as the
default `IOStream`, so everything the agents print, streamed tokens included, goes to that
client, and `input()` reads the client's next message:

    def on_connect(iostream: IOWebsockets) -> None:
        task = iostream.input()
        user_proxy.initiate_chat(assistant, message=task)

    with IOWebsockets.run_server_in_thread(on_connect=on_connect, port=0) as uri:
        ...  # clients connect to `uri`

With `port=0` a free port is chosen and the yielded URI names it (v0.2 would yield port 0).
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from autogen._extras import require
from autogen.io.base import IOStream

__all__ = ["IOWebsockets", "ServerConnection", "WebSocketServer"]

logger = logging.getLogger(__name__)

_START_TIMEOUT = 10.0


class ServerConnection(Protocol):
    """What `IOWebsockets` needs of a connection (`websockets.sync.server.ServerConnection` fits)."""

    def send(self, message: str | bytes) -> None: ...

    def recv(self, timeout: float | None = None) -> str | bytes: ...

    def close(self, code: int = 1000, reason: str = "") -> None: ...


class WebSocketServer(Protocol):
    def serve_forever(self) -> None: ...

    def shutdown(self) -> None: ...


class IOWebsockets(IOStream):
    """An `IOStream` over one websocket connection: `print` sends a text message, `input` waits
    for the client's next message (sending the prompt first, when there is one)."""

    def __init__(self, websocket: ServerConnection) -> None:
        self._websocket = websocket

    @property
    def websocket(self) -> ServerConnection:
        return self._websocket

    @staticmethod
    def _handler(websocket: ServerConnection, on_connect: Callable[[IOWebsockets], None]) -> None:
        stream = IOWebsockets(websocket)
        with IOStream.set_default(stream):
            try:
                on_connect(stream)
            except Exception:  # the client has gone or on_connect failed: log, keep serving others
                logger.exception("IOWebsockets: on_connect failed")

    @staticmethod
    @contextmanager
    def run_server_in_thread(
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        on_connect: Callable[[IOWebsockets], None],
        ssl_context: ssl.SSLContext | None = None,
        **kwargs: Any,
    ) -> Iterator[str]:
        """Serve websockets on `host:port` in a thread for the `with` block; yields the server's URI.

        `kwargs` go to `websockets.sync.server.serve` (e.g. `max_size`). The server stops, and the
        thread is joined, when the block ends.
        """
        sync_server = require("websockets.sync.server", extra="websockets", purpose="IOWebsockets")

        def handler(connection: Any) -> None:
            IOWebsockets._handler(connection, on_connect)

        server = sync_server.serve(handler, host, port, ssl=ssl_context, **kwargs)
        bound_port = server.socket.getsockname()[1]
        thread = threading.Thread(target=server.serve_forever, name="autogen-iowebsockets", daemon=True)
        thread.start()
        scheme = "wss" if ssl_context is not None else "ws"
        try:
            yield f"{scheme}://{host}:{bound_port}"
        finally:
            server.shutdown()
            thread.join(_START_TIMEOUT)

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self._websocket.send(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        if prompt:
            self._websocket.send(prompt)
        message = self._websocket.recv()
        return message.decode("utf-8") if isinstance(message, bytes) else message
