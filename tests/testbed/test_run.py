"""Running scenarios end to end: isolation, results layout, secrets, failures, resume, retries."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from testbed_helpers import EXAMPLES, needs_sandbox, write_scenario
from typer.testing import CliRunner

from autogen.cli import app
from autogen.exceptions import ScenarioError
from autogen.testbed.runner import NATIVE_WARNING, RunOptions, run_scenarios
from autogen.testing import OpenAITestServer

pytestmark = needs_sandbox

_SCENARIO = """
import json, os, urllib.request
from openai import OpenAI
cfg = json.loads(os.environ["OAI_CONFIG_LIST"])[0]
client = OpenAI(base_url=cfg["base_url"], api_key=cfg["api_key"], max_retries=0)
reply = client.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "__VALUE__"}])
print("REPLY", reply.choices[0].message.content)
print("KEY", cfg["api_key"])
try:
    urllib.request.urlopen("http://127.0.0.1:1", timeout=1)
except Exception as exc:
    print("OTHER PORT", type(exc).__name__)
"""


def test_examples_repeat_through_the_cli(
    tmp_path: Path, server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(server.config_list(model="gpt-4")))
    result = CliRunner().invoke(app, ["testbed", "run", str(EXAMPLES), "--repeat", "2", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "4 success" in result.output
    for instance in ("two_agent_stocks", "two_agent_fibonacci"):
        for rep in ("0", "1"):
            run = tmp_path / "results" / "default_two_agents" / instance / rep
            log = (run / "console_log.txt").read_text()
            assert "SCENARIO COMPLETE !#!#" in log and "exitcode: 0" in log
            assert "autogen version" in (run / "timestamp.txt").read_text()
            completions = json.loads((run / "chat_completions.json").read_text())
            assert len(completions) == 2  # code, then TERMINATE
            messages = json.loads((run / "user_proxy_messages.json").read_text())
            assert [m["role"] for m in messages["assistant"]][:2] == [
                "assistant",
                "user",
            ]  # its own messages are "assistant"
            assert (run / "assistant_messages.json").is_file() and (run / "coding").is_dir()
            assert json.loads((run / "run.json").read_text())["status"] == "success"
            assert not (run / "ENV").exists()
    fib = (tmp_path / "results/default_two_agents/two_agent_fibonacci/0/console_log.txt").read_text()
    assert "result [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" in fib


def test_isolated_run_reaches_only_its_endpoint_and_never_shows_the_key(tmp_path: Path) -> None:
    secret = "sk-testbed-very-secret-123"
    with OpenAITestServer(replies=["pong"], api_key=secret) as server:
        scenario = write_scenario(tmp_path / "s", _SCENARIO, ids=("ping",))
        options = RunOptions(
            results=tmp_path / "results", progress=False, config_list=server.config_list(model="gpt-4")
        )
        [record] = run_scenarios(scenario, options)
    assert record.status == "success"
    run = tmp_path / "results" / "simple" / "ping" / "0"
    log = (run / "console_log.txt").read_text()
    assert "REPLY pong" in log
    assert "OTHER PORT" in log  # any other address, loopback included, is out of reach
    assert secret not in log and "KEY ***" in log
    for path in run.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(errors="replace"), path
    assert secret not in repr(options) and secret not in repr(record)


def test_timeout_and_failure_are_marked(tmp_path: Path, config_list: list[dict[str, Any]]) -> None:
    loop = write_scenario(
        tmp_path / "a",
        "import sys\nif '__VALUE__' == 'hang':\n    while True: pass\nsys.exit(3)\n",
        ids=("hang", "exit3"),
    )
    records = run_scenarios(
        loop, RunOptions(results=tmp_path / "r", progress=False, config_list=config_list, timeout=3)
    )
    by_id = {r.instance: r for r in records}
    assert by_id["hang"].status == "timeout"
    assert by_id["exit3"].status == "failed" and by_id["exit3"].exit_code == 3
    assert "SCENARIO.PY EXIT CODE: 3" in (tmp_path / "r/simple/exit3/0/console_log.txt").read_text()


def test_resume_skips_finished_runs_and_redoes_interrupted_ones(
    tmp_path: Path, config_list: list[dict[str, Any]]
) -> None:
    scenario = write_scenario(tmp_path / "s", "import time\nprint('ran at', time.time())\n", ids=("a",))
    options = RunOptions(repeat=2, results=tmp_path / "r", progress=False, config_list=config_list)
    assert [r.status for r in run_scenarios(scenario, options)] == ["success", "success"]
    first = (tmp_path / "r/simple/a/0/console_log.txt").read_text()
    # an interrupted run leaves only its staging folder
    (tmp_path / "r/simple/a/1").rename(tmp_path / "r/simple/a/.1.partial")
    statuses = [r.status for r in run_scenarios(scenario, options)]
    assert statuses == ["skipped", "success"]
    assert (tmp_path / "r/simple/a/0/console_log.txt").read_text() == first
    assert not (tmp_path / "r/simple/a/.1.partial").exists()


# killing a pool worker breaks the stdlib pool's own clean-up of its semaphores (a warning in
# multiprocessing's finalizers), which is what a real crash does too
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_killed_worker_is_retried_and_leaves_nothing_half_written(
    tmp_path: Path, config_list: list[dict[str, Any]]
) -> None:
    scenario = write_scenario(tmp_path / "s", "import time\ntime.sleep(4)\nprint('slept')\n", ids=("slow",))
    options = RunOptions(results=tmp_path / "r", progress=False, config_list=config_list, parallel=1)
    staging = tmp_path / "r/simple/slow/.0.partial"
    killed: list[int] = []

    def kill_worker_once_running() -> None:
        deadline = time.monotonic() + 60
        while not (staging / "run.sh").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        for pid in _children(os.getpid()):
            if "multiprocessing" in _cmdline(pid):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    killer = threading.Thread(target=kill_worker_once_running)
    killer.start()
    [record] = run_scenarios(scenario, options)
    killer.join()
    assert killed, "no pool worker was found to kill"
    assert record.status == "success"
    assert "slept" in (tmp_path / "r/simple/slow/0/console_log.txt").read_text()
    assert not staging.exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_bad_options_are_clear_errors(tmp_path: Path, config_list: list[dict[str, Any]]) -> None:
    scenario = write_scenario(tmp_path / "s", "print(1)\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ScenarioError, match="results folder is not writable"):
        run_scenarios(
            scenario, RunOptions(results=blocker / "results", progress=False, config_list=config_list)
        )
    with pytest.raises(ScenarioError, match="requirements file must be in the includes folder"):
        run_scenarios(
            scenario,
            RunOptions(
                requirements="reqs.txt", results=tmp_path / "r", progress=False, config_list=config_list
            ),
        )
    with pytest.raises(ScenarioError, match="at least 1"):
        run_scenarios(
            scenario, RunOptions(repeat=0, results=tmp_path / "r", progress=False, config_list=config_list)
        )


def test_native_runs_with_the_warning(
    tmp_path: Path, config_list: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = write_scenario(tmp_path / "s", "import os\nprint('native', os.getpid() > 1)\n")
    [record] = run_scenarios(
        scenario, RunOptions(native=True, results=tmp_path / "r", progress=False, config_list=config_list)
    )
    assert record.status == "success" and record.isolation == "native"
    assert "native True" in (tmp_path / "r/simple/one/0/console_log.txt").read_text()
    assert NATIVE_WARNING[:40] in capsys.readouterr().err.replace("\n", " ")


def test_ray_backend_runs_each_repetition_as_a_task(
    tmp_path: Path, config_list: list[dict[str, Any]]
) -> None:
    pytest.importorskip("ray", reason="the Ray backend needs the testbed-ray extra")
    scenario = write_scenario(tmp_path / "s", "print('value __VALUE__')\n", ids=("a", "b"))
    options = RunOptions(
        repeat=2, backend="ray", parallel=2, results=tmp_path / "r", progress=False, config_list=config_list
    )
    records = run_scenarios(scenario, options)
    assert sorted((r.instance, r.repetition, r.status) for r in records) == [
        ("a", 0, "success"), ("a", 1, "success"), ("b", 0, "success"), ("b", 1, "success"),
    ]  # fmt: skip
    assert "value b" in (tmp_path / "r/simple/b/1/console_log.txt").read_text()


def test_docker_isolation_reaches_only_its_endpoint(tmp_path: Path) -> None:
    image = os.environ.get("AUTOGEN_TEST_DOCKER_IMAGE")
    if not image or not os.environ.get("DOCKER_HOST"):
        pytest.skip('needs a Docker-API engine: eval "$(scripts/podman-engine)"')
    with OpenAITestServer(replies=["from the container"]) as server:
        scenario = write_scenario(tmp_path / "s", _SCENARIO, ids=("ping",))
        options = RunOptions(
            isolation="docker", image=image, results=tmp_path / "r", progress=False,
            config_list=server.config_list(model="gpt-4"), timeout=120,
        )  # fmt: skip
        [record] = run_scenarios(scenario, options)
    log = (tmp_path / "r/simple/ping/0/console_log.txt").read_text()
    assert record.status == "success" and record.isolation == "docker", log
    assert "REPLY from the container" in log and "OTHER PORT" in log
    assert "KEY ***" in log


def test_docker_isolation_without_the_image_is_a_clear_error(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "s", "print(1)\n")
    options = RunOptions(
        isolation="docker", image="autogen-no-such-image:0", results=tmp_path / "r", progress=False,
        config_list=[{"model": "m", "api_key": "k"}],
    )  # fmt: skip
    with pytest.raises(ScenarioError, match="autogen-no-such-image:0"):
        run_scenarios(scenario, options)


def _wheel(folder: Path) -> Path:
    """A minimal pure-Python wheel (no build step, no index needed): package `tbdep`."""
    import zipfile

    path = folder / "tbdep-1.0-py3-none-any.whl"
    files = {
        "tbdep/__init__.py": "GREETING = 'hello from a requirement'\n",
        "tbdep-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: tbdep\nVersion: 1.0\n",
        "tbdep-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{name},,\n" for name in files) + "tbdep-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
        zf.writestr("tbdep-1.0.dist-info/RECORD", record)
    return path


@pytest.mark.parametrize("native", [False, True])
def test_requirements_are_installed_once_and_seen_by_every_run(
    tmp_path: Path, config_list: list[dict[str, Any]], native: bool
) -> None:
    includes = tmp_path / "includes"
    includes.mkdir()
    (includes / "reqs.txt").write_text(f"# what the scenario imports\n{_wheel(tmp_path)}\n")
    scenario = write_scenario(
        tmp_path / "s", "import tbdep\nprint(tbdep.GREETING, '__VALUE__')\n", ids=("a", "b")
    )
    options = RunOptions(
        requirements="reqs.txt", includes=includes, native=native, results=tmp_path / "r",
        progress=False, config_list=config_list,
    )  # fmt: skip
    assert [r.status for r in run_scenarios(scenario, options)] == ["success", "success"]
    assert "hello from a requirement b" in (tmp_path / "r/simple/b/0/console_log.txt").read_text()
    [installed] = (tmp_path / "r" / ".requirements").iterdir()
    assert (installed / "tbdep" / "__init__.py").is_file() and (installed / ".complete").is_file()


def test_requirements_that_fail_to_install_stop_before_any_run(
    tmp_path: Path, config_list: list[dict[str, Any]]
) -> None:
    includes = tmp_path / "includes"
    includes.mkdir()
    (includes / "requirements.txt").write_text(f"{tmp_path / 'missing-1.0-py3-none-any.whl'}\n")
    scenario = write_scenario(tmp_path / "s", "print(1)\n")
    options = RunOptions(includes=includes, results=tmp_path / "r", progress=False, config_list=config_list)
    with pytest.raises(ScenarioError, match="pip could not install the requirements"):
        run_scenarios(scenario, options)
    assert not (tmp_path / "r" / "simple").exists()
    assert not any((tmp_path / "r" / ".requirements").iterdir())
