"""Per-execution overhead of each code executor beside a bare `subprocess.run` of the same code.

    .venv/bin/python bench/bench_code_execution.py [iterations]

For `python -c "print(1)"`-sized code and a shell `echo`, it times:

* bare      `subprocess.run([python, "-c", code])` / `subprocess.run(["sh", "-c", code])`: the floor;
* sandbox   LocalCommandLineCodeExecutor (bubblewrap + rlimits), the default;
* limited   the fallback when no sandbox can be built (rlimits, no isolation);
* plain     `sandbox=False` (v0.2-style, still with timeout / tree kill / output cap);
* docker    DockerCommandLineCodeExecutor, when an engine answers (else skipped, with the reason),
            in the image AUTOGEN_TEST_DOCKER_IMAGE names (scripts/podman-engine), else python:3-slim.

Each executor call saves the code to a file and runs it, exactly as an agent's reply does.
Figures are mean / median / min wall-clock milliseconds per execution, measured round-robin (one
run of each variant per round) so load from other processes hits all alike, once back to back and
once with 50 ms between runs (the kernel tears a sandbox's namespaces down asynchronously; back to
back, that clean-up competes with the next run, which an agent taking turns never does); "overhead" is the
difference to bare (of the medians, and of the minimums, the latter being the least noisy on a
busy machine). Target: the sandbox adds <= 10 ms.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor, _sandbox
from autogen.coding._docker_env import is_docker_running

CASES = {"python": "print(1)", "sh": "echo 1"}


def bare(lang: str, code: str) -> Callable[[], Awaitable[Any]]:
    argv = [sys.executable, "-c", code] if lang == "python" else ["sh", "-c", code]

    async def run() -> None:  # blocking on purpose: the floor is a plain synchronous subprocess.run
        subprocess.run(argv, capture_output=True, check=True)  # noqa: ASYNC221

    return run


async def round_robin(
    variants: dict[str, Callable[[], Awaitable[Any]]], n: int, pause: float
) -> dict[str, list[float]]:
    """Time each variant once per round, so a busy moment on the machine hits all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for fn in variants.values():
        await fn()  # warm up
    for _ in range(n):
        for name, fn in variants.items():
            if pause:
                await asyncio.sleep(pause)
            start = time.perf_counter()
            await fn()
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def executor_run(executor: Any, lang: str, code: str) -> Callable[[], Awaitable[Any]]:
    blocks = [CodeBlock(code=code, language=lang)]

    async def run() -> None:
        result = await executor.a_execute_code_blocks(blocks)
        assert result.exit_code == 0 and result.output == "1\n", result

    return run


def row(name: str, samples: list[float], floor: list[float] | None) -> str:
    median = statistics.median(samples)
    line = f"  {name:<9} mean {statistics.mean(samples):7.2f}   median {median:7.2f}"
    line += f"   min {min(samples):7.2f}"
    if floor is not None:
        line += f"   overhead (median) {median - statistics.median(floor):+7.2f}"
        line += f"  (min) {min(samples) - min(floor):+7.2f}"
    return line


def make_executors(work: Path) -> dict[str, Any]:
    executors: dict[str, Any] = {}
    status = _sandbox.sandbox_status()
    if status.available:
        executors["sandbox"] = LocalCommandLineCodeExecutor(timeout=30, work_dir=work / "sandbox")
    else:
        print(f"  (sandbox skipped: {status.reason})")
    saved = _sandbox._status
    _sandbox._status = _sandbox.SandboxStatus(False, "benchmarking the fallback")
    try:
        executors["limited"] = LocalCommandLineCodeExecutor(timeout=30, work_dir=work / "limited")
    finally:
        _sandbox._status = saved
    executors["plain"] = LocalCommandLineCodeExecutor(timeout=30, work_dir=work / "plain", sandbox=False)
    if is_docker_running():
        from autogen.coding import DockerCommandLineCodeExecutor

        image = os.environ.get("AUTOGEN_TEST_DOCKER_IMAGE", "python:3-slim")  # scripts/podman-engine's
        executors["docker"] = DockerCommandLineCodeExecutor(image=image, timeout=30, work_dir=work / "docker")
    else:
        print("  (docker skipped: no Docker engine answers on this machine)")
    return executors


async def main(n: int) -> None:
    import logging

    logging.getLogger("autogen.coding").setLevel(logging.ERROR)  # the fallback's warning is expected
    with tempfile.TemporaryDirectory() as tmp:
        executors = make_executors(Path(tmp))
        print(f"code execution, {n} runs each, milliseconds per execution")
        for pause, how in ((0.0, "back to back"), (0.05, "50 ms apart, like turns of a conversation")):
            for lang, code in CASES.items():
                variants = {"bare": bare(lang, code)}
                variants.update({name: executor_run(ex, lang, code) for name, ex in executors.items()})
                samples = await round_robin(variants, n, pause)
                print(f"\n{lang}: {code!r}, {how}")
                print(row("bare", samples["bare"], None))
                for name in executors:
                    print(row(name, samples[name], samples["bare"]))
        for executor in executors.values():
            stop = getattr(executor, "stop", None)
            if stop is not None:
                stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
