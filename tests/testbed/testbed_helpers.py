"""Shared helpers of the Testbed tests (plain functions; fixtures are in conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from autogen.coding._sandbox import sandbox_status

EXAMPLES = Path(__file__).parents[2] / "src" / "autogen" / "testbed" / "scenarios" / "Examples"

needs_sandbox = pytest.mark.skipif(
    not sandbox_status().available, reason=f"the sandbox cannot run here: {sandbox_status().reason}"
)


def two_agent_responder(body: dict[str, Any]) -> str:
    """Write a code block first; once it has run (an exit code came back), TERMINATE."""
    last = str(body["messages"][-1].get("content") or "")
    if "exitcode:" in last:
        return "The code ran. TERMINATE"
    numbers = re.findall(r"first (\d+)", last)
    count = int(numbers[0]) if numbers else 3
    return f"```python\nprint('result', list(range({count})))\n```"


def write_scenario(folder: Path, body: str, *, name: str = "simple", ids: tuple[str, ...] = ("one",)) -> Path:
    """A JSONL scenario with one file template holding `body` (which may use __VALUE__)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.py").write_text(body)
    lines = [f'{{"id": "{i}", "template": "t.py", "substitutions": {{"__VALUE__": "{i}"}}}}' for i in ids]
    path = folder / f"{name}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path
