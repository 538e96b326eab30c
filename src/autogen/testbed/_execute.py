"""One (instance, repetition): expand into a staging folder, run it isolated, then publish it.

Nothing is half-written: a run expands and executes in `.<rep>.partial` beside its final folder
and is renamed to `<rep>` only once its logs are complete, so a folder named by a repetition is
always a finished run. A resumed run skips those and redoes any `.partial` left by a run that was
interrupted (killed worker, power cut). `run.json` (ours, beside the spec's files) records the
status, exit code, duration and isolation.

Isolation (`Isolation`): `docker` — a fresh container per run (`_docker.py`); `sandbox` — the
bubblewrap sandbox of `autogen.coding`; both with no network but the config list's endpoints
(see `_relay.py`); `native` — the spec's unsafe mode, a plain subprocess with the user's
privileges. The runner picks Docker where an engine answers and holds the image, else the
sandbox.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime
import json
import logging
import multiprocessing.util
import os
import shutil
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import autogen
from autogen.coding._process import Launch, run_process
from autogen.coding._sandbox import hand_over, sandbox_env, sandbox_launch
from autogen.coding.limits import ResourceLimits
from autogen.testbed._docker import run_in_docker
from autogen.testbed._relay import HostRelay
from autogen.testbed._runsh import COMPLETE_MARKER, EXIT_PREFIX
from autogen.testbed._secrets import scrub, secret_values
from autogen.testbed.scenarios import Instance, expand

__all__ = ["Isolation", "Job", "RunRecord", "run_one"]

logger = logging.getLogger("autogen.testbed")

Isolation = Literal["docker", "sandbox", "native"]
Status = Literal["success", "failed", "timeout", "skipped"]

_MAX_LOG_BYTES = 8 * 1024 * 1024
_MiB = 1024 * 1024


@dataclass(frozen=True)
class Job:
    """Everything a worker needs for one run; plain data, so it crosses process boundaries."""

    instance: Instance
    repetition: int
    results: Path
    includes: Path | None
    config_list: list[dict[str, Any]] = field(repr=False)
    isolation: Isolation = "sandbox"
    site_dir: Path | None = None
    """Packages of the campaign's requirements file (see `_requirements.py`), on PYTHONPATH."""
    timeout: float = 600.0
    image: str = ""
    """The Docker image, for `isolation="docker"`."""

    @property
    def folder(self) -> Path:
        return self.results / self.instance.scenario / self.instance.id / str(self.repetition)

    def __repr__(self) -> str:  # never the config list: it holds keys
        return f"Job({self.instance.scenario}/{self.instance.id}/{self.repetition}, {self.isolation})"


@dataclass(frozen=True)
class RunRecord:
    scenario: str
    instance: str
    repetition: int
    status: Status
    exit_code: int | None = None
    seconds: float = 0.0
    isolation: str = ""
    warnings: list[str] = field(default_factory=list)


_relays: dict[str, HostRelay] = {}


def _relay_for(config_list: list[dict[str, Any]]) -> HostRelay:
    """One host relay per config list per worker process, kept for the process's life."""
    key = json.dumps(config_list, sort_keys=True)
    relay = _relays.get(key)
    if relay is None:
        relay = _relays[key] = HostRelay(config_list)
        # pool workers leave through os._exit, which skips atexit: multiprocessing's own
        # finalizers run there, atexit covers Ray workers and the main process
        multiprocessing.util.Finalize(relay, relay.close, exitpriority=10)
        atexit.register(relay.close)
    return relay


def run_one(job: Job) -> RunRecord:
    """Run `job` unless its folder already holds a finished run."""
    final = job.folder
    if final.is_dir():
        return RunRecord(job.instance.scenario, job.instance.id, job.repetition, "skipped")
    staging = final.parent / f".{job.repetition}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    started = time.monotonic()
    secrets = secret_values(job.config_list)
    relay = _relay_for(job.config_list) if job.isolation != "native" else None
    config_list = relay.config_list if relay is not None else job.config_list
    warnings = expand(
        job.instance,
        staging,
        includes=job.includes,
        config_list=config_list,
        relay_spec=str(relay.spec_path) if relay is not None else None,
    )
    (staging / "timestamp.txt").write_text(
        f"Timestamp: {datetime.datetime.now().isoformat(timespec='seconds')}\n"
        f"autogen version: {autogen.__version__}\n",
        encoding="utf-8",
    )
    if job.isolation == "docker" and relay is not None:
        outcome = run_in_docker(
            staging,
            relay,
            job.image,
            site_dir=job.site_dir,
            timeout=job.timeout,
            max_output_bytes=_MAX_LOG_BYTES,
            memory_bytes=4096 * _MiB,
        )
    else:
        launch = _launch(job, staging, relay)
        outcome = asyncio.run(run_process(launch, timeout=job.timeout, max_output_bytes=_MAX_LOG_BYTES))
    (staging / "ENV").unlink(missing_ok=True)  # also when the run died before its clean-up
    log = scrub(outcome.output, secrets)
    (staging / "console_log.txt").write_text(log, encoding="utf-8")
    exit_code = _scenario_exit(log)
    if outcome.timed_out:
        status: Status = "timeout"
    elif COMPLETE_MARKER in log and exit_code == 0 and outcome.exit_code == 0:
        status = "success"
    else:
        status = "failed"
    record = RunRecord(
        job.instance.scenario,
        job.instance.id,
        job.repetition,
        status,
        exit_code if exit_code is not None else outcome.exit_code,
        round(time.monotonic() - started, 3),
        job.isolation,
        warnings,
    )
    (staging / "run.json").write_text(json.dumps(asdict(record), indent=2), encoding="utf-8")
    os.replace(staging, final)
    return record


def _scenario_exit(log: str) -> int | None:
    for line in reversed(log.splitlines()):
        if line.startswith(EXIT_PREFIX):
            try:
                return int(line[len(EXIT_PREFIX) :])
            except ValueError:
                return None
    return None


def _launch(job: Job, folder: Path, relay: HostRelay | None) -> Launch:
    cmd = ["bash", "run.sh"]
    marker = uuid.uuid4().hex
    if relay is None:
        env = {**os.environ, "AUTOGEN_EXECUTION_ID": marker, "PYTHONUNBUFFERED": "1"}
        env["PATH"] = f"{os.path.dirname(sys.executable)}:{env.get('PATH', '')}"
        if job.site_dir is not None:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(job.site_dir), env.get("PYTHONPATH")) if p)
        return Launch(argv=cmd, cwd=str(folder), env=env, marker=marker)
    for path in [folder, *folder.rglob("*")]:
        hand_over(path)
    limits = ResourceLimits(memory_bytes=4096 * _MiB, max_processes=128, file_size_bytes=512 * _MiB)
    binds = [
        ("--ro-bind", str(relay.dir), str(relay.dir)),
        ("--ro-bind", str(relay.hosts_path), "/etc/hosts"),
    ]
    source = Path(autogen.__file__).resolve().parent.parent  # an editable install's src folder
    binds.append(("--ro-bind", str(source), str(source)))
    extra = {"AUTOGEN_EXECUTION_ID": marker}
    if job.site_dir is not None:
        binds.append(("--ro-bind", str(job.site_dir), str(job.site_dir)))
        extra["PYTHONPATH"] = str(job.site_dir)
    env = sandbox_env(folder, extra)
    return sandbox_launch(cmd, folder, env, limits, job.timeout, extra_binds=binds)
