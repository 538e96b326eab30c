"""The request path: what OpenAIWrapper adds on top of the HTTP call it makes.

Sends the same 200-turn conversation (the history grows by 2 messages per turn, so the last
request carries 401 messages) to the built-in OpenAI-compatible test server three ways:

  (a) autogen.OpenAIWrapper.create, cache off
  (b) the bare openai SDK: OpenAI().chat.completions.create
  (c) a plain HTTP POST of the same JSON with httpx (one client, keep-alive)

and prints milliseconds per call for each, side by side, by history size. Then it measures
cache hits per second through OpenAIWrapper with the disk cache.

    .venv/bin/python bench/bench_request_path.py [--turns 200] [--hits 5000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import openai

from autogen.cache.cache import Cache
from autogen.oai.client import OpenAIWrapper
from autogen.testing import OpenAITestServer

WORDS = "the quick brown fox jumps over the lazy dog while the agents keep talking about code ".split()


def _text(i: int, n: int = 40) -> str:
    return " ".join(WORDS[(i + k) % len(WORDS)] for k in range(n))


def conversation(turns: int) -> list[list[dict[str, Any]]]:
    """The message list sent at each turn (each a prefix-extension of the previous one)."""
    history: list[dict[str, Any]] = [
        {"role": "system", "content": "You are a helpful AI assistant. " + _text(0, 80)},
        {"role": "user", "content": _text(1)},
    ]
    requests = []
    for turn in range(turns):
        requests.append(list(history))
        history.append({"role": "assistant", "content": _text(2 * turn + 2)})
        history.append({"role": "user", "content": _text(2 * turn + 3)})
    return requests


def interleaved(
    calls: dict[str, Callable[[list[dict[str, Any]]], Any]],
    requests: list[list[dict[str, Any]]],
    repeats: int,
) -> dict[str, list[float]]:
    """Median ms per call, per request, for each way; the ways take turns so load drift hits all alike."""
    for call in calls.values():
        call(requests[0])  # warm up: connection, first-call imports
    out: dict[str, list[float]] = {name: [] for name in calls}
    names = list(calls)
    for i, messages in enumerate(requests):
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for r in range(repeats):
            for name in names[(i + r) % len(names) :] + names[: (i + r) % len(names)]:
                start = time.perf_counter()
                calls[name](messages)
                samples[name].append((time.perf_counter() - start) * 1000)
        for name in calls:
            out[name].append(statistics.median(samples[name]))
    return out


def request_path(base_url: str, api_key: str, turns: int, repeats: int) -> None:
    requests = conversation(turns)
    model = "gpt-4o"
    config_list = [{"model": model, "base_url": base_url, "api_key": api_key}]
    wrapper = OpenAIWrapper(config_list=config_list, cache_seed=None)
    sdk = openai.OpenAI(base_url=base_url, api_key=api_key)
    plain = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {api_key}"})

    def via_wrapper(messages: list[dict[str, Any]]) -> Any:
        return wrapper.create(messages=messages)

    def via_sdk(messages: list[dict[str, Any]]) -> Any:
        return sdk.chat.completions.create(model=model, messages=messages)  # type: ignore[arg-type]

    def via_http(messages: list[dict[str, Any]]) -> Any:
        response = plain.post("/chat/completions", json={"model": model, "messages": messages})
        response.raise_for_status()
        return response.json()

    results = interleaved({"a": via_wrapper, "b": via_sdk, "c": via_http}, requests, repeats)
    plain.close()
    sdk.close()

    print(
        f"Request path: {turns} turns, history grows by 2 messages per turn "
        f"(ms per call, median of {repeats}, the three ways interleaved)"
    )
    print(f"{'messages':>9} {'(a) OpenAIWrapper':>18} {'(b) bare SDK':>13} {'(c) httpx POST':>15} {'a/c':>6}")
    step = max(1, turns // 10)
    for i in list(range(0, turns, step)) + [turns - 1]:
        a, b, c = results["a"][i], results["b"][i], results["c"][i]
        print(f"{len(requests[i]):>9} {a:>18.2f} {b:>13.2f} {c:>15.2f} {a / c:>6.2f}")
    means = {k: statistics.fmean(v) for k, v in results.items()}
    print(
        f"{'mean':>9} {means['a']:>18.2f} {means['b']:>13.2f} {means['c']:>15.2f} "
        f"{means['a'] / means['c']:>6.2f}"
    )
    ratios = [a / c for a, c in zip(results["a"], results["c"], strict=True)]
    sdk_ratios = [b / c for b, c in zip(results["b"], results["c"], strict=True)]
    print(
        f"(a) is {means['a'] / means['c']:.2f}x plain HTTP on the mean, {statistics.median(ratios):.2f}x "
        f"on the median turn; the bare SDK is {means['b'] / means['c']:.2f}x "
        f"({statistics.median(sdk_ratios):.2f}x)."
    )


def cache_hits(server: OpenAITestServer, n_hits: int) -> None:
    requests = conversation(20)  # 2 to 40 messages per request
    with tempfile.TemporaryDirectory() as root, Cache.disk(cache_seed=1, cache_path_root=root) as cache:
        wrapper = OpenAIWrapper(config_list=server.config_list(model="gpt-4o"))
        for messages in requests:  # prime: one real call each
            wrapper.create(messages=messages, cache=cache)
        sent = len(server.requests)

        def sync_rate() -> float:
            start = time.perf_counter()
            for i in range(n_hits):
                wrapper.create(messages=requests[i % len(requests)], cache=cache)
            return n_hits / (time.perf_counter() - start)

        async def async_rate() -> float:
            start = time.perf_counter()
            for i in range(n_hits):
                await wrapper.a_create(messages=requests[i % len(requests)], cache=cache)
            return n_hits / (time.perf_counter() - start)

        sync_rates = [sync_rate() for _ in range(3)]
        async_rates = [asyncio.run(async_rate()) for _ in range(3)]
        assert len(server.requests) == sent, "a cache hit reached the server"
    print("Cache hits, disk cache, 2-40 message requests (best of 3 runs):")
    print(f"  OpenAIWrapper.create (sync, through the bridge): {max(sync_rates):>8,.0f} per second")
    print(f"  await OpenAIWrapper.a_create (on the caller's loop): {max(async_rates):>8,.0f} per second")


REPLY = "Sure, here is my answer to that."
_SERVE = f"""
import sys
from autogen.testing.__main__ import main
sys.argv = ["serve", "--port", "0", "--api-key", "sk-bench-key", "--reply", {REPLY!r}]
main()
"""


@contextlib.contextmanager
def server_process() -> Iterator[str]:
    """An OpenAITestServer in its own process, as a real endpoint is: its work never holds our GIL."""
    proc = subprocess.Popen([sys.executable, "-c", _SERVE], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"base_url (\S+)", line)
        if match is None:
            raise RuntimeError(f"the test server did not start: {line!r}")
        yield match.group(1)
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--hits", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--in-process", action="store_true", help="run the test server in this process (shares the GIL)"
    )
    args = parser.parse_args()
    if args.in_process:
        with OpenAITestServer(responder=lambda request: REPLY) as server:
            request_path(server.base_url, server.api_key, args.turns, args.repeats)
    else:
        with server_process() as base_url:
            request_path(base_url, "sk-bench-key", args.turns, args.repeats)
    print()
    with OpenAITestServer(responder=lambda request: REPLY) as server:
        cache_hits(server, args.hits)


if __name__ == "__main__":
    main()
