"""Agents: what a conversation turn costs beyond its HTTP call, and how many chats run at once.

1. Turn overhead. A two-agent chat (an LLM assistant and a user proxy answering "Continue.")
   runs 10, 50 and 200 turns (one model call per turn) against the built-in OpenAI-compatible
   test server, with no latency and no cache, through `a_initiate_chat` and the sync
   `initiate_chat`. The same request bodies, captured from the chat, are then replayed by the
   bare `openai` SDK and by plain httpx POSTs: those are the floors. Framework overhead per
   turn = (chat time − SDK floor) / turns. Target: ≤ 1 ms per turn at 200 turns.

   Beside it, "framework only": the same chat with an in-process model client that answers at
   once (no HTTP), i.e. what the agents and OpenAIWrapper cost per turn by themselves.

2. Concurrency. 100 and 1,000 conversations of 10 turns each run concurrently with
   `a_initiate_chat` in one process, the model answering after 200 ms. The ideal is every
   conversation advancing one turn per 200 ms: % of ideal = turns × latency ÷ elapsed.
   Targets: ≥ 90% at 100, ≥ 80% at 1,000. Measured twice: end to end through HTTP (the test
   server in its own process, connections warmed up first), and framework only (an in-process
   scripted model client that sleeps 200 ms), which separates the agents' cost from the HTTP
   stack's. The floor: the same number of requests sent over raw keep-alive sockets with no
   HTTP library (what the test server itself can serve on this machine).

    .venv/bin/python bench/bench_agents.py [--turns 10 50 200] [--concurrency 100 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion

from autogen import ConversableAgent
from autogen.testing import OpenAITestServer

IN_PROCESS = [{"model": "in-process", "model_client_cls": "InProcessClient"}]


class InProcessClient:
    """A ModelClient without HTTP: waits `latency`, then answers REPLY (what "framework only" uses)."""

    def __init__(self, config: dict[str, Any], latency: float = 0.0) -> None:
        self.latency = latency

    def _response(self) -> ChatCompletion:
        message = {"role": "assistant", "content": REPLY}
        return ChatCompletion.model_validate({
            "id": "chatcmpl-bench", "object": "chat.completion", "created": 0, "model": "in-process",
            "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        })  # fmt: skip

    async def a_create(self, params: dict[str, Any]) -> ChatCompletion:
        if self.latency:
            await asyncio.sleep(self.latency)
        return self._response()

    def create(self, params: dict[str, Any]) -> ChatCompletion:
        return self._response()

    def message_retrieval(self, response: ChatCompletion) -> list[str | None]:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: ChatCompletion) -> float:
        return 0.0

    @staticmethod
    def get_usage(response: ChatCompletion) -> dict[str, Any]:
        return {
            "prompt_tokens": 10,
            "completion_tokens": 10,
            "total_tokens": 20,
            "cost": 0.0,
            "model": "in-process",
        }


REPLY = "Here is the next step of the plan, in a sentence or two of ordinary length."


class Endpoint:
    """The test server in its own process, as a real endpoint would be (no GIL shared with us)."""

    def __init__(self, port: int) -> None:
        self.base_url = f"http://127.0.0.1:{port}/v1"
        self.api_key = "sk-test-bench"

    def config_list(self) -> list[dict[str, Any]]:
        return [{"model": "gpt-4o", "base_url": self.base_url, "api_key": self.api_key}]


@contextlib.contextmanager
def server_process(latency: float = 0.0) -> Iterator[Endpoint]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        sys.executable,
        "-m",
        "autogen.testing",
        "--port",
        str(port),
        "--reply",
        REPLY,
        "--latency",
        str(latency),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the test server process did not start")
            time.sleep(0.05)
        yield Endpoint(port)
    finally:
        proc.terminate()
        proc.wait(10)


def make_pair(
    server: Any, turns: int, n: int = 0, latency: float = 0.0
) -> tuple[ConversableAgent, ConversableAgent]:
    """A user proxy answering "Continue." and an LLM assistant; `server=None`: in-process model."""
    user = ConversableAgent(
        f"user{n}",
        llm_config=False,
        human_input_mode="NEVER",
        max_consecutive_auto_reply=turns - 1,
        default_auto_reply="Continue.",
    )
    config_list = IN_PROCESS if server is None else server.config_list()
    assistant = ConversableAgent(
        f"assistant{n}",
        llm_config={"config_list": config_list, "cache_seed": None},
        human_input_mode="NEVER",
        max_consecutive_auto_reply=turns,
    )
    if server is None:
        assistant.register_model_client(InProcessClient, latency=latency)
    return user, assistant


async def chat_async(server: Any, turns: int) -> float:
    if server is not None:  # this loop's connection pool: open it first, as initiate_chat's is
        warm_user, warm_assistant = make_pair(server, 1)
        await warm_user.a_initiate_chat(warm_assistant, message="Hi.", silent=True)
    user, assistant = make_pair(server, turns)
    start = time.perf_counter()
    result = await user.a_initiate_chat(assistant, message="Plan a trip.", silent=True)
    elapsed = time.perf_counter() - start
    assert len(result.chat_history) == 2 * turns, len(result.chat_history)
    return elapsed


def chat_sync(server: Any, turns: int) -> float:
    user, assistant = make_pair(server, turns)
    start = time.perf_counter()
    result = user.initiate_chat(assistant, message="Plan a trip.", silent=True)
    elapsed = time.perf_counter() - start
    assert len(result.chat_history) == 2 * turns
    return elapsed


async def sdk_floor(server: Any, bodies: list[dict[str, Any]]) -> float:
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key=server.api_key)
    await client.chat.completions.create(**bodies[0])  # connect first, as the chat's warm-up did
    start = time.perf_counter()
    for body in bodies:
        await client.chat.completions.create(**body)
    elapsed = time.perf_counter() - start
    await client.close()
    return elapsed


async def http_floor(server: Any, bodies: list[dict[str, Any]]) -> float:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    async with httpx.AsyncClient(base_url=server.base_url, headers=headers) as client:
        await client.post("/chat/completions", json=bodies[0])
        start = time.perf_counter()
        for body in bodies:
            (await client.post("/chat/completions", json=body)).json()
        return time.perf_counter() - start


def captured_bodies(turns: int) -> list[dict[str, Any]]:
    """The request bodies the chat sends, captured once from an in-process test server."""
    with OpenAITestServer(responder=lambda request: REPLY) as server:
        asyncio.run(chat_async(server, turns))
        return [r.json for r in server.requests]


def turn_overhead(turn_counts: list[int], repeats: int) -> None:
    print("Turn overhead (ms per turn; best of", repeats, "runs; server latency 0, cache off)")
    print(
        f"{'turns':>6} {'a_initiate_chat':>16} {'initiate_chat':>14} {'bare SDK':>9} {'plain HTTP':>11}"
        f" {'chat - SDK':>11} {'chat - HTTP':>12} {'framework only':>15}"
    )
    with server_process() as server:
        asyncio.run(chat_async(server, 2))  # warm up imports and the first connection
        for turns in turn_counts:
            bodies = captured_bodies(turns)
            async_times, sync_times, sdk_times, http_times, own_times = [], [], [], [], []
            for _ in range(repeats):
                async_times.append(asyncio.run(chat_async(server, turns)))
                sync_times.append(chat_sync(server, turns))
                sdk_times.append(asyncio.run(sdk_floor(server, bodies)))
                http_times.append(asyncio.run(http_floor(server, bodies)))
                own_times.append(asyncio.run(chat_async(None, turns)))
            a, s, k, h, o = (
                min(t) * 1000 / turns for t in (async_times, sync_times, sdk_times, http_times, own_times)
            )
            print(f"{turns:>6} {a:>16.2f} {s:>14.2f} {k:>9.2f} {h:>11.2f}", end="")
            print(f" {a - k:>11.2f} {a - h:>12.2f} {o:>15.3f}")


async def concurrent_chats(server: Any, conversations: int, turns: int, latency: float = 0.0) -> float:
    if server is not None:  # open the connections first, as a running service has them
        warm = [make_pair(server, 1, i) for i in range(conversations)]
        await asyncio.gather(*(u.a_initiate_chat(a, message="Hi.", silent=True) for u, a in warm))
    pairs = [make_pair(server, turns, i, latency) for i in range(conversations)]
    start = time.perf_counter()
    results = await asyncio.gather(
        *(u.a_initiate_chat(a, message="Plan a trip.", silent=True) for u, a in pairs)
    )
    elapsed = time.perf_counter() - start
    assert all(len(r.chat_history) == 2 * turns for r in results)
    return elapsed


async def raw_http_conversations(port: int, conversations: int, turns: int) -> float:
    """The floor: each conversation POSTs `turns` requests on its own keep-alive socket, with no HTTP
    library at all (the least client CPU possible), so what is left is the server's capacity."""
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi."}]}).encode()
    request = (
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-test-bench\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body

    async def connect() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", port)

    async def post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)

    async def conversation(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(turns):
            await post(reader, writer)

    streams = await asyncio.gather(*(connect() for _ in range(conversations)))
    await asyncio.gather(*(post(r, w) for r, w in streams))  # warm, like the agents' warm-up chat
    start = time.perf_counter()
    await asyncio.gather(*(conversation(r, w) for r, w in streams))
    elapsed = time.perf_counter() - start
    for _, writer in streams:
        writer.close()
    return elapsed


def concurrency(levels: list[int], turns: int = 10, latency: float = 0.2) -> None:
    print(f"\nConcurrency ({turns}-turn conversations, model latency {latency * 1000:.0f} ms)")
    print(f"{'path':>16} {'chats':>6} {'elapsed s':>10} {'ideal s':>8} {'turns/s':>9} {'% of ideal':>11}")
    ideal = turns * latency

    def row(path: str, n: int, elapsed: float) -> None:
        rate = n * turns / elapsed
        print(
            f"{path:>16} {n:>6} {elapsed:>10.2f} {ideal:>8.2f} {rate:>9.0f} {100 * ideal / elapsed:>10.1f}%"
        )

    for n in levels:
        row("framework only", n, asyncio.run(concurrent_chats(None, n, turns, latency)))
    with server_process(latency) as server:
        for n in levels:
            row("HTTP (SDK)", n, asyncio.run(concurrent_chats(server, n, turns)))
        port = int(server.base_url.rsplit(":", 1)[1].split("/")[0])
        for n in levels:
            row("raw HTTP floor", n, asyncio.run(raw_http_conversations(port, n, turns)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    turn_overhead(args.turns, args.repeats)
    concurrency(args.concurrency)


if __name__ == "__main__":
    main()
