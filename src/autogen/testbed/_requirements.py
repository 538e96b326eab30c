"""The `--requirements` step, done once per campaign on the host instead of once per run.

The spec's run script pip-installs the requirements inside every run. Our runs have no network
(only the relay to the model endpoints), so the Testbed installs the file once, before any run,
with this interpreter's pip into `<results>/.requirements/<hash>` (`pip install --target`), and
every run sees that folder read-only on `PYTHONPATH`. Same packages, installed once, and a run
can still not reach a package index. The folder is keyed by the file's content and the Python
version, and is published only when pip succeeded, so a failed install is retried next time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from autogen.exceptions import ScenarioError

__all__ = ["install_requirements"]


def install_requirements(file: Path, results: Path) -> Path | None:
    """The folder holding `file`'s packages (installing them if needed); None if it lists none."""
    text = file.read_text(encoding="utf-8")
    if not any(line.strip() and not line.strip().startswith("#") for line in text.splitlines()):
        return None
    key = hashlib.sha256(f"{sys.version_info[:2]}\n{text}".encode()).hexdigest()[:16]
    target = results / ".requirements" / key
    if (target / ".complete").is_file():
        return target
    staging = target.with_name(f"{key}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--target",
        str(staging),
    ]
    proc = subprocess.run([*cmd, "-r", str(file)], cwd=file.parent, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise ScenarioError(f"{file}: pip could not install the requirements:\n{tail}")
    (staging / ".complete").write_text("ok")
    if target.exists():  # another campaign finished the same install meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    else:
        os.replace(staging, target)
    return target
