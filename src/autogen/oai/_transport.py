"""A lean network layer under the SDK's HTTP client, for plain-http endpoints.

Local inference servers (vLLM, Ollama, llama.cpp, the test server) answer in about a
millisecond, so what the client adds per call shows. The default async stack adds two costs we
can drop without touching HTTP semantics: anyio's per-read and per-write cancel scopes, and
sending a request's headers and body as two TCP segments (two wake-ups of the server). This
module gives httpcore an asyncio-protocol stream that buffers writes until the first read and
sends the request in one segment, and reads with a plain timer for timeouts.

It is used only for `http://` base URLs, when no proxy is configured and no `http_client` was
given; HTTPS endpoints (where the network dwarfs this) keep the SDK's default stack. If the
installed httpx2 ever stops exposing the pool's network backend, the default stack is used.
"""

from __future__ import annotations

import asyncio
import ssl
import urllib.request
from collections.abc import Iterable
from typing import Any

import httpcore2
import httpx2

__all__ = ["lean_http_client"]


class _Protocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.closed = False
        self.error: BaseException | None = None
        self.waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._wake()

    def eof_received(self) -> bool:
        self.closed = True
        self._wake()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.error = exc
        self._wake()


class _Stream(httpcore2.AsyncNetworkStream):
    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._pending: list[bytes] = []

    def _flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if self._protocol.closed or self._transport.is_closing():
                raise httpcore2.WriteError("the connection was closed before the request was sent")
            self._transport.write(data)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if buffer:
            self._pending.append(buffer)  # sent with the rest of the request, at the first read

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._flush()
        protocol = self._protocol
        if not protocol.buffer and not protocol.closed:
            loop = asyncio.get_running_loop()
            waiter = protocol.waiter = loop.create_future()
            timed_out: list[bool] = []

            def expire() -> None:
                timed_out.append(True)
                protocol._wake()

            timer = loop.call_later(timeout, expire) if timeout is not None else None
            try:
                await waiter
            finally:
                protocol.waiter = None
                if timer is not None:
                    timer.cancel()
            if timed_out and not protocol.buffer:
                raise httpcore2.ReadTimeout(f"no data within {timeout} s")
        if protocol.buffer:
            data = bytes(protocol.buffer[:max_bytes])
            del protocol.buffer[:max_bytes]
            return data
        if protocol.error is not None:
            raise httpcore2.ReadError(str(protocol.error))
        return b""  # the server closed the connection

    async def aclose(self) -> None:
        self._pending.clear()
        self._transport.close()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        self._flush()
        try:
            tls = await asyncio.wait_for(
                loop.start_tls(self._transport, self._protocol, ssl_context, server_hostname=server_hostname),
                timeout,
            )
        except asyncio.TimeoutError as err:  # not the builtin TimeoutError before 3.11
            raise httpcore2.ConnectTimeout(str(err)) from err
        except (OSError, ssl.SSLError) as err:
            raise httpcore2.ConnectError(str(err)) from err
        if tls is None:
            raise httpcore2.ConnectError("TLS could not be started on this connection")
        return _Stream(tls, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # an idle keep-alive connection the server has closed
            return bool(self._protocol.buffer) or self._protocol.closed
        key = {"server_addr": "peername", "client_addr": "sockname"}.get(info, info)
        return self._transport.get_extra_info(key)


class _Backend(httpcore2.AsyncNetworkBackend):
    def __init__(self, fallback: httpcore2.AsyncNetworkBackend) -> None:
        self._fallback = fallback

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        if socket_options:
            return await self._fallback.connect_tcp(host, port, timeout, local_address, socket_options)
        loop = asyncio.get_running_loop()
        local = (local_address, 0) if local_address else None
        try:
            transport, protocol = await asyncio.wait_for(
                loop.create_connection(_Protocol, host, port, local_addr=local), timeout
            )
        except asyncio.TimeoutError as err:
            raise httpcore2.ConnectTimeout(f"could not connect to {host}:{port} within {timeout} s") from err
        except OSError as err:
            raise httpcore2.ConnectError(str(err)) from err
        return _Stream(transport, protocol)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.AsyncNetworkStream:
        return await self._fallback.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def lean_http_client(base_url: str) -> httpx2.AsyncClient | None:
    """The SDK's default async HTTP client with the lean stream for `http://`, or None to use the default."""
    from openai import DEFAULT_CONNECTION_LIMITS, DefaultAsyncHttpxClient

    if not base_url.startswith("http://"):
        return None
    proxies = urllib.request.getproxies()
    if "http" in proxies or "all" in proxies:
        return None
    transport = httpx2.AsyncHTTPTransport(limits=DEFAULT_CONNECTION_LIMITS)
    pool = getattr(transport, "_pool", None)
    fallback = getattr(pool, "_network_backend", None)
    if not isinstance(pool, httpcore2.AsyncConnectionPool) or not isinstance(
        fallback, httpcore2.AsyncNetworkBackend
    ):
        return None
    pool._network_backend = _Backend(fallback)
    client: httpx2.AsyncClient = DefaultAsyncHttpxClient(mounts={"http://": transport})
    return client
