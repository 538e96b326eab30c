"""Response caches: `Cache.disk(...)` (default, process-safe) and `Cache.redis(...)` (shared).

Backends are imported on first use, so importing this package loads neither diskcache nor redis.
"""

from __future__ import annotations

from autogen.cache.abstract_cache_base import AbstractCache
from autogen.cache.cache import Cache

__all__ = ["AbstractCache", "Cache"]
