"""Choosing a backend from settings: Redis when a URL is given, else the disk."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from autogen.cache.abstract_cache_base import AbstractCache
from autogen.cache.cosmos_db_cache import CosmosDBCache
from autogen.cache.disk_cache import DiskCache
from autogen.cache.in_memory_cache import InMemoryCache
from autogen.cache.redis_cache import RedisCache

__all__ = ["CacheFactory"]


class CacheFactory:
    @staticmethod
    def cache_factory(
        seed: str | int,
        redis_url: str | None = None,
        cache_path_root: str | os.PathLike[str] = ".cache",
        cosmosdb_config: Mapping[str, Any] | None = None,
        in_memory: bool = False,
    ) -> AbstractCache:
        """An `InMemoryCache` when `in_memory`, a `CosmosDBCache` for `cosmosdb_config`, a
        `RedisCache` namespaced by `seed` if `redis_url` is given, else a `DiskCache` in
        `cache_path_root/seed`.

        ```python
        with CacheFactory.cache_factory(42) as cache:
            cache.set("key", "value")
        ```
        """
        if in_memory:
            return InMemoryCache(seed)
        if cosmosdb_config is not None:
            return CosmosDBCache(seed, dict(cosmosdb_config))  # type: ignore[arg-type]
        if redis_url:
            return RedisCache(seed, redis_url)
        return DiskCache(os.path.join(os.fspath(cache_path_root), str(seed)))
