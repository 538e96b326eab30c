"""`Cache.in_memory` / `InMemoryCache`, and the Cosmos DB backend's missing-extra error."""

from __future__ import annotations

import pytest

from autogen import Cache, OpenAIWrapper
from autogen._extras import available
from autogen.cache.cosmos_db_cache import CosmosDBCache
from autogen.cache.in_memory_cache import InMemoryCache
from autogen.exceptions import MissingExtraError
from autogen.testing import OpenAITestServer


def test_in_memory_cache_namespaces_by_seed() -> None:
    a, b = InMemoryCache(1), InMemoryCache()
    a.set("k", {"v": 1})
    b.set("k", "plain")
    assert a.get("k") == {"v": 1} and b.get("k") == "plain"
    assert a.get("missing", "dflt") == "dflt"
    with InMemoryCache("s") as c:
        c.set("k", None)
        assert c.get("k", 5) == 5  # a stored None reads as a miss, as in v0.2


def test_cache_in_memory_serves_a_repeat_request_without_the_network(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("first answer")
    client = OpenAIWrapper(config_list=openai_server.config_list())
    with Cache.in_memory(cache_seed=7) as cache:
        assert repr(cache) == "Cache.in_memory(cache_seed=7)"
        r1 = client.create(messages=[{"role": "user", "content": "q"}], cache=cache)
        r2 = client.create(messages=[{"role": "user", "content": "q"}], cache=cache)
    assert client.extract_text(r1) == client.extract_text(r2) == ["first answer"]
    assert openai_server.request_count == 1


@pytest.mark.skipif(
    available("azure.cosmos"), reason="azure-cosmos is installed; the missing-extra path cannot run"
)
def test_cosmos_db_without_the_sdk_names_the_extra() -> None:
    with pytest.raises(MissingExtraError, match=r'pip install "autogen\[cosmosdb\]"') as info:
        Cache.cosmos_db(connection_string="AccountEndpoint=https://x;AccountKey=y", container_id="c")
    assert info.value.extra == "cosmosdb" and isinstance(info.value, ImportError)
    with pytest.raises(MissingExtraError):
        CosmosDBCache.from_connection_string(1, "cs", "db", "c")
