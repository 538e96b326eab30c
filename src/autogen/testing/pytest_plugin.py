"""pytest plugin: no test reaches the network, and an `openai_server` is one argument away.

Enable it in a ``conftest.py`` with ``pytest_plugins = ["autogen.testing.pytest_plugin"]``.

* Every test runs inside `block_non_loopback_network()`; a test during which a non-loopback
  connection was attempted fails, even if the code under test caught the error.
* ``openai_server``: a fresh `OpenAITestServer` per test (nothing scripted; enqueue replies).
* ``openai_server_session``: one server for the whole session, reset before each test that
  uses it (cheaper when many tests only need "some endpoint").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from autogen.testing.guard import NetworkGuard, block_non_loopback_network

if TYPE_CHECKING:
    from autogen.testing.server import OpenAITestServer

__all__ = ["no_network", "openai_server", "openai_server_session"]


@pytest.fixture(autouse=True)
def no_network() -> Iterator[NetworkGuard]:
    """Block connections off this machine for the test; fail it if one was attempted."""
    with block_non_loopback_network() as guard:
        yield guard
    if guard.attempts:
        pytest.fail(
            f"this test tried to reach a real model endpoint / the internet: {', '.join(guard.attempts)} "
            f"(blocked by autogen.testing.guard)",
            pytrace=False,
        )


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    """A running `OpenAITestServer` on a free loopback port, stopped after the test."""
    from autogen.testing.server import OpenAITestServer

    with OpenAITestServer() as server:
        yield server


@pytest.fixture(scope="session")
def _openai_server_shared() -> Iterator[OpenAITestServer]:
    from autogen.testing.server import OpenAITestServer

    with OpenAITestServer() as server:
        yield server


@pytest.fixture
def openai_server_session(_openai_server_shared: OpenAITestServer) -> OpenAITestServer:
    """The session's shared `OpenAITestServer`, with its script, record, responder and latency reset."""
    server = _openai_server_shared
    server.reset()
    server.responder = None
    server.latency = 0.0
    return server
