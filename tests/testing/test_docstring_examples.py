"""The usage examples in the test kit's docstrings run as written."""

from __future__ import annotations

import importlib
import re
import textwrap

import pytest


def example(module_name: str) -> str:
    doc = importlib.import_module(module_name).__doc__ or ""
    match = re.search(r"Example::\n\n((?:    .*\n|\n)+)", doc)
    assert match, f"{module_name} has no Example:: block"
    return textwrap.dedent(match.group(1))


@pytest.mark.parametrize(
    "module_name", ["autogen.testing.server", "autogen.testing.scripted", "autogen.testing.process"]
)
def test_docstring_example_runs(module_name: str) -> None:
    exec(compile(example(module_name), f"<{module_name} example>", "exec"), {})
