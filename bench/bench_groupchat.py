"""A group chat's cost per round, beside the bare SDK making the same requests.

Four LLM agents talk in a round-robin `GroupChat` of 50 rounds (49 model calls: the first message
is the initiator's) against the built-in OpenAI-compatible test server on loopback. Every
request body the chat sent is recorded by the server, then replayed, in order, through the
bare `openai` SDK (sync `OpenAI` and `AsyncOpenAI`): that is the floor, the HTTP work the chat
cannot avoid. The difference is what the group chat machinery costs per round: selection,
broadcasting each message to the other members, history keeping, the reply chain.

    .venv/bin/python bench/bench_groupchat.py [--rounds 50] [--repeat 5] [--method round_robin|auto]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import statistics
import time
from typing import Any

import httpx
import openai

from autogen.agentchat.conversable_agent import ConversableAgent
from autogen.agentchat.groupchat import GroupChat, GroupChatManager
from autogen.io.base import IOStream
from autogen.testing import OpenAITestServer

REPLY = "Agreed. Here is the next step of the plan, in a sentence or two of ordinary length."


class Silent:
    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        pass

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


def _nodelay(server: OpenAITestServer) -> None:
    """Accepted sockets inherit TCP_NODELAY from the listener on Linux; without it a response can
    wait for a delayed ACK (~40 ms), which would drown what this benchmark measures."""
    listener = getattr(server, "_socket", None)
    if isinstance(listener, socket.socket):
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Chat:
    """Four LLM agents and a manager, built once; each `run` is a fresh chat (history cleared)."""

    def __init__(self, server: OpenAITestServer, rounds: int, method: str) -> None:
        llm = {"config_list": server.config_list(), "cache_seed": None}
        self.server, self.rounds = server, rounds
        self.agents = [
            ConversableAgent(
                f"agent_{i}", llm_config=llm, human_input_mode="NEVER", description=f"member {i}"
            )
            for i in range(4)
        ]
        self.groupchat = GroupChat(
            agents=list(self.agents), messages=[], max_round=rounds, speaker_selection_method=method
        )
        self.manager = GroupChatManager(
            self.groupchat, llm_config=llm if method == "auto" else False, silent=True
        )
        if method == "auto":  # the selector names the next agent in order; members answer REPLY
            names = itertools.cycle([f"agent_{i}" for i in (1, 2, 3, 0)])
            server.responder = lambda request: (
                next(names) if "speak next" in str(request["messages"]) else REPLY
            )
        else:
            server.responder = lambda request: REPLY

    def run(self) -> tuple[float, list[dict[str, Any]]]:
        """Seconds for one chat of `rounds` messages, and the request bodies it sent."""
        sent = len(self.server.requests)
        start = time.perf_counter()
        self.agents[0].initiate_chat(self.manager, message="Let us plan the release.", silent=True)
        elapsed = time.perf_counter() - start
        assert len(self.groupchat.messages) == self.rounds, f"chat ended after {len(self.groupchat.messages)}"
        return elapsed, [r.json for r in self.server.requests[sent:]]


def sdk_sync(server: OpenAITestServer, bodies: list[dict[str, Any]]) -> float:
    client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key)
    client.chat.completions.create(**bodies[0])  # connect
    start = time.perf_counter()
    for body in bodies:
        client.chat.completions.create(**body)
    elapsed = time.perf_counter() - start
    client.close()
    return elapsed


def sdk_async(server: OpenAITestServer, bodies: list[dict[str, Any]]) -> float:
    async def run() -> float:
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key=server.api_key)
        await client.chat.completions.create(**bodies[0])
        start = time.perf_counter()
        for body in bodies:
            await client.chat.completions.create(**body)
        elapsed = time.perf_counter() - start
        await client.close()
        return elapsed

    return asyncio.run(run())


def http_async(server: OpenAITestServer, bodies: list[dict[str, Any]]) -> float:
    """The lowest floor: the same JSON POSTed with one keep-alive httpx client, no SDK."""

    async def run() -> float:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        async with httpx.AsyncClient(base_url=server.base_url, headers=headers) as client:
            (await client.post("/chat/completions", json=bodies[0])).raise_for_status()
            start = time.perf_counter()
            for body in bodies:
                response = await client.post("/chat/completions", json=body)
                response.raise_for_status()
                response.json()
            return time.perf_counter() - start

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--method", choices=["round_robin", "auto"], default="round_robin")
    args = parser.parse_args()
    with OpenAITestServer() as server, IOStream.set_default(Silent()):
        _nodelay(server)
        chat_obj = Chat(server, args.rounds, args.method)
        cold, _ = chat_obj.run()  # first chat: builds each agent's HTTP client and connection
        chats, floors, afloors, posts = [], [], [], []
        for _ in range(args.repeat):
            elapsed, bodies = chat_obj.run()
            chats.append(elapsed)
            floors.append(sdk_sync(server, bodies))
            afloors.append(sdk_async(server, bodies))
            posts.append(http_async(server, bodies))
    rounds, calls = args.rounds, len(bodies)
    chat, floor, afloor, post = (statistics.median(x) * 1000 for x in (chats, floors, afloors, posts))
    print(
        f"Group chat: 4 agents, {args.method}, {rounds} rounds, {calls} model calls "
        f"(last request: {len(bodies[-1]['messages'])} messages); median of {args.repeat} runs"
    )
    print(f"{'':34} {'total (ms)':>11} {'ms per round':>13}")
    print(f"{'GroupChat, first chat (cold)':34} {cold * 1000:>11.1f} {cold * 1000 / rounds:>13.2f}")
    print(f"{'GroupChat (initiate_chat), warm':34} {chat:>11.1f} {chat / rounds:>13.2f}")
    print(f"{'bare SDK, same requests (sync)':34} {floor:>11.1f} {floor / rounds:>13.2f}")
    print(f"{'bare SDK, same requests (async)':34} {afloor:>11.1f} {afloor / rounds:>13.2f}")
    print(f"{'plain httpx POST, same JSON (async)':34} {post:>11.1f} {post / rounds:>13.2f}")
    best = min(floor, afloor)
    print(f"vs the bare SDK: {(chat - best) / rounds:+.2f} ms per round ({chat / best:.2f}x)")
    print(f"vs plain HTTP:   {(chat - post) / rounds:+.2f} ms per round ({chat / post:.2f}x)")


if __name__ == "__main__":
    main()
