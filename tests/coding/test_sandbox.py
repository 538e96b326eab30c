"""The sandboxed local executor against hostile and runaway code: nothing escapes."""

from __future__ import annotations

import socket
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor, ResourceLimits
from autogen.coding.base import CommandLineCodeResult

pytestmark = pytest.mark.usefixtures("needs_sandbox")


def run(
    work_dir: Path, code: str, lang: str = "python", timeout: float = 10, **kw: object
) -> CommandLineCodeResult:
    executor = LocalCommandLineCodeExecutor(timeout=timeout, work_dir=work_dir, **kw)  # type: ignore[arg-type]
    assert executor.mode == "sandbox"
    return executor.execute_code_blocks([CodeBlock(code=code, language=lang)])


def test_runs_python_and_shell(work_dir: Path) -> None:
    assert run(work_dir, "print('hello')").output == "hello\n"
    result = run(work_dir, "echo from-sh; echo err >&2; exit 3", lang="sh")
    assert result.exit_code == 3
    assert "from-sh" in result.output and "err" in result.output


def test_api_keys_and_tokens_are_not_in_the_environment(work_dir: Path, fake_key: str) -> None:
    code = "import os; print(os.environ.get('OPENAI_API_KEY')); print(sorted(os.environ))"
    result = run(work_dir, code)
    assert result.exit_code == 0
    assert result.output.startswith("None\n")
    assert fake_key not in result.output
    assert "GITHUB_TOKEN" not in result.output
    assert "HOME" in result.output


def test_writes_land_in_the_work_dir_only(work_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("host file")
    code = f"""
import os
open('made.txt', 'w').write('ok')
print(os.path.exists({str(tmp_path / "secret.txt")!r}))
for target in ('/usr/evil', '/etc/evil', {str(tmp_path / "evil")!r}):
    try:
        open(target, 'w')
        print('WROTE', target)
    except OSError as exc:
        print('refused', type(exc).__name__)
open('/tmp/scratch', 'w').write('private tmp works')
"""
    result = run(work_dir, code)
    assert result.exit_code == 0, result.output
    assert (work_dir / "made.txt").read_text() == "ok"
    assert result.output.splitlines()[0] == "False"  # files beside the work dir are invisible
    assert "WROTE" not in result.output
    assert result.output.count("refused") == 3
    assert not (tmp_path / "evil").exists()


def test_infinite_loop_is_killed_with_partial_output(work_dir: Path) -> None:
    result = run(work_dir, "print('started', flush=True)\nwhile True: pass", timeout=1)
    assert result.exit_code == 124
    assert result.output.startswith("started\n")
    assert "Timeout" in result.output and "124" in result.output


@pytest.mark.parametrize("how", ["setsid", "ignore-sigterm"])
def test_detached_or_stubborn_children_are_killed(
    work_dir: Path, token: str, how: str, processes_with: Callable[[str], list[int]]
) -> None:
    child = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(1000)"
    code = f"""
import subprocess, sys, time
subprocess.Popen([sys.executable, '-c', {child!r}, {token!r}], start_new_session={how == "setsid"},
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print('child started', flush=True)
time.sleep(1000)
"""
    start = time.monotonic()
    result = run(work_dir, code, timeout=1)
    elapsed = time.monotonic() - start
    assert result.exit_code == 124
    assert "child started" in result.output
    assert elapsed < 1 + 1  # the timeout, plus at most one second to tear everything down
    assert processes_with(token) == []


def test_a_background_child_does_not_outlive_a_finished_run(
    work_dir: Path, token: str, processes_with: Callable[[str], list[int]]
) -> None:
    sleeper = f"bash -c 'sleep 1000; : {token}'"
    code = f"setsid {sleeper} >/dev/null 2>&1 &\n{sleeper} &\necho done"
    result = run(work_dir, code, "bash")
    assert result.exit_code == 0 and result.output == "done\n"
    assert processes_with(token) == []


def test_process_count_is_capped(work_dir: Path) -> None:
    code = """
import os, time
n = 0
for _ in range(500):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(5)
        os._exit(0)
    n += 1
print(n)
"""
    result = run(work_dir, code, timeout=5, limits=ResourceLimits(max_processes=20))
    assert result.exit_code == 0, result.output
    assert int(result.output) < 20


def test_fork_bomb_is_capped_and_cleaned_up(
    work_dir: Path, token: str, processes_with: Callable[[str], list[int]]
) -> None:
    start = time.monotonic()
    result = run(work_dir, f"b() {{ b | b & }}; b; sleep 100 # {token}", "bash", timeout=2)
    assert time.monotonic() - start < 2 + 1
    assert result.exit_code == 124
    assert "Resource temporarily unavailable" in result.output  # forks hit the cap
    assert processes_with(token) == []


def test_huge_allocation_fails_and_is_reported(work_dir: Path) -> None:
    result = run(work_dir, "x = bytearray(4 * 1024 ** 3)\nprint('allocated')")
    assert result.exit_code != 0
    assert "MemoryError" in result.output
    assert "allocated" not in result.output


def test_flood_of_output_is_truncated_head_and_tail(work_dir: Path) -> None:
    code = "import sys\nprint('BEGIN')\nline = 'x' * 999 + '\\n'\n"
    code += "for _ in range(200_000): sys.stdout.write(line)\nprint('END')"  # 200 MB
    tracemalloc.start()
    try:
        result = run(work_dir, code, timeout=30)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # read as it arrives: memory stays far below the 200 MB printed
    assert result.exit_code == 0
    assert result.output.startswith("BEGIN\n")
    assert result.output.endswith("END\n")
    assert "output truncated" in result.output
    assert len(result.output) <= ResourceLimits().max_output_bytes + 200


def test_huge_file_write_is_stopped(work_dir: Path) -> None:
    code = """
chunk = b'x' * (1024 * 1024)
with open('big.bin', 'wb') as f:
    for _ in range(1024):
        f.write(chunk)
print('wrote 1 GB')
"""
    result = run(work_dir, code, limits=ResourceLimits(file_size_bytes=8 * 1024 * 1024))
    assert result.exit_code != 0
    assert "File too large" in result.output
    assert (work_dir / "big.bin").stat().st_size <= 8 * 1024 * 1024
    assert ResourceLimits().file_size_bytes is not None and ResourceLimits().file_size_bytes < 1024**3


def test_no_network_not_even_loopback(work_dir: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        code = f"""
import socket
for host, port in (('127.0.0.1', {port}), ('192.0.2.1', 80)):
    try:
        socket.create_connection((host, port), timeout=1).close()
        print('CONNECTED', host)
    except OSError as exc:
        print('failed', host, type(exc).__name__)
"""
        result = run(work_dir, code)
    assert "CONNECTED" not in result.output
    assert "failed 127.0.0.1" in result.output and "failed 192.0.2.1" in result.output


def test_non_utf8_output_is_decoded_with_replacement(work_dir: Path) -> None:
    result = run(work_dir, "import sys; sys.stdout.buffer.write(b'ok \\xff\\xfe end\\n')")
    assert result.exit_code == 0
    assert result.output == "ok \ufffd\ufffd end\n"


def test_cpu_limit_stops_busy_code(work_dir: Path) -> None:
    result = run(work_dir, "while True: pass", timeout=10, limits=ResourceLimits(cpu_seconds=1))
    assert result.exit_code == 128 + 24
    assert "CPU time limit" in result.output


async def test_concurrent_runs_are_independent(work_dir: Path) -> None:
    import asyncio

    executor = LocalCommandLineCodeExecutor(timeout=10, work_dir=work_dir)
    results = await asyncio.gather(*(executor.a_run_code(f"print({i})", "python") for i in range(8)))
    assert [r.output for r in results] == [f"{i}\n" for i in range(8)]


async def test_cancelling_a_run_kills_everything_it_started(
    work_dir: Path, token: str, processes_with: Callable[[str], list[int]]
) -> None:
    import asyncio

    executor = LocalCommandLineCodeExecutor(timeout=30, work_dir=work_dir)
    child = ["sh", "-c", "sleep 100; :", token]
    code = f"import subprocess, time\nsubprocess.Popen({child!r})\ntime.sleep(100)"
    task = asyncio.create_task(executor.a_run_code(code, "python"))
    for _ in range(100):
        await asyncio.sleep(0.02)
        if processes_with(token):
            break
    assert processes_with(token), "the child never started"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(50):
        if not processes_with(token):
            break
        await asyncio.sleep(0.02)
    assert processes_with(token) == []


def test_tmp_is_private_to_each_run(work_dir: Path, token: str) -> None:
    first = run(work_dir, f"open('/tmp/{token}', 'w').write('x'); print('ok')")
    assert first.output == "ok\n"
    assert not Path(f"/tmp/{token}").exists()
    second = run(work_dir, f"import os; print(os.path.exists('/tmp/{token}'))")
    assert second.output == "False\n"


def test_the_code_runs_under_the_configured_rlimits(work_dir: Path) -> None:
    limits = ResourceLimits(cpu_seconds=7, memory_bytes=300 * 1024**2, max_processes=9, file_size_bytes=12345)
    result = run(work_dir, "cat /proc/self/limits", "sh", limits=limits)
    rows = {line[:26].strip(): line[26:].split()[:2] for line in result.output.splitlines()[1:]}
    assert rows["Max cpu time"] == ["7", "8"]
    assert rows["Max address space"] == [str(300 * 1024**2)] * 2
    assert rows["Max processes"] == ["9", "9"]
    assert rows["Max file size"] == ["12345", "12345"]
