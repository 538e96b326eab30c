"""The Redis backend against a real redis-server: sharing, namespacing, outages."""

from __future__ import annotations

import logging
import pickle
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from autogen.cache import Cache
from autogen.cache.redis_cache import RedisCache


@pytest.fixture
def seed(redis_url: str) -> Iterator[str]:
    """A fresh namespace per test, removed afterwards, so runs sharing a server never meet."""
    name = f"test-{uuid.uuid4().hex}"
    yield name
    raw = redis.Redis.from_url(redis_url)
    try:
        for key in raw.scan_iter(match=f"autogen:{name}*"):
            raw.delete(key)
    finally:
        raw.close()


def test_round_trip(redis_url: str, seed: str, completion: object) -> None:
    with Cache.redis(seed, redis_url) as cache:
        assert cache.get("k") is None
        assert cache.get("k", "dflt") == "dflt"
        cache.set("k", completion)
        got = cache.get("k")
    assert got == completion
    assert type(got) is type(completion)


def test_two_instances_share_entries(redis_url: str, seed: str, completion: object) -> None:
    with Cache.redis(seed, redis_url) as writer, Cache.redis(seed, redis_url) as reader:
        writer.set("question", completion)
        assert reader.get("question") == completion
        reader.set("question", "overwritten")
        assert writer.get("question") == "overwritten"


def test_keys_are_namespaced_by_seed(redis_url: str, seed: str) -> None:
    with Cache.redis(seed, redis_url) as one, Cache.redis(seed + "-other", redis_url) as other:
        one.set("k", {"v": 1})
        assert other.get("k") is None
    raw = redis.Redis.from_url(redis_url)
    try:
        assert pickle.loads(raw.get(f"autogen:{seed}:k")) == {"v": 1}  # type: ignore[arg-type]
        raw.delete(f"autogen:{seed}:k")
    finally:
        raw.close()


def test_long_keys(redis_url: str, seed: str) -> None:
    long_key = "m" * 10_000
    with Cache.redis(seed, redis_url) as cache:
        cache.set(long_key, 1)
        assert cache.get(long_key) == 1
        assert cache.get(long_key + "x") is None


def _cache_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "autogen.cache" and r.levelno == logging.WARNING
    ]


def test_unreachable_server_warns_once_and_misses(caplog: pytest.LogCaptureFixture) -> None:
    url = "redis://:pa55word-secret@127.0.0.1:1/0"  # nothing listens on port 1
    with caplog.at_level(logging.WARNING, logger="autogen.cache"), Cache.redis(1, url) as cache:
        for _ in range(5):
            cache.set("k", "v")
            assert cache.get("k", "dflt") == "dflt"
    warnings = _cache_warnings(caplog)
    assert len(warnings) == 1
    assert "127.0.0.1:1" in warnings[0] and "pa55word-secret" not in warnings[0]


class _CountingDeadClient:
    def __init__(self) -> None:
        self.calls = 0

    def get(self, key: str) -> Any:
        self.calls += 1
        raise redis.ConnectionError("server went away")

    def close(self) -> None:
        pass


def test_failed_server_is_left_alone_then_retried(redis_url: str, seed: str) -> None:
    cache = RedisCache(seed, redis_url)
    dead = _CountingDeadClient()
    cache._client = dead  # type: ignore[assignment]
    assert cache.get("k", "dflt") == "dflt"
    assert cache.get("k", "dflt") == "dflt"
    assert dead.calls == 1  # the second call did not wait on a dead server
    cache._down_until = time.monotonic() - 1  # the retry window has passed
    cache.get("k")
    assert dead.calls == 2


def test_garbage_value_is_a_miss(redis_url: str, seed: str, caplog: pytest.LogCaptureFixture) -> None:
    raw = redis.Redis.from_url(redis_url)
    try:
        raw.set(f"autogen:{seed}:k", b"not a pickle")
        with caplog.at_level(logging.WARNING, logger="autogen.cache"), Cache.redis(seed, redis_url) as cache:
            assert cache.get("k", "dflt") == "dflt"
            cache.set("k2", "v")  # the server itself is fine: writes still work
            assert cache.get("k2") == "v"
        assert len(_cache_warnings(caplog)) == 1
    finally:
        raw.close()


def test_missing_redis_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(ImportError, match=r'pip install "autogen\[redis\]"'):
        Cache.redis(1, "redis://127.0.0.1:1/0")
