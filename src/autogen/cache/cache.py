"""`Cache`: the user-facing handle on a response cache, whatever the backend.

```python
from autogen import Cache

with Cache.disk(cache_seed=7) as cache:             # .cache/7, shared by processes on this machine
    assistant.initiate_chat(user, message="...", cache=cache)

with Cache.redis(redis_url="redis://host:6379/0") as cache:   # shared across machines
    client.create(messages=[...], cache=cache)
```
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from autogen.cache._common import mask_url
from autogen.cache.abstract_cache_base import ClosingCache
from autogen.cache.cache_factory import CacheFactory
from autogen.exceptions import ConfigError

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Cache"]


class Cache(ClosingCache):
    """A response cache: `get`, `set`, `close`, usable as a (sync or async) context manager.

    Build one with `Cache.disk(...)`, `Cache.redis(...)`, `Cache.in_memory(...)`,
    `Cache.cosmos_db(...)`, or `Cache(config)` where `config` has
    any of `cache_seed` (default 42), `redis_url` (Redis when set) and `cache_path_root`
    (default ".cache"). The same seed and location give the same entries; another seed gives an
    independent cache, which is how you ask a model the same question again for a fresh answer.
    """

    ALLOWED_CONFIG_KEYS = ("cache_seed", "redis_url", "cache_path_root", "cosmos_db_config", "in_memory")

    @staticmethod
    def disk(cache_seed: str | int = 42, cache_path_root: str | os.PathLike[str] = ".cache") -> Cache:
        """A cache in the directory `cache_path_root/cache_seed`, process-safe."""
        return Cache({"cache_seed": cache_seed, "cache_path_root": cache_path_root})

    @staticmethod
    def redis(cache_seed: str | int = 42, redis_url: str = "redis://localhost:6379/0") -> Cache:
        """A cache on a Redis server, namespaced by `cache_seed`; needs `autogen[redis]`."""
        return Cache({"cache_seed": cache_seed, "redis_url": redis_url})

    @staticmethod
    def in_memory(cache_seed: str | int = 42) -> Cache:
        """A cache in this process's memory, gone when closed over; for tests and short scripts."""
        return Cache({"cache_seed": cache_seed, "in_memory": True})

    @staticmethod
    def cosmos_db(
        connection_string: str | None = None,
        container_id: str | None = None,
        cache_seed: str | int = 42,
        client: Any = None,
    ) -> Cache:
        """A cache in Azure Cosmos DB (database "autogen_cache"); needs `autogen[cosmosdb]`."""
        cosmos_db_config = {
            "connection_string": connection_string,
            "database_id": "autogen_cache",
            "container_id": container_id,
            "client": client,
        }
        return Cache({"cache_seed": cache_seed, "cosmos_db_config": cosmos_db_config})

    def __init__(self, config: Mapping[str, Any]) -> None:
        unknown = sorted(set(config) - set(self.ALLOWED_CONFIG_KEYS))
        if unknown:
            raise ConfigError(
                f"Cache config has unknown key(s) {', '.join(map(repr, unknown))}; "
                f"allowed keys are {', '.join(map(repr, self.ALLOWED_CONFIG_KEYS))}"
            )
        seed = config.get("cache_seed", 42)
        if not isinstance(seed, (str, int)) or isinstance(seed, bool):
            raise ConfigError(f"Cache config 'cache_seed' must be a str or an int, not {type(seed).__name__}")
        self.config = dict(config)
        self.cache = CacheFactory.cache_factory(
            seed=seed,
            redis_url=config.get("redis_url"),
            cache_path_root=config.get("cache_path_root") or ".cache",
            cosmosdb_config=config.get("cosmos_db_config"),
            in_memory=bool(config.get("in_memory")),
        )

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under `key`, or `default`."""
        return self.cache.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Store `value` (any picklable object) under `key`."""
        self.cache.set(key, value)

    def close(self) -> None:
        """Release the backend's files or connections."""
        self.cache.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        seed = self.config.get("cache_seed", 42)
        if self.config.get("in_memory"):
            return f"Cache.in_memory(cache_seed={seed!r})"
        if self.config.get("cosmos_db_config") is not None:
            return f"Cache.cosmos_db(cache_seed={seed!r})"
        if self.config.get("redis_url"):
            return f"Cache.redis(cache_seed={seed!r}, redis_url={mask_url(self.config['redis_url'])!r})"
        root = self.config.get("cache_path_root") or ".cache"
        return f"Cache.disk(cache_seed={seed!r}, cache_path_root={os.fspath(root)!r})"
