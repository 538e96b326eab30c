"""Runtime logging and tracing: what they add per turn on a 200-turn two-agent chat.

The chat (an LLM assistant and a user proxy answering "Continue.") runs against the test server
in its own process (no latency, no cache), three ways: logging and tracing off, SQLite runtime
logging on, OpenTelemetry tracing on (SDK provider with a no-op exporter behind a batch
processor). Figures: median ms per turn of `--repeats` runs, and % added over off.
Target: <= 5% added.

    .venv/bin/python bench/bench_logging.py [--turns 200] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import autogen.runtime_logging as runtime_logging
from autogen import AssistantAgent, UserProxyAgent, _telemetry
from autogen.testing.process import OpenAITestServerProcess


def chat_seconds(config_list: list[dict[str, object]], turns: int) -> float:
    assistant = AssistantAgent("assistant", llm_config={"config_list": config_list, "cache_seed": None})
    user = UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="Continue.",
        max_consecutive_auto_reply=turns - 1, is_termination_msg=lambda m: False,
    )  # fmt: skip
    start = time.perf_counter()
    user.initiate_chat(assistant, message="Start.", silent=True)
    return time.perf_counter() - start


def measure(name: str, setup: Callable[[], None], teardown: Callable[[], None], cl: list[dict[str, object]],
            turns: int, repeats: int) -> float:  # fmt: skip
    times = []
    for _ in range(repeats):
        setup()
        times.append(chat_seconds(cl, turns))
        teardown()
    per_turn = statistics.median(times) / turns * 1000
    print(f"{name:<22} {per_turn:8.3f} ms/turn  (runs: {', '.join(f'{t:.2f}s' for t in times)})")
    return per_turn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

    class Drop(SpanExporter):
        def export(self, spans: object) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(Drop()))
    tmp = Path(tempfile.mkdtemp())
    with OpenAITestServerProcess(replies=["A reply of a few words."], latency=0.0) as server:
        cl = server.config_list()
        chat_seconds(cl, 20)  # warm up connections and imports

        def sqlite_on() -> None:
            runtime_logging.start(config={"dbname": str(tmp / "b.db")})

        def file_on() -> None:
            runtime_logging.start(logger_type="file", config={"filename": str(tmp / "b.log")})

        rows: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
            ("off", lambda: None, lambda: None),
            ("sqlite logging", sqlite_on, runtime_logging.stop),
            ("file logging", file_on, runtime_logging.stop),
            ("opentelemetry", lambda: _telemetry.enable_tracing(provider), _telemetry.disable_tracing),
        ]
        base = None
        for name, setup, teardown in rows:
            value = measure(name, setup, teardown, cl, args.turns, args.repeats)
            base = value if base is None else base
            if name != "off":
                print(f"{'':<22} +{(value / base - 1) * 100:.1f}% over off")
    provider.shutdown()


if __name__ == "__main__":
    main()
