"""Make every connection off this machine fail loudly, so no test can call a real model.

Inside `block_non_loopback_network()`, opening a socket connection (``socket.connect``,
``connect_ex``, ``socket.create_connection``, and asyncio's connections, which go through
``connect``) to anything but loopback (127.0.0.0/8, ::1, ``localhost``) or a Unix socket raises
`NetworkBlockedError` naming the address; so does resolving a host name other than
``localhost`` (the DNS query would itself leave the machine).

The error is deliberately not an `OSError`: HTTP clients turn OSErrors into quiet, retried
"connection errors", and the point is that the test fails saying what it tried to reach. Every
attempt is also recorded in `NetworkGuard.attempts`, which the pytest plugin checks after each
test, so a test that swallows the error still fails.

Guards nest; the innermost active guard records an attempt. Patching is process-wide, because
the calls to block often run on other threads (the sync bridge, worker threads).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from autogen.exceptions import NetworkBlockedError

__all__ = ["NetworkBlockedError", "NetworkGuard", "block_non_loopback_network", "is_loopback"]

_INET = frozenset({socket.AF_INET, socket.AF_INET6})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def is_loopback(host: object) -> bool:
    """True for loopback IPs (v4, v6, v4-mapped), the unspecified address, and ``localhost`` names."""
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].lower().rstrip(".")
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified  # connecting to 0.0.0.0 / :: stays local


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class NetworkGuard:
    """One active `block_non_loopback_network()` block: what was attempted inside it."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        """Every blocked destination, as ``host:port``, in order."""

    def block(self, destination: str) -> NetworkBlockedError:
        self.attempts.append(destination)
        return NetworkBlockedError(
            f"blocked a connection to {destination}: a test tried to reach a real model endpoint / the "
            f"internet. Tests must stay on loopback: point the client at autogen.testing.OpenAITestServer "
            f"(base_url=server.base_url) or use ScriptedModelClient."
        )


_lock = threading.RLock()
_guards: list[NetworkGuard] = []
_originals: dict[str, Any] = {}
_owned: dict[str, bool] = {}  # whether the patched class/module defined the attribute itself


def _check(address: Any, family: int | None) -> None:
    """Raise unless `address` (a socket address tuple, or a host) stays on this machine."""
    if (family is not None and family not in _INET) or not isinstance(address, tuple):
        return  # Unix sockets, netlink and friends never leave the machine
    host, port = address[0], address[1] if len(address) > 1 else "?"
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not is_loopback(host):
        with _lock:
            guard = _guards[-1] if _guards else None
        if guard is not None:
            raise guard.block(f"{host}:{port}")


def _patched_connect(self: socket.socket, address: Any) -> None:
    _check(address, self.family)
    _originals["connect"](self, address)


def _patched_connect_ex(self: socket.socket, address: Any) -> int:
    _check(address, self.family)
    result: int = _originals["connect_ex"](self, address)
    return result


def _patched_create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
    _check(tuple(address), None)
    sock: socket.socket = _originals["create_connection"](address, *args, **kwargs)
    return sock


def _patched_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None:
        name = host.decode(errors="replace") if isinstance(host, bytes) else str(host)
        if not _is_ip(name) and not is_loopback(name) and name != socket.gethostname():
            _check((name, port), None)
    return _originals["getaddrinfo"](host, port, *args, **kwargs)


_PATCHES: dict[str, tuple[Any, str, Callable[..., Any]]] = {
    "connect": (socket.socket, "connect", _patched_connect),
    "connect_ex": (socket.socket, "connect_ex", _patched_connect_ex),
    "create_connection": (socket, "create_connection", _patched_create_connection),
    "getaddrinfo": (socket, "getaddrinfo", _patched_getaddrinfo),
}


def _install() -> None:
    for key, (owner, attribute, replacement) in _PATCHES.items():
        _originals[key] = getattr(owner, attribute)
        _owned[key] = attribute in vars(owner)
        setattr(owner, attribute, replacement)


def _uninstall() -> None:
    for key, (owner, attribute, _) in _PATCHES.items():
        original = _originals.pop(key)
        if _owned.pop(key):
            setattr(owner, attribute, original)
        else:  # inherited (socket.socket.connect comes from _socket.socket): uncover it again
            delattr(owner, attribute)


@contextmanager
def block_non_loopback_network() -> Iterator[NetworkGuard]:
    """Within the block, any connection to a non-loopback address raises `NetworkBlockedError`.

    Yields the `NetworkGuard`, whose ``attempts`` lists what was blocked (even if the error was
    caught by the code under test).
    """
    guard = NetworkGuard()
    with _lock:
        if not _guards:
            _install()
        _guards.append(guard)
    try:
        yield guard
    finally:
        with _lock:
            _guards.remove(guard)
            if not _guards:
                _uninstall()
