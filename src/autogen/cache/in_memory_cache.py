"""A cache in this process's memory: for tests and short scripts (v0.2.3x's `InMemoryCache`).

Entries live as long as the object and are seen only by it; values are stored as given (no
pickling), so a cached response is the very object that was stored.
"""

from __future__ import annotations

from typing import Any

from autogen.cache.abstract_cache_base import ClosingCache

__all__ = ["InMemoryCache"]


class InMemoryCache(ClosingCache):
    """A dict behind the cache protocol; keys are namespaced by `seed` (`"<seed>_<key>"`)."""

    def __init__(self, seed: str | int = "") -> None:
        self._seed = str(seed)
        self._cache: dict[str, Any] = {}

    def _prefixed_key(self, key: str) -> str:
        return f"{self._seed}_{key}" if self._seed else key

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or `default` (also when the stored value is None, as in v0.2)."""
        value = self._cache.get(self._prefixed_key(key))
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        self._cache[self._prefixed_key(key)] = value

    def close(self) -> None:
        """Nothing to release; the entries stay readable, as in v0.2."""
