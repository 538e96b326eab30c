"""GAIA on the Testbed: expand a local copy of the data set, score `FINAL ANSWER`s, collate, metrics.

The data set is not downloadable here; point `expand` at a local copy laid out as GAIA ships it:
`<dir>/2023/<split>/metadata.jsonl` (fields `task_id`, `Question`, `Level`, `Final answer`,
`file_name`) with the attached files beside it. Each task becomes one instance whose folder
holds its attached file, `prompt.txt` and `expected_answer.txt`. A run is correct when the last line
starting `FINAL ANSWER:` of its console log matches the expected answer after normalisation
(case, surrounding spaces, runs of spaces, trailing punctuation).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

from autogen.exceptions import ScenarioError
from autogen.testbed.tabulate import repetition_dirs

__all__ = ["collate", "expand", "final_answer", "metrics", "normalize_answer"]

TEMPLATE = Path(__file__).parent / "scenarios" / "GAIA" / "Templates" / "TwoAgents"
_FINAL = re.compile(r"^\s*FINAL ANSWER:[ \t]*(.*)$", re.IGNORECASE | re.MULTILINE)


def normalize_answer(answer: str) -> str:
    return re.sub(r"[.!?]+$", "", re.sub(r"\s+", " ", answer.strip().lower()))


def final_answer(console_log: str) -> str | None:
    found = _FINAL.findall(console_log)
    return found[-1].strip() if found else None


def expand(gaia_dir: Path, out_dir: Path, *, split: str = "validation", model: str = "gpt-4") -> list[Path]:
    """Write one JSONL per level (`gaia_<split>_level_<n>__two_agents.jsonl`); returns their paths."""
    metadata = gaia_dir / "2023" / split / "metadata.jsonl"
    if not metadata.is_file():
        raise ScenarioError(f"{metadata}: not found; expected a local copy of the GAIA data set")
    tasks_dir = out_dir / "Tasks"
    tasks_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(TEMPLATE, out_dir / "Templates" / "TwoAgents", dirs_exist_ok=True)
    by_level: dict[str, list[dict[str, Any]]] = {}
    for number, line in enumerate(metadata.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            task = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{metadata}:{number}: not valid JSON ({exc.msg})") from exc
        by_level.setdefault(str(task.get("Level", "1")), []).append(task)
    written = []
    for level, tasks in sorted(by_level.items()):
        path = out_dir / f"gaia_{split}_level_{level}__two_agents.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for task in tasks:
                f.write(json.dumps(_instance(task, gaia_dir / "2023" / split, tasks_dir, model)) + "\n")
        written.append(path)
    return written


def _instance(task: dict[str, Any], source: Path, tasks_dir: Path, model: str) -> dict[str, Any]:
    task_dir = tasks_dir / task["task_id"]
    task_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(TEMPLATE, task_dir, dirs_exist_ok=True)
    question = task["Question"]
    file_name = task.get("file_name") or ""
    if file_name:
        shutil.copyfile(source / file_name, task_dir / "coding" / file_name)
        question += f"\n\nThe file {file_name!r} in your working folder is part of this question."
    (task_dir / "expected_answer.txt").write_text(str(task.get("Final answer", "")), encoding="utf-8")
    return {
        "id": task["task_id"],
        "template": f"Tasks/{task['task_id']}",
        "substitutions": {"scenario.py": {"__MODEL__": model}, "prompt.txt": {"__PROMPT__": question}},
    }


def collate(results_dir: Path) -> list[list[str]]:
    """Rows `[TestId, Trial0, …]`: 1 correct, 0 wrong or no answer, "" missing."""
    table: dict[str, dict[int, str]] = {}
    width = 0
    for instance, rep, folder in repetition_dirs(results_dir):
        log = folder / "console_log.txt"
        expected = folder / "expected_answer.txt"
        if not log.is_file():
            value = ""
        else:
            got = final_answer(log.read_text(encoding="utf-8", errors="replace"))
            want = expected.read_text(encoding="utf-8") if expected.is_file() else ""
            value = "1" if got is not None and normalize_answer(got) == normalize_answer(want) else "0"
        table.setdefault(instance, {})[rep] = value
        width = max(width, rep + 1)
    header = ["TestId", *(f"Trial{i}" for i in range(width))]
    return [header, *([iid, *(reps.get(i, "") for i in range(width))] for iid, reps in sorted(table.items()))]


def metrics(collated_csv: str) -> list[list[str]]:
    """Per trial: tasks, correct, accuracy over the runs present; then the mean."""
    rows = list(csv.reader(io.StringIO(collated_csv)))
    out = [["Trial", "Tasks", "Correct", "Missing", "Accuracy"]]
    if not rows:
        return out
    accuracies = []
    for col, trial in enumerate(rows[0][1:], start=1):
        values = [r[col] if col < len(r) else "" for r in rows[1:]]
        correct = values.count("1")
        present = sum(v != "" for v in values)
        accuracy = correct / present if present else 0.0
        accuracies.append(accuracy)
        out.append([trial, str(len(values)), str(correct), str(len(values) - present), f"{accuracy:.4f}"])
    out.append(
        [
            "mean",
            str(len(rows) - 1),
            "",
            "",
            f"{sum(accuracies) / len(accuracies) if accuracies else 0.0:.4f}",
        ]
    )
    return out
