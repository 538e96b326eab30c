"""Score a results folder: success per instance and repetition, aggregates, CSV / JSON, a plot.

A run's outcome is read from its `run.json` (`success`, `failed`, `timeout`); a folder without
one (results from an older Testbed) counts as a success when its console log holds the
completion marker and the scenario exited 0. Missing repetitions are "" in the table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autogen._extras import require
from autogen.testbed._runsh import COMPLETE_MARKER, EXIT_PREFIX

__all__ = ["ScenarioTable", "repetition_dirs", "tabulate"]


def repetition_dirs(scenario_dir: Path) -> Iterator[tuple[str, int, Path]]:
    """(instance id, repetition, folder) of the finished runs of one scenario's results."""
    if not scenario_dir.is_dir():
        return
    for instance in sorted(p for p in scenario_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for rep in sorted(
            (p for p in instance.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)
        ):
            yield instance.name, int(rep.name), rep


def run_outcome(folder: Path) -> str:
    meta = folder / "run.json"
    if meta.is_file():
        return str(json.loads(meta.read_text(encoding="utf-8")).get("status", "failed"))
    log = folder / "console_log.txt"
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    return "success" if COMPLETE_MARKER in text and f"{EXIT_PREFIX}0" in text else "failed"


@dataclass
class ScenarioTable:
    scenario: str
    repetitions: int
    outcomes: dict[str, dict[int, str]] = field(default_factory=dict)

    def successes(self) -> int:
        return sum(v == "success" for reps in self.outcomes.values() for v in reps.values())

    def runs(self) -> int:
        return sum(len(reps) for reps in self.outcomes.values())

    def rate(self) -> float:
        return self.successes() / self.runs() if self.runs() else 0.0

    def rows(self) -> list[list[str]]:
        header = ["Instance", *(f"Trial{i}" for i in range(self.repetitions)), "Successes"]
        body = []
        for iid, reps in sorted(self.outcomes.items()):
            cells = [reps.get(i, "") for i in range(self.repetitions)]
            body.append([iid, *cells, str(sum(c == "success" for c in cells))])
        return [header, *body]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "runs": self.runs(),
            "successes": self.successes(),
            "success_rate": round(self.rate(), 4),
            "instances": {
                iid: [reps.get(i, "") for i in range(self.repetitions)] for iid, reps in self.outcomes.items()
            },
        }


def tabulate(results_dir: Path) -> list[ScenarioTable]:
    """One table per scenario under `results_dir` (or for `results_dir` itself, if it is one)."""
    results_dir = Path(results_dir)
    candidates = sorted(p for p in results_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    scenario_dirs = [p for p in candidates if any(True for _ in repetition_dirs(p))]
    if not scenario_dirs and any(True for _ in repetition_dirs(results_dir)):
        scenario_dirs = [results_dir]
    tables = []
    for sdir in scenario_dirs:
        table = ScenarioTable(sdir.name, 0)
        for iid, rep, folder in repetition_dirs(sdir):
            table.outcomes.setdefault(iid, {})[rep] = run_outcome(folder)
            table.repetitions = max(table.repetitions, rep + 1)
        tables.append(table)
    return tables


def plot(tables: list[ScenarioTable], turns: dict[str, list[int]], path: Path) -> None:
    """Success rate per scenario (bars) and, when given, a histogram of turns to success."""
    matplotlib = require("matplotlib", extra="testbed", purpose="testbed plots")
    matplotlib.use("Agg")
    plt = require("matplotlib.pyplot", extra="testbed", purpose="testbed plots")
    panels = 2 if any(turns.values()) else 1
    fig, axes = plt.subplots(1, panels, figsize=(6 * panels, 4), squeeze=False)
    ax = axes[0][0]
    ax.bar([t.scenario for t in tables], [t.rate() for t in tables], color="#3b6ea5")
    ax.set_ylim(0, 1)
    ax.set_ylabel("success rate")
    ax.set_title("Success rate per scenario")
    ax.tick_params(axis="x", labelrotation=20)
    if panels == 2:
        ax2 = axes[0][1]
        for name, values in turns.items():
            if values:
                ax2.hist(values, bins=range(0, max(values) + 2), alpha=0.6, label=name)
        ax2.set_xlabel("turns to success")
        ax2.set_ylabel("runs")
        ax2.set_title("Turns to success")
        ax2.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
