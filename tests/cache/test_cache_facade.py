"""`Cache`: construction, delegation, context managers, key handling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import autogen
from autogen.cache import AbstractCache, Cache
from autogen.cache.disk_cache import DiskCache
from autogen.cache.redis_cache import RedisCache
from autogen.exceptions import ConfigError


def test_top_level_name() -> None:
    assert autogen.Cache is Cache


def test_disk_round_trip(tmp_path: Path, completion: object) -> None:
    with Cache.disk(cache_seed=7, cache_path_root=tmp_path) as cache:
        assert cache.get("k") is None
        assert cache.get("k", "dflt") == "dflt"
        cache.set("k", completion)
        assert cache.get("k") == completion
        cache.set("k", "replaced")
        assert cache.get("k") == "replaced"
    assert (tmp_path / "7").is_dir()  # location is cache_path_root/cache_seed


def test_disk_persists_across_instances(tmp_path: Path, completion: object) -> None:
    with Cache.disk(1, tmp_path) as cache:
        cache.set("k", completion)
    with Cache.disk(1, tmp_path) as cache:
        got = cache.get("k")
    assert got == completion
    assert type(got) is type(completion)


def test_seeds_are_independent(tmp_path: Path) -> None:
    with Cache.disk(1, tmp_path) as one, Cache.disk(2, tmp_path) as two:
        one.set("k", "from seed 1")
        assert two.get("k") is None


def test_long_keys_round_trip_without_collisions(tmp_path: Path) -> None:
    prefix = "x" * 5000
    with Cache.disk(1, tmp_path) as cache:
        cache.set(prefix + "a", 1)
        cache.set(prefix + "b", 2)
        assert (cache.get(prefix + "a"), cache.get(prefix + "b"), cache.get(prefix + "c")) == (1, 2, None)


def test_config_form_and_factory_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    default = Cache({})
    assert isinstance(default.cache, DiskCache)
    assert Path(default.cache.directory) == Path(".cache") / "42"
    default.close()
    redis_backed = Cache({"cache_seed": 3, "redis_url": "redis://127.0.0.1:1/0"})
    assert isinstance(redis_backed.cache, RedisCache)
    redis_backed.close()


def test_unknown_config_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown key\(s\) 'cache_dir'.*'cache_path_root'"):
        Cache({"cache_seed": 1, "cache_dir": str(tmp_path)})


@pytest.mark.parametrize("seed", [1.5, None, True])
def test_bad_seed(seed: object) -> None:
    with pytest.raises(ConfigError, match="'cache_seed' must be a str or an int"):
        Cache({"cache_seed": seed})


async def test_async_context_manager(tmp_path: Path) -> None:
    async with Cache.disk(1, tmp_path) as cache:
        cache.set("k", "v")
        assert cache.get("k") == "v"


def test_everything_satisfies_the_protocol(tmp_path: Path) -> None:
    cache = Cache.disk(1, tmp_path)
    assert isinstance(cache, AbstractCache)
    assert isinstance(cache.cache, AbstractCache)
    cache.close()
    redis_cache = RedisCache(1, "redis://127.0.0.1:1/0")
    assert isinstance(redis_cache, AbstractCache)
    redis_cache.close()


def test_repr_masks_redis_password(tmp_path: Path) -> None:
    cache = Cache.redis(5, "redis://user:hunter2secret@127.0.0.1:1/0")
    assert "hunter2secret" not in repr(cache) and "hunter2secret" not in repr(cache.cache)
    assert repr(cache) == "Cache.redis(cache_seed=5, redis_url='redis://user:***@127.0.0.1:1/0')"
    cache.close()
    disk = Cache.disk(5, os.fspath(tmp_path))
    assert repr(disk) == f"Cache.disk(cache_seed=5, cache_path_root={os.fspath(tmp_path)!r})"
    disk.close()
