"""The network guard: nothing leaves the machine, loopback and Unix sockets still work."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import openai
import pytest

from autogen.exceptions import NetworkBlockedError
from autogen.testing import OpenAITestServer, block_non_loopback_network
from autogen.testing import guard as guard_module
from autogen.testing.guard import NetworkGuard, is_loopback

UNROUTABLE = ("10.255.255.1", 9)


def test_connect_to_private_address_raises_naming_it() -> None:
    with block_non_loopback_network() as guard:
        with pytest.raises(
            NetworkBlockedError, match=r"10\.255\.255\.1:9.*real model endpoint / the internet"
        ):
            socket.create_connection(UNROUTABLE, timeout=0.5)
        with socket.socket() as sock, pytest.raises(NetworkBlockedError):
            sock.connect(UNROUTABLE)
        with socket.socket() as sock, pytest.raises(NetworkBlockedError):
            sock.connect_ex(UNROUTABLE)
    assert guard.attempts == ["10.255.255.1:9"] * 3


def test_public_names_are_blocked_before_any_dns_lookup() -> None:
    with block_non_loopback_network() as guard:
        with pytest.raises(NetworkBlockedError, match="api.openai.com:443"):
            socket.create_connection(("api.openai.com", 443))
        with pytest.raises(NetworkBlockedError, match="example.com"):
            socket.getaddrinfo("example.com", 80)
    assert len(guard.attempts) == 2


def test_ipv6_public_address_is_blocked() -> None:
    with block_non_loopback_network(), socket.socket(socket.AF_INET6) as sock:
        with pytest.raises(NetworkBlockedError, match="2001:db8::1"):
            sock.connect(("2001:db8::1", 443, 0, 0))


def test_real_openai_client_is_stopped_loudly() -> None:
    with block_non_loopback_network() as guard:
        with openai.OpenAI(api_key="sk-not-a-real-key", max_retries=0) as client:
            with pytest.raises(NetworkBlockedError, match="api.openai.com"):
                client.models.list()
    assert guard.attempts


async def test_asyncio_connections_are_blocked() -> None:
    with block_non_loopback_network():
        with pytest.raises(NetworkBlockedError, match="10.255.255.1"):
            await asyncio.open_connection(*UNROUTABLE)
        async with openai.AsyncOpenAI(api_key="sk-not-a-real-key", max_retries=0) as client:
            with pytest.raises(NetworkBlockedError, match="api.openai.com"):
                await client.models.list()


def test_loopback_and_unix_sockets_pass(tmp_path: Path) -> None:
    with block_non_loopback_network() as guard, OpenAITestServer() as server:
        for host in ("127.0.0.1", "localhost"):
            socket.create_connection((host, server.port), timeout=2).close()
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", server.port)) == 0
        socket.getaddrinfo("localhost", server.port)
        path = str(tmp_path / "s.sock")
        with socket.socket(socket.AF_UNIX) as listener, socket.socket(socket.AF_UNIX) as client:
            listener.bind(path)
            listener.listen()
            client.connect(path)
    assert guard.attempts == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("api.localhost", True),
        ("0.0.0.0", True),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("8.8.8.8", False),
        ("::ffff:8.8.8.8", False),
        ("api.openai.com", False),
        ("localhost.evil.com", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.mark.skipif(not hasattr(socket, "AF_NETLINK"), reason="netlink sockets exist on Linux only")
def test_non_ip_families_are_not_checked() -> None:
    with block_non_loopback_network() as guard, socket.socket(socket.AF_NETLINK, socket.SOCK_RAW) as sock:
        sock.connect((0, 0))  # a kernel socket: no network involved
    assert guard.attempts == []


def test_guards_nest_and_patches_are_removed() -> None:
    # the plugin's autouse guard is active around this test; an inner guard records on its own
    original_connect, original_create = socket.socket.connect, socket.create_connection
    with block_non_loopback_network() as outer:
        with block_non_loopback_network() as inner:
            with pytest.raises(NetworkBlockedError):
                socket.create_connection(UNROUTABLE)
        assert inner.attempts and not outer.attempts
    assert socket.socket.connect is original_connect
    assert socket.create_connection is original_create


def test_guard_is_process_wide_across_threads() -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            socket.create_connection(UNROUTABLE, timeout=0.5)
        except BaseException as exc:  # noqa: BLE001 - inspected below
            errors.append(exc)

    with block_non_loopback_network():
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert len(errors) == 1 and isinstance(errors[0], NetworkBlockedError)


def test_plugin_guard_is_autouse(no_network: NetworkGuard) -> None:
    assert isinstance(no_network, NetworkGuard)
    assert socket.create_connection is guard_module._patched_create_connection
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(UNROUTABLE)
    no_network.attempts.clear()  # this test blocked on purpose: do not fail it at teardown


def test_plugin_fails_a_test_that_swallowed_the_error(tmp_path: Path) -> None:
    (tmp_path / "test_sneaky.py").write_text(
        "import socket\n"
        "def test_sneaky():\n"
        "    try:\n"
        "        socket.create_connection(('10.255.255.1', 9), timeout=0.5)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "autogen.testing.pytest_plugin",
            "-q",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "10.255.255.1:9" in result.stdout and "real model endpoint" in result.stdout
