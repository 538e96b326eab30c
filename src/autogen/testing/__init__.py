"""Test doubles for apps built on autogen: no API key, no internet, real `openai` objects.

* `ScriptedModelClient`: an in-process `ModelClient` answering from a script (unit tests);
* `OpenAITestServer`: an OpenAI-compatible HTTP server on loopback for the real SDK, with
  streaming, tool calls, Azure paths, latency and injected faults (integration tests);
* `OpenAITestServerProcess`: the same server in a child process, for benchmarks;
* `Fault`: a scripted failure (HTTP error, stall, malformed body, dropped connection, a stream
  cut short);
* `block_non_loopback_network`: make any connection off this machine fail loudly;
* `override_llm(agent_or_wrapper, model)`: a test double for an agent's model, for one block;
* `SchemaModelClient`: a double that calls every registered tool with arguments made up from its
  JSON schema, then answers with their results.

The pytest plugin `autogen.testing.pytest_plugin` provides the `openai_server` fixture and
turns the network guard on for every test. Names load on first use, so enabling the plugin
costs a test session nothing until a test needs the server or the SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autogen._lazy import lazy_attributes

if TYPE_CHECKING:
    from autogen.exceptions import NetworkBlockedError, ScriptExhaustedError
    from autogen.testing._replies import Fault, Reply, Responder
    from autogen.testing.guard import block_non_loopback_network
    from autogen.testing.override import override_llm
    from autogen.testing.process import OpenAITestServerProcess
    from autogen.testing.schema_model import SchemaModelClient
    from autogen.testing.scripted import ScriptedModelClient
    from autogen.testing.server import OpenAITestServer, RecordedRequest

_HOMES: dict[str, str] = {
    "Fault": "autogen.testing._replies",
    "NetworkBlockedError": "autogen.exceptions",
    "OpenAITestServer": "autogen.testing.server",
    "OpenAITestServerProcess": "autogen.testing.process",
    "RecordedRequest": "autogen.testing.server",
    "Reply": "autogen.testing._replies",
    "Responder": "autogen.testing._replies",
    "SchemaModelClient": "autogen.testing.schema_model",
    "ScriptExhaustedError": "autogen.exceptions",
    "ScriptedModelClient": "autogen.testing.scripted",
    "block_non_loopback_network": "autogen.testing.guard",
    "override_llm": "autogen.testing.override",
}

__all__ = [
    "Fault",
    "NetworkBlockedError",
    "OpenAITestServer",
    "OpenAITestServerProcess",
    "RecordedRequest",
    "Reply",
    "Responder",
    "SchemaModelClient",
    "ScriptExhaustedError",
    "ScriptedModelClient",
    "block_non_loopback_network",
    "override_llm",
]


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _HOMES)
