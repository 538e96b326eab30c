"""LocalCommandLineCodeExecutor: languages, files, modes (sandbox, limited fallback, plain)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from autogen.coding import CodeBlock, CodeExecutor, LocalCommandLineCodeExecutor, ResourceLimits
from autogen.coding import local_commandline_code_executor as local_module
from autogen.exceptions import ConfigError, SandboxUnavailableError


def test_is_a_code_executor(work_dir: Path) -> None:
    assert isinstance(LocalCommandLineCodeExecutor(work_dir=work_dir), CodeExecutor)


def test_blocks_run_in_order_and_stop_at_first_failure(work_dir: Path) -> None:
    executor = LocalCommandLineCodeExecutor(timeout=10, work_dir=work_dir)
    result = executor.execute_code_blocks(
        [
            CodeBlock(code="print('one')", language="python"),
            CodeBlock(code="echo two; exit 2", language="bash"),
            CodeBlock(code="open('three.txt', 'w')", language="python"),
        ]
    )
    assert result.exit_code == 2
    assert result.output == "one\ntwo\n"
    assert not (work_dir / "three.txt").exists()


@pytest.mark.parametrize("lang", ["javascript", "r", "ruby"])
def test_unknown_language_is_reported_and_nothing_runs(work_dir: Path, lang: str) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=work_dir)
    result = executor.execute_code_blocks([CodeBlock(code="console.log(1)", language=lang)])
    assert result.exit_code == 1
    assert result.output == f"unknown language {lang}"
    assert list(work_dir.iterdir()) == []


@pytest.mark.parametrize("lang", ["python", "Python", "py", "sh", "bash", "shell"])
def test_language_aliases(work_dir: Path, lang: str) -> None:
    code = "print('hi')" if lang.lower().startswith("py") else "echo hi"
    result = LocalCommandLineCodeExecutor(work_dir=work_dir).execute_code_blocks([CodeBlock(code, lang)])
    assert (result.exit_code, result.output) == (0, "hi\n")


def test_filename_line_saves_the_code_in_the_work_dir(work_dir: Path) -> None:
    code = "# filename: pkg/hello.py\nprint('saved')"
    result = LocalCommandLineCodeExecutor(work_dir=work_dir).execute_code_blocks([CodeBlock(code, "python")])
    assert result.output == "saved\n"
    assert (work_dir / "pkg" / "hello.py").read_text() == code
    assert result.code_file == str(work_dir / "pkg" / "hello.py")


def test_saved_file_can_be_run_again_by_a_later_block(work_dir: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=work_dir)
    executor.execute_code_blocks([CodeBlock("# filename: greet.py\nprint('hello again')", "python")])
    result = executor.execute_code_blocks([CodeBlock("python greet.py", "sh")])
    assert result.output == "hello again\n"


@pytest.mark.parametrize("name", ["../escape.py", "sub/../../escape.py", "/tmp/escape-abs.py", "~/escape.py"])
def test_filename_escaping_the_work_dir_is_refused(work_dir: Path, name: str) -> None:
    code = f"# filename: {name}\nprint('RAN')"
    result = LocalCommandLineCodeExecutor(work_dir=work_dir).execute_code_blocks([CodeBlock(code, "python")])
    assert result.exit_code == 1
    assert "refused" in result.output and "RAN" not in result.output
    assert not (work_dir.parent / "escape.py").exists()
    assert not Path("/tmp/escape-abs.py").exists()
    assert list(work_dir.iterdir()) == []


def test_filename_through_a_symlink_out_is_refused(work_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text("original")
    (work_dir / "linkdir").symlink_to(outside)
    (work_dir / "victim.py").symlink_to(outside / "victim.py")
    executor = LocalCommandLineCodeExecutor(work_dir=work_dir)
    for name in ("linkdir/new.py", "victim.py"):
        result = executor.execute_code_blocks([CodeBlock(f"# filename: {name}\nprint('RAN')", "python")])
        assert result.exit_code == 1 and "refused" in result.output
    assert sorted(p.name for p in outside.iterdir()) == ["victim.py"]
    assert (outside / "victim.py").read_text() == "original"


def test_bad_settings_are_clear_errors(work_dir: Path) -> None:
    with pytest.raises(ConfigError, match="timeout"):
        LocalCommandLineCodeExecutor(timeout=0, work_dir=work_dir)
    with pytest.raises(ConfigError, match="sandbox"):
        LocalCommandLineCodeExecutor(work_dir=work_dir, sandbox="yes")  # type: ignore[arg-type]


def test_explicit_env_is_passed_to_the_code(work_dir: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=work_dir, env={"MY_SETTING": "on"})
    result = executor.execute_code_blocks([CodeBlock("import os; print(os.environ['MY_SETTING'])", "python")])
    assert result.output == "on\n"


# --- without a sandbox -------------------------------------------------------------------------


@pytest.fixture
def fresh_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_module, "_warned", threading.Event())


@pytest.mark.usefixtures("no_sandbox", "fresh_warning")
def test_strict_mode_refuses_when_no_sandbox_can_be_built(work_dir: Path) -> None:
    with pytest.raises(SandboxUnavailableError, match="bwrap not found.*bubblewrap"):
        LocalCommandLineCodeExecutor(work_dir=work_dir, sandbox="strict")


@pytest.mark.usefixtures("no_sandbox", "fresh_warning")
def test_fallback_warns_once_and_still_strips_secrets(
    work_dir: Path, caplog: pytest.LogCaptureFixture, fake_key: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="autogen.coding"):
        first = LocalCommandLineCodeExecutor(work_dir=work_dir)
        LocalCommandLineCodeExecutor(work_dir=work_dir)
    assert first.mode == "limited"
    warnings = [r for r in caplog.records if "NO SANDBOX" in r.getMessage()]
    assert len(warnings) == 1
    result = first.execute_code_blocks(
        [CodeBlock("import os; print(os.environ.get('OPENAI_API_KEY'))", "python")]
    )
    assert result.output == "None\n"


@pytest.mark.usefixtures("no_sandbox", "fresh_warning")
def test_fallback_still_limits_memory(work_dir: Path) -> None:
    executor = LocalCommandLineCodeExecutor(
        work_dir=work_dir, limits=ResourceLimits(memory_bytes=512 * 1024**2)
    )
    result = executor.execute_code_blocks([CodeBlock("x = bytearray(1024 ** 3)", "python")])
    assert result.exit_code != 0 and "MemoryError" in result.output


@pytest.mark.parametrize("sandbox", ["limited", "plain"])
def test_unsandboxed_modes_kill_detached_children_at_the_timeout(
    work_dir: Path,
    token: str,
    sandbox: str,
    processes_with: Callable[[str], list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if sandbox == "limited":
        from autogen.coding import _sandbox

        monkeypatch.setattr(_sandbox, "_status", _sandbox.SandboxStatus(False, "test"))
        monkeypatch.setattr(local_module, "_warned", threading.Event())
    executor = LocalCommandLineCodeExecutor(timeout=1, work_dir=work_dir, sandbox=sandbox == "limited")
    assert executor.mode == sandbox
    child = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(1000)"
    code = f"""
import subprocess, sys, time
subprocess.Popen([sys.executable, '-c', {child!r}, {token!r}], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print('child started', flush=True)
time.sleep(1000)
"""
    start = time.monotonic()
    result = executor.execute_code_blocks([CodeBlock(code, "python")])
    assert time.monotonic() - start < 1 + 1
    assert result.exit_code == 124 and "child started" in result.output
    assert processes_with(token) == []


def test_plain_mode_is_v02_behaviour_with_the_parents_environment(work_dir: Path, fake_key: str) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=work_dir, sandbox=False)
    assert executor.mode == "plain"
    result = executor.execute_code_blocks(
        [CodeBlock("import os; print(os.environ['OPENAI_API_KEY'])", "python")]
    )
    assert result.output == f"{fake_key}\n"


def test_a_filename_that_cannot_be_written_is_a_failed_result(work_dir: Path) -> None:
    (work_dir / "taken").mkdir()
    result = LocalCommandLineCodeExecutor(work_dir=work_dir).execute_code_blocks(
        [CodeBlock("# filename: taken\nprint('RAN')", "python")]
    )
    assert result.exit_code == 1
    assert "could not save the code as 'taken'" in result.output
