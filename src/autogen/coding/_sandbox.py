"""The OS sandbox for LLM-written code: bubblewrap plus rlimits, no Docker needed.

What the code sees (`bwrap` argv built by `sandbox_launch`):

* new user, pid, network, ipc, uts and cgroup namespaces: no network at all (not even the host's
  loopback), no view of other processes, and when bwrap dies everything inside dies with it
  (`--die-with-parent`; the pid namespace's init takes its children down);
* the system (`/usr`, `/etc`, `/opt`, the Python installation) bound read-only, a private
  `/tmp` tmpfs, the work dir as the only writable host path; nothing else of the host (no home
  directory, no project files outside the work dir);
* an allow-listed environment (see `sandbox_env`): never the parent's API keys or tokens;
* rlimits (CPU time, address space, file size, processes), set with prlimit(2) on the sandbox's
  init while bwrap holds it, and inherited by the code. RLIMIT_NPROC counts per (user namespace,
  uid), so in the fresh namespace it caps only the sandbox's own processes (a fork bomb stops
  at the cap, whatever else the user runs).

Root is special: the kernel never applies RLIMIT_NPROC to uid 0, even inside a user namespace.
So when we run as root the code runs as a dedicated uid (`SANDBOX_UID`, 65533 on the host, 1000
inside): bwrap starts with `--userns-block-fd`, we write a uid map that gives that uid a place in
the namespace, and `setpriv` switches to it and drops every capability before the code starts.
The work dir is then handed to that uid (chown), which is the one visible side effect.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autogen.coding._process import Launch
from autogen.coding.limits import ResourceLimits

__all__ = ["SANDBOX_UID", "SandboxStatus", "hand_over", "sandbox_env", "sandbox_launch", "sandbox_status"]

logger = logging.getLogger("autogen.coding")

SANDBOX_UID = int(os.environ.get("AUTOGEN_SANDBOX_UID", "65533"))
_INNER_UID = 1000
_SYSTEM_DIRS = ("/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION", re.IGNORECASE)
_PASSED_VARS = ("LANG", "LANGUAGE", "TZ")


@dataclass(frozen=True)
class SandboxStatus:
    available: bool
    reason: str = ""


def _as_root() -> bool:
    return os.geteuid() == 0


def sandbox_env(work_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment code sees: a fixed allow-list, plus what the caller passes explicitly."""
    bindir = os.path.dirname(sys.executable)
    env = {
        "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(work_dir),
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8:replace",
        "MPLBACKEND": "Agg",
        "TERM": "dumb",
    }
    # numeric libraries start a thread per core, and threads count against the process cap
    threads = str(min(os.cpu_count() or 1, 8))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = threads
    for name, value in os.environ.items():
        if (name in _PASSED_VARS or name.startswith("LC_")) and not _SECRET_NAME.search(name):
            env[name] = value
    if extra:
        env.update(extra)
    return env


@cache
def _tools() -> dict[str, str | None]:
    return {name: shutil.which(name) for name in ("bwrap", "setpriv")}


def _covered(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


@cache
def _system_args() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """bwrap args for the read-only system, and the list of paths they already show."""
    args: list[str] = []
    shown: list[str] = []
    for d in _SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
            shown.append(d)
    return tuple(args), tuple(shown)


@cache
def _python_dirs() -> tuple[str, ...]:
    """The Python installation(s) code runs with: the venv and the interpreter it points at."""
    candidates = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))),
    }
    _, shown = _system_args()
    dirs = sorted(os.path.realpath(c) for c in candidates if c and os.path.isdir(c))
    dirs += sorted(os.path.abspath(c) for c in candidates if c and os.path.isdir(c))
    keep: list[str] = []
    for d in sorted(set(dirs), key=len):
        if d != "/" and not _covered(d, [*shown, *keep]):
            keep.append(d)
    return tuple(keep)


def sandbox_launch(
    cmd: list[str],
    work_dir: Path,
    env: dict[str, str],
    limits: ResourceLimits,
    timeout: float,
    extra_binds: Sequence[tuple[str, str, str]] = (),
) -> Launch:
    """The bwrap invocation that runs `cmd` in `work_dir` under `limits`.

    `extra_binds` are further `(bwrap option, host path, sandbox path)` triples, bound last (so
    they may cover a file of the read-only system, e.g. `/etc/hosts`); the Testbed passes its
    endpoint relay this way.

    bwrap reports its child (the sandbox's init) on an info pipe and waits on a block pipe; in
    between, `after_spawn` applies the rlimits to that child with prlimit(2), which its fork, the
    code, inherits, and as root writes the uid map. This saves an exec of `prlimit` per run.
    """
    tools = _tools()
    bwrap, setpriv = tools["bwrap"], tools["setpriv"]
    if bwrap is None:
        raise FileNotFoundError("bwrap is missing")
    wd = str(work_dir)
    system, shown = _system_args()
    args = [bwrap, "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session"]
    args += ["--hostname", "sandbox", *system, "--proc", "/proc", "--dev", "/dev"]
    args += ["--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    binds: list[tuple[str, str]] = [("--ro-bind", d) for d in _python_dirs() if not _covered(d, [wd])]
    binds.append(("--bind", wd))
    made: set[str] = {"/", "/tmp", *shown}
    for path in [p for _, p in binds] + [dest for _, _, dest in extra_binds]:
        for parent in reversed(Path(path).parents):
            p = str(parent)
            if p not in made and not _covered(p, list(shown)):
                args += ["--perms", "0755", "--dir", p]
                made.add(p)
    for how, path in binds:
        args += [how, path, path]
    for how, source, dest in extra_binds:
        args += [how, source, dest]
    args += ["--chdir", wd, "--cap-drop", "ALL"]
    root = _as_root()
    if root:
        if setpriv is None:
            raise FileNotFoundError("setpriv is missing")
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        cmd = [
            setpriv, f"--reuid={_INNER_UID}", f"--regid={_INNER_UID}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--", *cmd,
        ]  # fmt: skip
    launch = Launch(argv=args, cwd=wd, env=env)
    _handshake(launch, limits.rlimits(timeout), root)
    launch.argv += ["--", *cmd]  # after the handshake's options: bwrap reads options up to "--"
    return launch


def _handshake(launch: Launch, rlimits: list[tuple[int, int, int]], root: bool) -> None:
    """Hold bwrap's child until its rlimits (and, as root, its uid map) are in place."""
    block_r, block_w = os.pipe()
    info_r, info_w = os.pipe()
    block_flag = "--userns-block-fd" if root else "--block-fd"
    launch.argv += [block_flag, str(block_r), "--info-fd", str(info_w)]
    launch.pass_fds = (block_r, info_w)
    launch.parent_fds = [block_w, info_r]
    launch.ready_fd = info_r

    def release() -> None:
        data = b""
        while True:
            chunk = os.read(info_r, 4096)
            if not chunk:
                raise OSError(f"bwrap exited before setting up the sandbox: {data!r}")
            data += chunk
            with contextlib.suppress(ValueError):
                pid = int(json.loads(data)["child-pid"])
                break
        import resource

        for which, soft, hard in rlimits:
            resource.prlimit(pid, which, (soft, hard))
        if root:  # ns uid 0 stays the host root for bwrap's set-up; the code gets a uid of its own
            uid, gid = os.geteuid(), os.getegid()
            with open(f"/proc/{pid}/uid_map", "w") as f:
                f.write(f"0 {uid} 1\n{_INNER_UID} {SANDBOX_UID} 1\n")
            with open(f"/proc/{pid}/gid_map", "w") as f:
                f.write(f"0 {gid} 1\n{_INNER_UID} {SANDBOX_UID} 1\n")
        os.write(block_w, b"1")

    launch.after_spawn = release


def hand_over(path: Path) -> None:
    """Make `path` writable by the sandbox's uid (only needed, and only done, as root).

    bwrap enters a directory before it switches uid, so directories must also be searchable by
    others (o+x), as most are.
    """
    if _as_root():
        with contextlib.suppress(OSError):
            st = path.lstat()
            if st.st_uid != SANDBOX_UID:
                os.lchown(path, SANDBOX_UID, SANDBOX_UID)
            if path.is_dir() and not path.is_symlink() and (st.st_mode & 0o005) != 0o005:
                path.chmod((st.st_mode & 0o7777) | 0o005)


_status_lock = threading.Lock()
_status: SandboxStatus | None = None


def sandbox_status() -> SandboxStatus:
    """Whether the sandbox can be built here, checked once per process by running `true` in it."""
    global _status
    with _status_lock:
        if _status is None:
            _status = _self_test()
            if not _status.available:
                logger.debug("sandbox unavailable: %s", _status.reason)
        return _status


def _self_test() -> SandboxStatus:
    if sys.platform != "linux":
        return SandboxStatus(False, f"the bubblewrap sandbox needs Linux (this is {sys.platform})")
    tools = _tools()
    missing = ["bwrap"] if tools["bwrap"] is None else []
    if _as_root() and tools["setpriv"] is None:
        missing.append("setpriv")
    if missing:
        return SandboxStatus(
            False, f"{', '.join(missing)} not found (install: apt-get install bubblewrap util-linux)"
        )
    with tempfile.TemporaryDirectory(prefix="autogen-sandbox-check-") as tmp:
        work = Path(tmp)
        hand_over(work)
        launch: Launch | None = None
        try:
            launch = sandbox_launch(["sh", "-c", "touch ok"], work, sandbox_env(work), ResourceLimits(), 10)
            proc = subprocess.Popen(
                launch.argv, cwd=launch.cwd, env=launch.env, pass_fds=launch.pass_fds,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )  # fmt: skip
        except OSError as exc:
            if launch is not None:
                launch.close_fds(launch.parent_fds)
            return SandboxStatus(False, f"bwrap could not start: {exc}")
        finally:
            if launch is not None:
                launch.close_fds(launch.pass_fds)
        try:
            if launch.after_spawn is not None:
                launch.after_spawn()
            out, _ = proc.communicate(timeout=10)
        except (OSError, subprocess.TimeoutExpired) as exc:
            proc.kill()
            proc.wait()
            return SandboxStatus(False, f"bwrap self-test failed: {exc}")
        finally:
            launch.close_fds(launch.parent_fds)
        if proc.returncode != 0 or not (work / "ok").exists():
            detail = out.decode("utf-8", "replace").strip()[:300]
            return SandboxStatus(False, f"bwrap self-test failed (exit {proc.returncode}): {detail}")
    return SandboxStatus(True)
