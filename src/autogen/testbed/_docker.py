"""A Testbed run in a Docker container: the spec's default isolation, where an engine answers.

The container gets no network (`network_mode="none"`) and the same endpoint relay as the sandbox
(`_relay.py`): the relay's folder and hosts file are mounted read-only, so the scenario reaches
its config list's endpoints and nothing else. The scenario runs on the image's `python3` with
this environment's packages (autogen and its dependencies) mounted read-only on `PYTHONPATH`,
so the image needs only a Python of the same minor version as this one; an image that brings
its own autogen works too (its packages come after ours on the path). The requirements are
installed once on the host (`_requirements.py`) and mounted the same way.
"""

from __future__ import annotations

import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

import autogen
from autogen.coding._docker_env import docker_client
from autogen.coding._output import OutputCapper
from autogen.coding._process import EXIT_TIMEOUT, ProcessOutcome
from autogen.testbed._relay import HostRelay

__all__ = ["image_available", "run_in_docker"]

_PYTHON_SHIM = 'command -v python >/dev/null 2>&1 || python() { python3 "$@"; }\n'


def image_available(image: str) -> bool:
    """True when an engine answers and holds `image` locally (no pull: it may hang offline)."""
    try:
        client = docker_client()
    except Exception:
        return False
    try:
        client.images.get(image)
        return True
    except Exception:
        return False
    finally:
        client.close()


def _env_paths() -> list[str]:
    source = str(Path(autogen.__file__).resolve().parent.parent)
    paths = [source]
    for key in ("purelib", "platlib"):
        p = sysconfig.get_paths()[key]
        if p not in paths:
            paths.append(p)
    return paths


def run_in_docker(
    folder: Path,
    relay: HostRelay,
    image: str,
    *,
    site_dir: Path | None,
    timeout: float,
    max_output_bytes: int,
    memory_bytes: int,
) -> ProcessOutcome:
    """Run `bash run.sh` in `folder` inside a fresh container of `image`; the container is removed."""
    script = folder / "run.sh"
    script.write_text(
        script.read_text(encoding="utf-8").replace("\n", "\n" + _PYTHON_SHIM, 1), encoding="utf-8"
    )
    paths = ([str(site_dir)] if site_dir is not None else []) + _env_paths()
    volumes: dict[str, dict[str, str]] = {str(folder): {"bind": str(folder), "mode": "rw"}}
    volumes[str(relay.dir)] = {"bind": str(relay.dir), "mode": "ro"}
    volumes[str(relay.hosts_path)] = {"bind": "/etc/hosts", "mode": "ro"}
    for p in paths:
        volumes[p] = {"bind": p, "mode": "ro"}
    client = docker_client()
    container: Any = None
    try:
        container = client.containers.create(
            image,
            command=["bash", "run.sh"],
            working_dir=str(folder),
            volumes=volumes,
            environment={"PYTHONPATH": ":".join(paths), "PYTHONUNBUFFERED": "1", "HOME": str(folder)},
            network_mode="none",
            init=True,
            mem_limit=memory_bytes,
            pids_limit=256,
        )
        container.start()
        deadline = time.monotonic() + timeout
        timed_out = False
        try:
            status = container.wait(timeout=max(1.0, deadline - time.monotonic()))
            code = int(status.get("StatusCode", 1))
        except Exception:  # the SDK's read timeout: the run took too long
            timed_out = True
            container.kill()
            code = EXIT_TIMEOUT
        out = OutputCapper(max_output_bytes)
        out.feed(container.logs(stdout=True, stderr=True))
        return ProcessOutcome(exit_code=code, output=out.text(), timed_out=timed_out, truncated=out.truncated)
    finally:
        if container is not None:
            try:
                container.remove(force=True)
            except Exception as exc:  # the run's result stands; a leftover container is only noise
                print(f"testbed: could not remove container {container.id[:12]}: {exc}", file=sys.stderr)
        client.close()
