"""Endpoint relay: a sandboxed run reaches the endpoints of its config list and nothing else.

The sandbox has no network (its own, empty network namespace with only loopback). For each
distinct endpoint (host, port) of the config list, the host side (`HostRelay`) listens on a Unix
socket that it connects through to the real endpoint; the socket's folder is bound read-only into
the sandbox. Inside, this module (run as `python -m autogen.testbed._relay SPEC`) listens on a
loopback address per endpoint and pipes each connection to that endpoint's socket. The config list
the scenario sees points at those loopback addresses: IP literals and `localhost` are rewritten to
`127.0.0.N`; host names stay (TLS still verifies them) and a hosts file maps them to `127.0.0.N`;
ports below 1024, which an unprivileged process cannot bind, move to `20000 + N`. Bytes pass
through untouched, so HTTPS stays end to end.

This file uses the standard library alone: it starts inside the sandbox on every run.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = ["HostRelay", "Route", "routes_for"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"  # where the openai SDK goes when no base_url is set
_URL_KEYS = ("base_url", "api_base")
_BUF = 64 * 1024


@dataclass(frozen=True)
class Route:
    host: str
    port: int
    listen_ip: str
    listen_port: int
    socket_path: str


def _is_ip_or_localhost(host: str) -> bool:
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(host)
        return True
    return False


def routes_for(
    config_list: list[dict[str, Any]], socket_dir: Path
) -> tuple[list[Route], list[dict[str, Any]], dict[str, str]]:
    """The routes, the config list as the sandbox must see it, and the host-name mappings."""
    routes: dict[tuple[str, int], Route] = {}
    rewritten: list[dict[str, Any]] = []
    hosts: dict[str, str] = {}
    for entry in config_list:
        entry = dict(entry)
        key = next((k for k in _URL_KEYS if entry.get(k)), None)
        url = urlsplit(str(entry[key]) if key else DEFAULT_BASE_URL)
        host = url.hostname or "localhost"
        port = url.port or (443 if url.scheme == "https" else 80)
        route = routes.get((host, port))
        if route is None:
            n = len(routes) + 2
            ip = f"127.0.0.{n}"
            route = Route(
                host, port, ip, port if port >= 1024 else 20000 + n, str(socket_dir / f"ep{n}.sock")
            )
            routes[(host, port)] = route
            if not _is_ip_or_localhost(host):
                hosts[host] = ip
        shown_host = host if host in hosts else route.listen_ip
        netloc = f"{shown_host}:{route.listen_port}"
        if url.username or url.password:
            netloc = f"{url.username or ''}:{url.password or ''}@{netloc}"
        entry[key or "base_url"] = urlunsplit((url.scheme, netloc, url.path, url.query, url.fragment))
        rewritten.append(entry)
    return list(routes.values()), rewritten, hosts


_PREFIX = "autogen-relay-"


def _remove_stale() -> None:
    """Remove the socket folders of relays whose process died without cleaning up (SIGKILL)."""
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or Path(f"/proc/{pid}").exists():
            continue
        shutil.rmtree(folder, ignore_errors=True)


class HostRelay:
    """The host side: one Unix socket per route, piped to the real endpoint, on a daemon thread."""

    def __init__(self, config_list: list[dict[str, Any]]) -> None:
        _remove_stale()
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-")
        self.dir = Path(self._tmp.name)
        self.dir.chmod(0o755)
        self.routes, self.config_list, hosts = routes_for(config_list, self.dir)
        self.spec_path = self.dir / "relay.json"
        spec = [[r.listen_ip, r.listen_port, r.socket_path] for r in self.routes]
        self.spec_path.write_text(json.dumps(spec), encoding="utf-8")
        self.hosts_path = self.dir / "hosts"
        lines = ["127.0.0.1 localhost", "::1 localhost", *(f"{ip} {name}" for name, ip in hosts.items())]
        self.hosts_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self._loop = asyncio.new_event_loop()
        self._servers: list[asyncio.Server] = []
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True, name="testbed-relay")
        self._thread.start()
        ready.wait(10)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)

        def handler(route: Route) -> Any:
            async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
                await _pipe_to(r, w, asyncio.open_connection(route.host, route.port))

            return handle

        async def start() -> None:
            for route in self.routes:
                self._servers.append(await asyncio.start_unix_server(handler(route), path=route.socket_path))

        self._loop.run_until_complete(start())
        for route in self.routes:
            Path(route.socket_path).chmod(0o777)  # the sandbox's own uid connects to it
        ready.set()
        self._loop.run_forever()

    async def _shutdown(self) -> None:
        for server in self._servers:
            server.close()
            await server.wait_closed()

    def close(self) -> None:
        """Stop relaying and remove the socket folder; safe to call twice."""
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        if not self._loop.is_running():
            self._loop.close()
        self._tmp.cleanup()


async def _pipe_to(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, opening: Any) -> None:
    try:
        up_reader, up_writer = await opening
    except OSError:
        writer.close()
        return
    await asyncio.gather(_copy(reader, up_writer), _copy(up_reader, writer), return_exceptions=True)


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(_BUF):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def _serve_inside(listeners: list[tuple[socket.socket, str]]) -> None:
    def handler(path: str) -> Any:
        async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            await _pipe_to(r, w, asyncio.open_unix_connection(path))

        return handle

    for sock, path in listeners:
        await asyncio.start_server(handler(path), sock=sock)
    await asyncio.Event().wait()


def main(argv: list[str]) -> int:
    """Listen on every route, then fork: the child relays, the parent returns once all listen.

    So `run.sh` needs one interpreter start for the relay, and the scenario starts only after
    every endpoint accepts connections. The child dies with the sandbox's pid namespace.
    """
    spec = json.loads(Path(argv[-1]).read_text(encoding="utf-8"))
    listeners = []
    for ip, port, path in spec:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((ip, port))
        sock.listen(128)
        listeners.append((sock, path))
    if os.fork() != 0:
        return 0
    os.setsid()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_inside(listeners))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
