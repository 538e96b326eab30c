"""How the sandbox decides it can run here, and what it hands to bwrap."""

from __future__ import annotations

from pathlib import Path

import pytest

from autogen.coding import ResourceLimits, _sandbox


def test_missing_tools_make_the_sandbox_unavailable_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _sandbox, "_tools", lambda: {"bwrap": None, "prlimit": "/usr/bin/prlimit", "setpriv": None}
    )
    status = _sandbox._self_test()
    assert not status.available
    assert "bwrap" in status.reason and "apt-get install bubblewrap" in status.reason


def test_environment_is_an_allow_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "secret")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("LC_TIME", "C")
    monkeypatch.setenv("LC_AUTH_TOKEN", "secret")  # an LC_ name is still refused when it looks secret
    env = _sandbox.sandbox_env(tmp_path, {"EXTRA": "1"})
    assert "secret" not in env.values()
    assert env["HOME"] == str(tmp_path) and env["EXTRA"] == "1" and env["LC_TIME"] == "C"
    assert env["PATH"].split(":")[-1] == "/bin"


@pytest.mark.usefixtures("needs_sandbox")
def test_launch_isolates_everything(tmp_path: Path) -> None:
    launch = _sandbox.sandbox_launch(["true"], tmp_path, {}, ResourceLimits(max_processes=7), 5)
    launch.close_fds(launch.pass_fds)
    launch.close_fds(launch.parent_fds)
    argv = launch.argv
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--cap-drop"):
        assert flag in argv
    assert ["--bind", str(tmp_path), str(tmp_path)] == argv[argv.index("--bind") : argv.index("--bind") + 3]
    assert "--info-fd" in argv and launch.after_spawn is not None  # limits are set during the handshake
    assert argv[-1] == "true"


def test_prlimit_args_follow_the_limits() -> None:
    limits = ResourceLimits(cpu_seconds=None, memory_bytes=None, max_processes=5, file_size_bytes=10)
    assert limits.prlimit_args(2.5, nproc=True) == ["--core=0", "--cpu=4:5", "--fsize=10", "--nproc=5"]
    assert "--nproc=5" not in limits.prlimit_args(2.5, nproc=False)
