"""A cache in an Azure Cosmos DB container (v0.2.3x's `CosmosDBCache`); needs `autogen[cosmosdb]`.

One item per key (`id` = key, partition key = the seed, `data` = the pickled value). The SDK
(`azure-cosmos`) is imported when a cache is built, so importing this module never fails; a
missing SDK is a `MissingExtraError` naming `pip install "autogen[cosmosdb]"`. Like the other
backends, a read that fails for any reason but "not found" is logged once and treated as a miss.
"""

from __future__ import annotations

import pickle
from typing import Any, TypedDict

from autogen._extras import require
from autogen.cache._common import warn_once
from autogen.cache.abstract_cache_base import ClosingCache

__all__ = ["CosmosDBCache", "CosmosDBConfig"]


class CosmosDBConfig(TypedDict, total=False):
    connection_string: str | None
    """The account's connection string (or give `client`)."""
    database_id: str
    """Database name; `Cache.cosmos_db` uses "autogen_cache"."""
    container_id: str | None
    """Container name; created (partitioned on /partitionKey) when missing."""
    cache_seed: str | int | None
    client: Any
    """An existing `azure.cosmos.CosmosClient` to use instead of a connection string."""


def _cosmos() -> Any:
    return require("azure.cosmos", extra="cosmosdb", purpose="the Cosmos DB cache")


class CosmosDBCache(ClosingCache):
    """A cache namespaced by `seed` in `container_id` of `database_id`, through `client`."""

    def __init__(self, seed: str | int, cosmosdb_config: CosmosDBConfig) -> None:
        cosmos = _cosmos()
        self.seed = str(seed)
        client = cosmosdb_config.get("client")
        if client is None:
            connection = cosmosdb_config.get("connection_string")
            if not connection:
                from autogen.exceptions import ConfigError

                raise ConfigError("the Cosmos DB cache needs a 'connection_string' or a 'client'")
            client = cosmos.CosmosClient.from_connection_string(connection)
        self.client = client
        database_id = cosmosdb_config.get("database_id") or "autogen_cache"
        container_id = cosmosdb_config.get("container_id") or "autogen_cache"
        self.database = client.get_database_client(database_id)
        self.container = self.database.get_container_client(container_id)
        self._where = f"Cosmos DB cache {database_id}/{container_id}"
        if not self.container.exists():
            self.database.create_container(
                id=container_id, partition_key=cosmos.PartitionKey(path="/partitionKey")
            )

    @classmethod
    def create_cache(cls, seed: str | int, cosmosdb_config: CosmosDBConfig) -> CosmosDBCache:
        """v0.2's factory: a connection string or an existing client in `cosmosdb_config`."""
        return cls(seed, cosmosdb_config)

    @classmethod
    def from_connection_string(
        cls, seed: str | int, connection_string: str, database_id: str, container_id: str
    ) -> CosmosDBCache:
        return cls(
            seed,
            {
                "connection_string": connection_string,
                "database_id": database_id,
                "container_id": container_id,
            },
        )

    @classmethod
    def from_existing_client(
        cls, seed: str | int, client: Any, database_id: str, container_id: str
    ) -> CosmosDBCache:
        return cls(seed, {"client": client, "database_id": database_id, "container_id": container_id})

    def get(self, key: str, default: Any = None) -> Any:
        not_found = _cosmos().exceptions.CosmosResourceNotFoundError
        try:
            item = self.container.read_item(item=key, partition_key=self.seed)
            return pickle.loads(item["data"])
        except not_found:
            return default
        except Exception as exc:  # a cache must not end a conversation
            warn_once(self._where, exc, "treating it as a miss")
            return default

    def set(self, key: str, value: Any) -> None:
        try:
            self.container.upsert_item({"id": key, "partitionKey": self.seed, "data": pickle.dumps(value)})
        except Exception as exc:
            warn_once(self._where, exc, "not storing")

    def close(self) -> None:
        """The SDK client needs no closing; a client passed in stays the caller's."""
