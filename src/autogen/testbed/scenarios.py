"""Scenario files and their expansion into a run folder (the spec's "Scenario Expansion Algorithm").

A scenario file is JSONL: one instance per line, `{"id", "template", "substitutions"}`. The
`template` is a path relative to the JSONL file: a file (copied as `scenario.py`, substitutions
`{find: replace}`) or a directory (copied whole, substitutions `{filename: {find: replace}}`).

Expansion of one (instance, repetition) into its folder, in the spec's order:

1. copy the `includes` folder recursively;
2. append the OAI_CONFIG_LIST to its `ENV` file (as an `export` line the run script sources);
3. copy the template (a file becomes `scenario.py`);
4. apply the substitutions; a key found nowhere in its file is a warning, not an error, so a typo
   shows up in the log instead of silently producing an unchanged prompt;
5. write `run.sh` (see `_runsh.py`).
"""

from __future__ import annotations

import json
import logging
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autogen.exceptions import ScenarioError
from autogen.testbed._runsh import run_script

__all__ = ["Instance", "expand", "load_scenarios", "scenario_files"]

logger = logging.getLogger("autogen.testbed")


@dataclass(frozen=True)
class Instance:
    """One line of a scenario file, resolved."""

    scenario: str
    """The scenario's name: its JSONL file name without `.jsonl` (the first results level)."""
    id: str
    template: Path
    substitutions: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    """`file:line`, for messages."""


def scenario_files(path: Path) -> list[Path]:
    """The JSONL files `path` names: itself, or every `*.jsonl` directly in the directory."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".jsonl" and p.is_file())
        if not files:
            raise ScenarioError(f"{path}: the directory holds no .jsonl scenario file")
        return files
    if not path.is_file():
        raise ScenarioError(f"{path}: no such scenario file or directory")
    return [path]


def load_scenarios(path: Path) -> list[Instance]:
    """Every instance of every scenario file under `path`, checked; errors name file and line."""
    return [inst for file in scenario_files(path) for inst in _load_file(file)]


def _load_file(file: Path) -> Iterator[Instance]:
    seen: set[str] = set()
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(data, dict):
            raise ScenarioError(f"{where}: each line must be a JSON object")
        for key in ("id", "template"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ScenarioError(f"{where}: {key!r} must be a non-empty string")
        instance_id = data["id"]
        if "/" in instance_id or instance_id in (".", ".."):
            raise ScenarioError(f"{where}: id {instance_id!r} cannot be a folder name")
        if instance_id in seen:
            raise ScenarioError(f"{where}: id {instance_id!r} appears twice in {file.name}")
        seen.add(instance_id)
        template = (file.parent / data["template"]).resolve()
        if not template.exists():
            raise ScenarioError(f"{where}: template {data['template']!r} not found (looked at {template})")
        subs = data.get("substitutions", {})
        _check_substitutions(subs, template, where)
        yield Instance(file.stem, instance_id, template, subs, where)


def _check_substitutions(subs: Any, template: Path, where: str) -> None:
    if not isinstance(subs, dict):
        raise ScenarioError(f"{where}: 'substitutions' must be an object")
    if template.is_dir():
        for name, table in subs.items():
            if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
                raise ScenarioError(
                    f"{where}: a directory template takes {{filename: {{find: replace}}}}; "
                    f"{name!r} is not such a table"
                )
    elif not all(isinstance(v, str) for v in subs.values()):
        raise ScenarioError(f"{where}: a file template takes {{find: replace}} with string values")


def expand(
    instance: Instance,
    dest: Path,
    *,
    includes: Path | None,
    config_list: list[dict[str, Any]],
    relay_spec: str | None = None,
) -> list[str]:
    """Populate `dest` for one run; returns the warnings (also logged)."""
    warnings: list[str] = []
    dest.mkdir(parents=True, exist_ok=True)
    if includes is not None and includes.is_dir():
        shutil.copytree(includes, dest, dirs_exist_ok=True)
    env_file = dest / "ENV"
    with env_file.open("a", encoding="utf-8") as f:
        f.write(f"\nexport OAI_CONFIG_LIST={shlex.quote(json.dumps(config_list))}\n")
    if instance.template.is_dir():
        shutil.copytree(instance.template, dest, dirs_exist_ok=True)
        tables = {name: dict(table) for name, table in instance.substitutions.items()}
    else:
        shutil.copyfile(instance.template, dest / "scenario.py")
        tables = {"scenario.py": dict(instance.substitutions)}
    for name, table in tables.items():
        warnings += _substitute(dest / name, table, instance)
    (dest / "run.sh").write_text(run_script(relay_spec), encoding="utf-8")
    for w in warnings:
        logger.warning(w)
    return warnings


def _substitute(path: Path, table: dict[str, str], instance: Instance) -> list[str]:
    if not path.is_file():
        return [f"{instance.source}: substitutions name {path.name!r}, which the template does not have"]
    text = path.read_text(encoding="utf-8")
    warnings = []
    for find, replace in table.items():
        if find not in text:
            warnings.append(f"{instance.source}: {find!r} does not occur in {path.name}; nothing replaced")
        text = text.replace(find, replace)
    path.write_text(text, encoding="utf-8")
    return warnings
