"""Where a test server is reached, and config lists pointing at it (shared by both servers)."""

from __future__ import annotations

from typing import Any

__all__ = ["Endpoint"]


class Endpoint:
    """URLs and config lists of a loopback server; subclasses provide `host`, `api_key`, `port`."""

    host: str
    api_key: str

    @property
    def port(self) -> int:
        raise NotImplementedError

    @property
    def url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:54321`` (Azure's ``azure_endpoint``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI ``base_url``, e.g. ``http://127.0.0.1:54321/v1``."""
        return self.url + "/v1"

    def config_list(self, model: str = "gpt-4o", **extra: Any) -> list[dict[str, Any]]:
        """A one-entry config list that points `OpenAIWrapper` / agents at this server."""
        return [{"model": model, "base_url": self.base_url, "api_key": self.api_key, **extra}]

    def azure_config_list(
        self, model: str = "gpt-4o", api_version: str = "2024-02-01", **extra: Any
    ) -> list[dict[str, Any]]:
        """A one-entry Azure config list (v0.2 shape: ``api_type="azure"``, endpoint in ``base_url``)."""
        return [
            {
                "model": model,
                "base_url": self.url,
                "api_type": "azure",
                "api_version": api_version,
                "api_key": self.api_key,
                **extra,
            }
        ]
