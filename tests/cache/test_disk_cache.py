"""The disk backend: shared between processes; broken directories warn once and miss."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autogen.cache import Cache

N_KEYS = 200


def _writer(root: str, name: str) -> list[str]:
    """Runs in a child process: writes its own keys, reads what the parent wrote."""
    with Cache.disk(9, root) as cache:
        for i in range(N_KEYS):
            cache.set(f"{name}-{i}", {"by": name, "i": i})
        return [str(cache.get("from-parent"))]


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    with Cache.disk(9, tmp_path) as cache:
        cache.set("from-parent", "hello")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        seen = pool.starmap(_writer, [(str(tmp_path), "a"), (str(tmp_path), "b")])
    assert seen == [["hello"], ["hello"]]
    with Cache.disk(9, tmp_path) as cache:
        for name in ("a", "b"):
            for i in range(N_KEYS):
                assert cache.get(f"{name}-{i}") == {"by": name, "i": i}


def _cache_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "autogen.cache" and r.levelno == logging.WARNING
    ]


def test_corrupt_database_warns_once_and_misses(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    location = tmp_path / "3"
    location.mkdir()
    (location / "cache.db").write_bytes(b"this is not a sqlite database" * 100)
    with caplog.at_level(logging.WARNING, logger="autogen.cache"):
        cache = Cache.disk(3, tmp_path)
        cache.set("k", "v")
        assert cache.get("k") is None
        assert cache.get("k", "dflt") == "dflt"
        cache.close()
        Cache.disk(3, tmp_path).close()  # a second handle on the same place stays quiet
    warnings = _cache_warnings(caplog)
    assert len(warnings) == 1
    assert str(location) in warnings[0] and "cannot be used" in warnings[0]


def test_unusable_location_warns_once_and_misses(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with caplog.at_level(logging.WARNING, logger="autogen.cache"):
        with Cache.disk(1, not_a_dir) as cache:
            for _ in range(3):
                cache.set("k", "v")
                assert cache.get("k") is None
    assert len(_cache_warnings(caplog)) == 1


def test_value_that_no_longer_unpickles_is_a_miss(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with Cache.disk(1, tmp_path) as cache:
        cache.set("k", _Gone())
    with caplog.at_level(logging.WARNING, logger="autogen.cache"), Cache.disk(1, tmp_path) as cache:
        assert cache.get("k", "dflt") == "dflt"
    assert len(_cache_warnings(caplog)) == 1


def _vanish() -> object:
    raise ImportError("the class this value was made from is gone")


class _Gone:
    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_vanish, ())


READ_ONLY_CHILD = """
import logging, sys
records = []
class Keep(logging.Handler):
    def emit(self, record): records.append(record)
logging.getLogger("autogen.cache").addHandler(Keep())
from autogen.cache import Cache
cache = Cache.disk(4, sys.argv[1])
got = cache.get("k", "miss")
cache.set("k2", "v")
again = cache.get("k2", "miss")
cache.close()
print(got, again, len(records))
"""


def test_read_only_directory_warns_once_and_misses(tmp_path: Path) -> None:
    """Root ignores file modes, so the directory is made read-only with a read-only bind mount."""
    with Cache.disk(4, tmp_path) as cache:
        cache.set("k", "stored")  # before the directory becomes read-only
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        pytest.skip("bwrap (bubblewrap) is not installed; it provides the read-only mount")
    sandbox = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    probe = subprocess.run([*sandbox, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"bwrap cannot create a sandbox here: {probe.stderr.decode(errors='replace').strip()}")
    result = subprocess.run(
        [*sandbox, sys.executable, "-c", READ_ONLY_CHILD, str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    got, again, n_warnings = result.stdout.split()
    assert again == "miss"  # nothing can be written
    assert got in ("miss", "stored")  # SQLite may or may not manage to read a WAL database read-only
    assert n_warnings == "1"


FORK_CHILD = """
import os, sys
from autogen.cache import Cache
cache = Cache.disk(5, sys.argv[1])
cache.set("before-fork", 1)
pid = os.fork()
if pid == 0:  # the child reuses the parent's Cache object
    ok = cache.get("before-fork") == 1
    cache.set("from-child", 2)
    os._exit(0 if ok else 3)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status), cache.get("from-child"))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_cache_object_keeps_working_in_a_forked_child(tmp_path: Path) -> None:
    """A fresh interpreter forks (pytest's own process may have threads, which fork dislikes)."""
    result = subprocess.run(
        [sys.executable, "-c", FORK_CHILD, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "2"]
