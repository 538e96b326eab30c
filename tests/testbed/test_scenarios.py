"""Scenario files and the spec's expansion algorithm, without running anything."""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
from pathlib import Path

import pytest

from autogen.exceptions import ScenarioError
from autogen.testbed._runsh import COMPLETE_MARKER, run_script
from autogen.testbed.scenarios import expand, load_scenarios


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    (tmp_path / "t.py").write_text("x")
    f.write_text('{"id": "a", "template": "t.py"}\n\n{"id": "b", "template": \n')
    with pytest.raises(ScenarioError, match=r"s\.jsonl:3: not valid JSON"):
        load_scenarios(f)


def test_unknown_template_and_bad_fields(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_text('{"id": "a", "template": "missing.py"}\n')
    with pytest.raises(ScenarioError, match=r"s\.jsonl:1: template 'missing.py' not found"):
        load_scenarios(f)
    f.write_text('{"id": "../x", "template": "s.jsonl"}\n')
    with pytest.raises(ScenarioError, match="cannot be a folder name"):
        load_scenarios(f)
    (tmp_path / "dir").mkdir()
    f.write_text('{"id": "a", "template": "dir", "substitutions": {"__A__": "b"}}\n')
    with pytest.raises(ScenarioError, match="directory template takes"):
        load_scenarios(f)
    with pytest.raises(ScenarioError, match="no such scenario"):
        load_scenarios(tmp_path / "nope.jsonl")


def test_directory_of_scenarios_and_names(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"id": "i1", "template": "t.py"}\n{"id": "i2", "template": "t.py"}\n')
    (tmp_path / "a.jsonl").write_text('{"id": "i1", "template": "t.py"}\n')
    found = [(i.scenario, i.id) for i in load_scenarios(tmp_path)]
    assert found == [("a", "i1"), ("b", "i1"), ("b", "i2")]


def test_expansion_follows_the_spec(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    includes = tmp_path / "includes"
    (includes / "sub").mkdir(parents=True)
    (includes / "ENV").write_text("export EXTRA=1\n")
    (includes / "sub" / "helper.py").write_text("H = 1\n")
    template = tmp_path / "tmpl"
    template.mkdir()
    (template / "scenario.py").write_text("MODEL = '__MODEL__'\n")
    (template / "prompt.txt").write_text("Do __TASK__ now")
    line = {
        "id": "x",
        "template": "tmpl",
        "substitutions": {
            "scenario.py": {"__MODEL__": "gpt-4"},
            "prompt.txt": {"__TASK__": "it", "__NOPE__": "y"},
        },
    }
    (tmp_path / "s.jsonl").write_text(json.dumps(line) + "\n")
    [inst] = load_scenarios(tmp_path / "s.jsonl")
    dest = tmp_path / "out"
    config = [{"model": "gpt-4", "api_key": "sk-it's-secret"}]
    with caplog.at_level(logging.WARNING, "autogen.testbed"):
        warnings = expand(inst, dest, includes=includes, config_list=config)
    assert (dest / "sub" / "helper.py").read_text() == "H = 1\n"
    assert (dest / "scenario.py").read_text() == "MODEL = 'gpt-4'\n"
    assert (dest / "prompt.txt").read_text() == "Do it now"
    assert len(warnings) == 1 and "'__NOPE__' does not occur in prompt.txt" in warnings[0]
    assert "__NOPE__" in caplog.text
    env = (dest / "ENV").read_text()
    assert env.startswith("export EXTRA=1\n")
    # the appended line survives the shell's quoting, quotes in keys included
    out = subprocess.run(
        ["bash", "-c", '. ./ENV; printf %s "$OAI_CONFIG_LIST"'], cwd=dest, capture_output=True, text=True
    )
    assert json.loads(out.stdout) == config
    assert (dest / "run.sh").is_file()


def test_file_template_becomes_scenario_py(tmp_path: Path) -> None:
    (tmp_path / "two.py").write_text("print('__X__')\n")
    (tmp_path / "s.jsonl").write_text('{"id": "a", "template": "two.py", "substitutions": {"__X__": "hi"}}\n')
    [inst] = load_scenarios(tmp_path / "s.jsonl")
    expand(inst, tmp_path / "d", includes=None, config_list=[])
    assert (tmp_path / "d" / "scenario.py").read_text() == "print('hi')\n"


def test_run_script_runs_the_steps_in_the_spec_order(tmp_path: Path) -> None:
    for name in ("global_init", "scenario_init", "scenario_finalize", "global_finalize"):
        (tmp_path / f"{name}.sh").write_text(f"echo {name}\n")
    (tmp_path / "ENV").write_text(f"export GREETING={shlex.quote('from env')}\n")
    (tmp_path / "scenario.py").write_text("import os; print('scenario', os.environ['GREETING'])\n")
    (tmp_path / "run.sh").write_text(run_script(None))
    out = subprocess.run(["bash", "run.sh"], cwd=tmp_path, capture_output=True, text=True).stdout.splitlines()
    assert out == [
        "global_init",
        "scenario_init",
        "scenario from env",
        "SCENARIO.PY EXIT CODE: 0",
        "scenario_finalize",
        "global_finalize",
        COMPLETE_MARKER,
    ]
    assert not (tmp_path / "ENV").exists()  # the clean-up removes the keys before finalize scripts
