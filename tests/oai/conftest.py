"""Fixtures for the LLM layer's tests: a private cache root per test, captured output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autogen.io import IOStream


class CapturedOutput:
    """An IOStream that keeps what was printed (input is not expected in these tests)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.parts.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        raise AssertionError("no input expected")

    @property
    def text(self) -> str:
        return "".join(self.parts)


@pytest.fixture(autouse=True)
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default disk cache (cache_seed 41) writes under this test's tmp dir, never the repo."""
    root = tmp_path / "cache"
    monkeypatch.setenv("AUTOGEN_CACHE_PATH_ROOT", str(root))
    return root


@pytest.fixture
def output() -> Iterator[CapturedOutput]:
    captured = CapturedOutput()
    with IOStream.set_default(captured):
        yield captured
