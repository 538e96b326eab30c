"""Fixtures for the code-execution tests.

Every test runs with a fake OPENAI_API_KEY (and a token) in the parent's environment, so any
test that prints the child's environment proves they are stripped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from autogen.coding import _sandbox

FAKE_KEY = "sk-test-fake-key-1234567890abcdef"


@pytest.fixture(autouse=True)
def fake_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_fake_token")
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "0")  # these tests are about the local executors
    return FAKE_KEY


@pytest.fixture
def work_dir(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


@pytest.fixture
def needs_sandbox() -> None:
    status = _sandbox.sandbox_status()
    if not status.available:
        pytest.skip(f"no bubblewrap sandbox on this machine: {status.reason}")


@pytest.fixture
def token() -> str:
    """A unique word to put in a child's command line, to look for it afterwards."""
    return f"autogen-test-{uuid.uuid4().hex}"


def _processes_with(token: str) -> list[int]:
    """Pids of live (non-zombie) processes whose command line contains `token`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if token.encode() in cmdline and state != "Z":
            found.append(int(entry))
    return found


@pytest.fixture
def processes_with() -> Callable[[str], list[int]]:
    return _processes_with


@pytest.fixture
def no_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend bubblewrap cannot be used here (to test the fallback and strict mode)."""
    monkeypatch.setattr(_sandbox, "_status", _sandbox.SandboxStatus(False, "bwrap not found (test)"))
    yield
