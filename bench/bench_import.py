"""How much `import autogen` costs: wall time and resident memory, in fresh interpreters.

Floor: a bare `python -c pass`. Targets: ≤ 0.15 s and ≤ 40 MiB RSS for `import autogen`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

PROBE = (
    "import time, resource; t = time.perf_counter(); {stmt}; dt = time.perf_counter() - t; "
    "print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
)


def measure(stmt: str, runs: int = 7) -> tuple[float, float]:
    times, rss = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(stmt=stmt)], capture_output=True, text=True, check=True
        ).stdout.split()
        times.append(float(out[0]))
        rss.append(float(out[1]))
    return statistics.median(times), statistics.median(rss)


def main() -> None:
    rows = [
        ("python, nothing imported (floor)", "pass"),
        ("import autogen", "import autogen"),
        ("from autogen import config_list_from_json", "from autogen import config_list_from_json"),
        (
            "from autogen import AssistantAgent, UserProxyAgent",
            "from autogen import AssistantAgent, UserProxyAgent",
        ),
        ("import openai (what the agents need)", "import openai"),
    ]
    print(f"{'what':55} {'time (ms)':>10} {'max RSS (MiB)':>14}")
    for label, stmt in rows:
        try:
            t, r = measure(stmt)
        except subprocess.CalledProcessError as exc:
            print(f"{label:55} failed: {exc.stderr.strip().splitlines()[-1]}")
            continue
        print(f"{label:55} {t * 1000:10.1f} {r:14.1f}")


if __name__ == "__main__":
    main()
