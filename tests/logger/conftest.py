"""Runtime logging tests: a private cache root, and no session left running after a test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import autogen.runtime_logging as runtime_logging


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AUTOGEN_CACHE_PATH_ROOT", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    yield
    runtime_logging.stop()
