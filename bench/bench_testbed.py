"""Testbed throughput: N trivial scenarios x 1 repetition against the test server.

Three ways, each from a blank results folder:

* floors, one run after another in a shell loop: (a) what a run cannot do without — start the
  sandbox and a Python interpreter in it (`bwrap … python -c pass`); (b) the scenario itself,
  `python scenario.py`, unisolated (its own work: importing the SDK, one model call);
* `autogen testbed run` with the process pool (`--backend local`, one worker per core);
* the same with `--backend ray` on a local Ray cluster started for the run.

Each scenario makes one model call through the relay and prints the reply. The Testbed's
overhead per run is (wall time x workers / N) - (a) - (b): expansion, run.sh, relay, logs and
the pool. `--runs N` (default 200), `--skip-ray`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from autogen.coding._sandbox import hand_over, sandbox_env, sandbox_launch
from autogen.coding.limits import ResourceLimits
from autogen.testbed.runner import RunOptions, run_scenarios
from autogen.testing import OpenAITestServer

SCENARIO = """from openai import OpenAI
import json, os
cfg = json.loads(os.environ["OAI_CONFIG_LIST"])[0]
print(OpenAI(base_url=cfg["base_url"], api_key=cfg["api_key"]).chat.completions.create(
    model="gpt-4", messages=[{"role": "user", "content": "__VALUE__"}]).choices[0].message.content)
"""


def floor(n: int, work: Path) -> float:
    """Seconds for n sandbox + python starts, one by one."""
    hand_over(work)
    started = time.perf_counter()
    for _ in range(n):
        launch = sandbox_launch(["python", "-c", "pass"], work, sandbox_env(work), ResourceLimits(), 30)
        proc = subprocess.Popen(launch.argv, cwd=launch.cwd, env=launch.env, pass_fds=launch.pass_fds)
        launch.close_fds(launch.pass_fds)
        if launch.after_spawn is not None:
            launch.after_spawn()
        proc.wait()
        launch.close_fds(launch.parent_fds)
    return time.perf_counter() - started


def scenario_loop(n: int, work: Path, config_list: list[dict[str, str]]) -> float:
    """Seconds for n unisolated `python scenario.py` runs, one by one (floor b)."""
    import json
    import os
    import sys

    (work / "scenario.py").write_text(SCENARIO.replace("__VALUE__", "x"))
    env = {**os.environ, "OAI_CONFIG_LIST": json.dumps(config_list)}
    started = time.perf_counter()
    for _ in range(n):
        subprocess.run([sys.executable, "scenario.py"], cwd=work, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def campaign(n: int, root: Path, backend: str, config_list: list[dict[str, str]]) -> float:
    scen = root / "scen"
    scen.mkdir(parents=True, exist_ok=True)
    (scen / "t.py").write_text(SCENARIO)
    lines = [
        f'{{"id": "i{i}", "template": "t.py", "substitutions": {{"__VALUE__": "{i}"}}}}' for i in range(n)
    ]
    (scen / "trivial.jsonl").write_text("\n".join(lines) + "\n")
    results = root / f"results-{backend}"
    shutil.rmtree(results, ignore_errors=True)
    options = RunOptions(
        backend="ray" if backend == "ray" else "local",
        results=results,
        progress=False,
        config_list=config_list,
    )
    started = time.perf_counter()
    records = run_scenarios(scen / "trivial.jsonl", options)
    seconds = time.perf_counter() - started
    failed = [r for r in records if r.status != "success"]
    if failed:
        raise SystemExit(f"{len(failed)} runs failed, e.g. {failed[0]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()
    n, workers = args.runs, multiprocessing.cpu_count()
    with (
        tempfile.TemporaryDirectory() as tmp,
        OpenAITestServer(responder=lambda body: "ok", record=False) as server,
    ):
        root = Path(tmp)
        (root / "floor").mkdir()
        base = floor(n, root / "floor")
        native = scenario_loop(n, root / "floor", server.config_list(model="gpt-4"))
        rows = [
            ("(a) shell loop: sandbox + python start", base, 1),
            ("(b) shell loop: python scenario.py", native, 1),
        ]
        rows.append(
            ("testbed, process pool", campaign(n, root, "local", server.config_list(model="gpt-4")), workers)
        )
        if not args.skip_ray:
            rows.append(
                (
                    "testbed, Ray (local cluster)",
                    campaign(n, root, "ray", server.config_list(model="gpt-4")),
                    workers,
                )
            )
    per_floor = (base + native) / n
    print(f"{n} trivial scenarios x 1 repetition, {workers} cores")
    print(f"{'how':44} {'wall':>8} {'per run':>9} {'/ (a+b)':>8} {'overhead/run':>13}")
    for name, seconds, w in rows:
        per_run = seconds / n
        overhead = (seconds * w / n - per_floor) if w > 1 else 0.0
        ratio = per_run / per_floor
        print(f"{name:44} {seconds:7.1f}s {per_run * 1000:7.0f}ms {ratio:8.2f} {overhead * 1000:11.0f}ms")


if __name__ == "__main__":
    main()
