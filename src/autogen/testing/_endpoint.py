"""What both test servers share: settings, where they are reached, config lists, `with` blocks."""

from __future__ import annotations

import asyncio
import secrets
from types import TracebackType
from typing import TYPE_CHECKING, Any

from autogen.exceptions import ScriptError, TestServerError

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["DEFAULT_REPLY", "Endpoint"]

DEFAULT_REPLY = "Hello from the autogen test server."
"""What a server started without replies answers (`python -m autogen.testing`, the process)."""


class Endpoint:
    """A loopback server with its URLs and config lists; subclasses provide `start` and `stop`.

    Used as a (sync or async) context manager, it runs for the length of the block.
    """

    def __init__(self, host: str, port: int, api_key: str | None, latency: float, chunk_delay: float) -> None:
        if latency < 0:
            raise ScriptError(f"latency must be >= 0 seconds, got {latency!r}")
        if chunk_delay < 0:
            raise ScriptError(f"chunk_delay must be >= 0 seconds, got {chunk_delay!r}")
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self.api_key = api_key if api_key is not None else f"sk-test-{secrets.token_hex(8)}"

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    @property
    def port(self) -> int:
        if self._port is None:
            raise TestServerError(
                f"the {type(self).__name__} is not running: call start() or use it in a with block"
            )
        return self._port

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

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)
