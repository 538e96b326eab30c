"""Fixtures for the Testbed: a test server whose model plays the assistant of the shipped templates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from testbed_helpers import two_agent_responder

from autogen.testing import OpenAITestServer


@pytest.fixture
def server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer(responder=two_agent_responder) as s:
        yield s


@pytest.fixture
def config_list(server: OpenAITestServer) -> list[dict[str, Any]]:
    return server.config_list(model="gpt-4")
