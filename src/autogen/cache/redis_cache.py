"""A cache in Redis, shared by every process and machine that reaches the server.

Keys are namespaced `autogen:<seed>:<key>`, so different seeds share a server without mixing;
values are pickled. Needs the `redis` package (`pip install "autogen[redis]"`).

An unreachable or failing server gives one warning; calls then act as misses and no-ops, and the
server is tried again at most every few seconds, so an outage costs neither crashes nor a
connection timeout per request.
"""

from __future__ import annotations

import pickle
import time
from typing import TYPE_CHECKING, Any

from autogen._extras import require
from autogen.cache._common import logger, mask_url, storage_key, warn_once
from autogen.cache.abstract_cache_base import ClosingCache

if TYPE_CHECKING:
    import redis

__all__ = ["RedisCache"]

_CONNECT_TIMEOUT = 2.0  # seconds to reach the server
_IO_TIMEOUT = 5.0  # seconds for one command
_RETRY_AFTER = 5.0  # seconds a failing server is left alone before the next try


def _import_redis() -> Any:
    return require("redis", extra="redis", purpose="the Redis cache")


class RedisCache(ClosingCache):
    """A cache namespaced by `seed` on the Redis server at `redis_url`."""

    def __init__(self, seed: str | int, redis_url: str = "redis://localhost:6379/0") -> None:
        redis_module = _import_redis()
        self.seed = seed
        self.redis_url = redis_url
        self._prefix = f"autogen:{seed}:"
        self._location = f"Redis cache at {mask_url(redis_url)!r}"
        self._errors: tuple[type[BaseException], ...] = (redis_module.RedisError, OSError)
        self._down_until = 0.0
        self._client: redis.Redis[bytes] = redis_module.Redis.from_url(
            redis_url, socket_connect_timeout=_CONNECT_TIMEOUT, socket_timeout=_IO_TIMEOUT
        )

    def _key(self, key: str) -> str:
        return self._prefix + storage_key(key)

    def _available(self) -> bool:
        return self._down_until == 0.0 or time.monotonic() >= self._down_until

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, self._errors):
            self._down_until = time.monotonic() + _RETRY_AFTER
        warn_once(self._location, error, "responses will not be cached there until it answers again")

    def _recovered(self) -> None:
        if self._down_until:
            self._down_until = 0.0
            logger.info("%s answers again", self._location)

    def get(self, key: str, default: Any = None) -> Any:
        if not self._available():
            return default
        try:
            raw = self._client.get(self._key(key))
        except Exception as e:
            self._failed(e)
            return default
        self._recovered()
        if raw is None:
            return default
        try:
            return pickle.loads(raw)
        except Exception as e:  # a value written by another program, or by an incompatible version
            self._failed(e)
            return default

    def set(self, key: str, value: Any) -> None:
        if not self._available():
            return
        try:
            self._client.set(self._key(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as e:
            self._failed(e)
            return
        self._recovered()

    def close(self) -> None:
        try:
            self._client.close()
        except Exception as e:
            self._failed(e)

    def __repr__(self) -> str:
        return f"RedisCache(seed={self.seed!r}, redis_url={mask_url(self.redis_url)!r})"
