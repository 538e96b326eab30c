"""Choosing a backend from settings: Redis when a URL is given, else the disk."""

from __future__ import annotations

import os

from autogen.cache.abstract_cache_base import AbstractCache

__all__ = ["CacheFactory"]


class CacheFactory:
    @staticmethod
    def cache_factory(
        seed: str | int,
        redis_url: str | None = None,
        cache_path_root: str | os.PathLike[str] = ".cache",
    ) -> AbstractCache:
        """A `RedisCache` namespaced by `seed` if `redis_url` is given, else a `DiskCache` in
        `cache_path_root/seed`.

        ```python
        with CacheFactory.cache_factory(42) as cache:
            cache.set("key", "value")
        ```
        """
        if redis_url:
            from autogen.cache.redis_cache import RedisCache

            return RedisCache(seed, redis_url)
        from autogen.cache.disk_cache import DiskCache

        return DiskCache(os.path.join(os.fspath(cache_path_root), str(seed)))
