"""IOWebsockets as in v0.2.35's websockets notebook: a real server, a real client, a streamed chat."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from autogen import ConversableAgent, UserProxyAgent
from autogen.io import IOStream, IOWebsockets
from autogen.testing import OpenAITestServer

ws_client = pytest.importorskip("websockets.sync.client", reason="needs autogen[websockets]")

POEM = "Paris glows in gentle rain, cafés hum a soft refrain. TERMINATE"


def _receive_until(websocket: Any, needle: str, deadline: float = 20.0) -> list[str]:
    messages: list[str] = []
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        message = websocket.recv(timeout=end - time.monotonic())
        messages.append(message.decode() if isinstance(message, bytes) else message)
        if needle in messages[-1]:
            return messages
    raise AssertionError(f"{needle!r} never arrived; got {messages!r}")


def test_notebook_flow_streams_tokens_to_the_client(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(POEM)
    seen_streams: list[Any] = []

    def on_connect(iostream: IOWebsockets) -> None:
        seen_streams.append(IOStream.get_default())
        initial_msg = iostream.input()
        agent = ConversableAgent(
            name="chatbot",
            system_message="Write a poem. Reply TERMINATE when done.",
            llm_config={"config_list": openai_server.config_list(), "stream": True, "cache_seed": None},
        )
        user_proxy = UserProxyAgent(
            name="user_proxy",
            human_input_mode="NEVER",
            max_consecutive_auto_reply=1,
            is_termination_msg=lambda x: "TERMINATE" in (x.get("content") or ""),
            code_execution_config=False,
        )
        user_proxy.initiate_chat(agent, message=initial_msg)
        iostream.print("__done__")

    with IOWebsockets.run_server_in_thread(on_connect=on_connect, port=0) as uri:
        assert uri.startswith("ws://127.0.0.1:") and not uri.endswith(":0")
        with ws_client.connect(uri) as websocket:
            websocket.send("Check out the weather in Paris and write a poem about it.")
            messages = _receive_until(websocket, "__done__")
    assert isinstance(seen_streams[0], IOWebsockets)
    text = "".join(messages)
    assert "user_proxy (to chatbot)" in text and "Check out the weather in Paris" in text
    assert POEM in text
    # the tokens came one by one: several messages, each a piece of the poem
    pieces = [m for m in messages if m and m in POEM and m != POEM]
    assert len(pieces) >= 3, messages
    assert openai_server.requests[0].json["stream"] is True


def test_input_sends_the_prompt_and_two_clients_are_independent() -> None:
    def on_connect(iostream: IOWebsockets) -> None:
        name = iostream.input("name? ")
        IOStream.get_default().print("hello", name, threading.current_thread().name != "MainThread")

    with IOWebsockets.run_server_in_thread(on_connect=on_connect, port=0) as uri:
        with ws_client.connect(uri) as a, ws_client.connect(uri) as b:
            assert a.recv(timeout=5) == "name? " and b.recv(timeout=5) == "name? "
            b.send(b"bob")
            a.send("alice")
            assert a.recv(timeout=5) == "hello alice True\n"
            assert b.recv(timeout=5) == "hello bob True\n"
