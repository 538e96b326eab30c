"""Run every (instance, repetition) of a scenario path, on a process pool or a Ray cluster.

Each run is independent (its own folder, its own isolated process tree), so runs fan out:

* `backend="local"`: a process pool of `parallel` workers on this machine;
* `backend="ray"`: one Ray task per run on a local cluster, or the cluster at `address`;
  a task whose worker dies is retried by Ray (`max_retries`).

Either way, finished runs are skipped, so running the same command again resumes an interrupted
campaign; a worker killed mid-run leaves only a `.partial` folder, which the retry (or the next
resume) replaces. A live progress bar shows done / failed / running.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from autogen._extras import require
from autogen.coding._docker_env import decide_use_docker
from autogen.coding._sandbox import sandbox_status
from autogen.exceptions import ScenarioError
from autogen.oai.openai_utils import config_list_from_json
from autogen.testbed._docker import image_available
from autogen.testbed._execute import Isolation, Job, RunRecord, run_one
from autogen.testbed._requirements import install_requirements
from autogen.testbed.scenarios import load_scenarios

__all__ = ["NATIVE_WARNING", "RunOptions", "run_scenarios"]

NATIVE_WARNING = (
    "WARNING: running natively, without isolation. The scenarios' agents will run the code they "
    "write directly on this machine, with your privileges and network. This is not advisable; "
    "do it only with great caution, on a machine you can afford to lose."
)
DEFAULT_INCLUDES = Path(__file__).parent / "includes"
_POOL_RETRIES = 2


@dataclass
class RunOptions:
    """The `autogen testbed run` options (the spec's run_scenarios.py, plus ours)."""

    repeat: int = 1
    config: str = "OAI_CONFIG_LIST"
    """Environment variable name or file path of the config list."""
    requirements: str | None = None
    """A file in the includes folder whose packages every run gets (installed once on the host,
    see `_requirements.py`). None: the includes folder's `requirements.txt`, if present."""
    native: bool = False
    isolation: Literal["auto", "docker", "sandbox"] = "auto"
    """auto: Docker where an engine answers and holds `image`, else the sandbox. `native` wins."""
    image: str = field(default_factory=lambda: os.environ.get("AUTOGEN_TESTBED_IMAGE", "python:3.11-slim"))
    """Docker image of the runs: a Python of this environment's minor version (see `_docker.py`)."""
    backend: Literal["local", "ray"] = "local"
    address: str | None = None
    parallel: int | None = None
    timeout: float = 600.0
    results: Path = field(default_factory=lambda: Path("results"))
    includes: Path | None = None
    """None: `./includes` when it exists, else the shipped default."""
    progress: bool = True
    config_list: list[dict[str, Any]] | None = field(default=None, repr=False)
    """Given directly instead of `config` (used by tests and the Python API)."""


def _jobs(scenario: Path, options: RunOptions) -> list[Job]:
    if options.repeat < 1:
        raise ScenarioError(f"--repeat must be at least 1 (got {options.repeat})")
    instances = load_scenarios(scenario)
    config_list = options.config_list
    if config_list is None:
        config_list = config_list_from_json(options.config)
    includes = options.includes
    if includes is None:
        includes = Path("includes") if Path("includes").is_dir() else DEFAULT_INCLUDES
    elif not includes.is_dir():
        raise ScenarioError(f"{includes}: the includes folder does not exist")
    if options.requirements is not None and not (includes / options.requirements).is_file():
        raise ScenarioError(
            f"{options.requirements}: the requirements file must be in the includes folder ({includes})"
        )
    requirements = includes / (options.requirements or "requirements.txt")
    results = options.results.absolute()  # the sandbox binds it by path
    _check_writable(results)
    isolation = _isolation(options)
    if isolation == "docker":
        if not image_available(options.image):
            raise ScenarioError(
                f"Docker isolation needs a Docker engine holding the image {options.image!r} "
                "(pull or build it first; runs cannot pull); or use --isolation sandbox"
            )
    if isolation == "sandbox":
        status = sandbox_status()
        if not status.available:
            raise ScenarioError(
                f"the sandbox cannot run here ({status.reason}); fix that, or pass --native "
                "(unsafe: see its warning)"
            )
    site_dir = install_requirements(requirements, results) if requirements.is_file() else None
    return [
        Job(
            inst,
            rep,
            results,
            includes.absolute(),
            config_list,
            isolation=isolation,
            site_dir=site_dir,
            timeout=options.timeout,
            image=options.image,
        )
        for inst in instances
        for rep in range(options.repeat)
    ]


def _isolation(options: RunOptions) -> Isolation:
    if options.native:
        return "native"
    if options.isolation != "auto":
        return options.isolation
    if decide_use_docker(None) is False:  # AUTOGEN_USE_DOCKER=0
        return "sandbox"
    return "docker" if image_available(options.image) else "sandbox"


def _check_writable(results: Path) -> None:
    try:
        results.mkdir(parents=True, exist_ok=True)
        probe = results / ".write-check"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ScenarioError(f"{results}: the results folder is not writable ({exc.strerror})") from exc


def run_scenarios(scenario: Path, options: RunOptions | None = None) -> list[RunRecord]:
    """Run everything under `scenario`; the records come back in job order."""
    options = options or RunOptions()
    jobs = _jobs(Path(scenario), options)
    console = Console(stderr=True)
    if options.native:
        console.print(f"[bold red]{NATIVE_WARNING}[/]")
    with _Bar(console, len(jobs), enabled=options.progress) as bar:
        if options.backend == "ray":
            return _run_ray(jobs, options, bar)
        return _run_pool(jobs, options, bar)


class _Bar:
    """done / failed / running, live."""

    def __init__(self, console: Console, total: int, *, enabled: bool) -> None:
        self.done = self.failed = self.running = 0
        self._progress = Progress(
            TextColumn("[bold]testbed[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
            disable=not enabled,
        )
        self._task = self._progress.add_task("runs", total=total, counts="")

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def update(self, running: int, record: RunRecord | None = None) -> None:
        self.running = running
        if record is not None:
            self.done += 1
            self.failed += record.status in ("failed", "timeout")
        counts = f"done {self.done}  failed {self.failed}  running {self.running}"
        self._progress.update(self._task, completed=self.done, counts=counts)


def _run_pool(jobs: list[Job], options: RunOptions, bar: _Bar) -> list[RunRecord]:
    results: dict[int, RunRecord] = {}
    pending = list(range(len(jobs)))
    for _attempt in range(_POOL_RETRIES + 1):
        if not pending:
            break
        pending = _pool_round(jobs, pending, options, bar, results)
    for index in pending:  # lost its worker every time: a failed run, said so in its record
        job = jobs[index]
        results[index] = RunRecord(job.instance.scenario, job.instance.id, job.repetition, "failed")
        bar.update(0, results[index])
    return [results[i] for i in range(len(jobs))]


def _pool_round(
    jobs: list[Job], indices: Iterable[int], options: RunOptions, bar: _Bar, results: dict[int, RunRecord]
) -> list[int]:
    """Run `indices` on a fresh pool; returns those whose worker died (to retry)."""
    lost: list[int] = []
    workers = options.parallel or multiprocessing.cpu_count()
    context = multiprocessing.get_context("spawn")  # no forked copies of our threads or loops
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_one, jobs[i]): i for i in indices}
        waiting = set(futures)
        while waiting:
            finished, waiting = cf.wait(waiting, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                index = futures[future]
                try:
                    results[index] = future.result()
                except cf.process.BrokenProcessPool:
                    lost.append(index)
                    continue
                bar.update(sum(f.running() for f in waiting), results[index])
            bar.update(sum(f.running() for f in waiting))
    return lost


def _run_ray(jobs: list[Job], options: RunOptions, bar: _Bar) -> list[RunRecord]:
    ray = require("ray", extra="testbed-ray", purpose="the Ray backend of the Testbed")
    started_here = not ray.is_initialized()
    if started_here:
        init: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "configure_logging": False,
        }
        if options.address:
            init["address"] = options.address
        elif options.parallel:
            init["num_cpus"] = options.parallel
        ray.init(**init)
    try:
        remote: Any = ray.remote(max_retries=_POOL_RETRIES, num_cpus=1)(run_one)
        slots = max(1, int(ray.cluster_resources().get("CPU", 1)))
        refs = {remote.remote(job): i for i, job in enumerate(jobs)}
        results: dict[int, RunRecord] = {}
        waiting = list(refs)
        while waiting:
            ready, waiting = ray.wait(waiting, num_returns=1, timeout=0.5)
            for ref in ready:
                results[refs[ref]] = ray.get(ref)
                bar.update(min(len(waiting), slots), results[refs[ref]])
        return [results[i] for i in range(len(jobs))]
    finally:
        if started_here:
            ray.shutdown()
