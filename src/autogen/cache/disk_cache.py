"""The default cache: a directory on disk, safe to share between threads and processes.

Built on `diskcache` (SQLite in WAL mode plus files for large values), so several processes can
read and write one cache directory at once. Trouble with the directory (it cannot be created, is
read-only, or holds a corrupt database) gives one warning and turns every call into a miss or a
no-op: a broken cache slows a program down, it never stops it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from autogen.cache._common import storage_key, warn_once
from autogen.cache.abstract_cache_base import ClosingCache

if TYPE_CHECKING:
    import diskcache

__all__ = ["DiskCache"]

# SQLite lock wait, seconds. diskcache's default of 60 would stall a conversation behind another
# process's long write; past this we treat the call as a miss instead.
_LOCK_TIMEOUT = 10.0

# Bumped in a forked child: a SQLite connection must not be used across fork, so each cache
# reopens its database the first time it is used in a new process.
_fork_generation = 0


def _after_fork() -> None:
    global _fork_generation
    _fork_generation += 1


if hasattr(os, "register_at_fork"):  # not on Windows, where there is no fork
    os.register_at_fork(after_in_child=_after_fork)


class DiskCache(ClosingCache):
    """A cache in the directory `seed` (v0.2's name for it; it is the cache's full path).

    `Cache.disk(cache_seed, cache_path_root)` makes one at `cache_path_root/cache_seed`.
    """

    def __init__(self, seed: str | int | os.PathLike[str]) -> None:
        self.directory = str(seed) if isinstance(seed, int) else os.fspath(seed)
        self._location = f"disk cache at {os.path.abspath(self.directory)!r}"
        self._cache: diskcache.Cache | None = None
        self._generation = -1
        self._open()

    def _open(self) -> None:
        import diskcache

        self._generation = _fork_generation
        try:
            self._cache = diskcache.Cache(self.directory, timeout=_LOCK_TIMEOUT)
        except Exception as e:  # corrupt database, unwritable or impossible path, ...
            self._cache = None
            self._trouble(e)

    def _trouble(self, error: BaseException) -> None:
        warn_once(
            self._location,
            error,
            "responses will not be cached there; make it writable, delete it, or choose another "
            "cache_path_root to fix it",
        )

    def _store(self) -> diskcache.Cache | None:
        if self._generation != _fork_generation:
            self._open()
        return self._cache

    def get(self, key: str, default: Any = None) -> Any:
        store = self._store()
        if store is None:
            return default
        try:
            return store.get(storage_key(key), default)
        except Exception as e:  # I/O error, lock timeout, a value that no longer unpickles
            self._trouble(e)
            return default

    def set(self, key: str, value: Any) -> None:
        store = self._store()
        if store is None:
            return
        try:
            store.set(storage_key(key), value)
        except Exception as e:
            self._trouble(e)

    def close(self) -> None:
        if self._cache is not None:
            try:
                self._cache.close()
            except Exception as e:
                self._trouble(e)

    def __repr__(self) -> str:
        return f"DiskCache({self.directory!r})"
