"""The cache seam: three methods and a context manager.

Anything with `get`, `set` and `close` can stand in for autogen's caches, for instance in
`OpenAIWrapper.create(cache=...)` or `ConversableAgent.initiate_chat(cache=...)`:

```python
class DictCache:
    def __init__(self) -> None:
        self.data: dict[str, object] = {}

    def get(self, key: str, default: object = None) -> object:
        return self.data.get(key, default)

    def set(self, key: str, value: object) -> None:
        self.data[key] = value

    def close(self) -> None:
        self.data.clear()

    def __enter__(self) -> "DictCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
```

Implementations in this package never raise from `get`/`set` because of I/O trouble (a corrupt
or read-only directory, an unreachable server): they log one warning on the "autogen.cache"
logger and behave as a miss or a no-op, because a cache must never be the reason a conversation
dies.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AbstractCache"]


@runtime_checkable
class AbstractCache(Protocol):
    """A key-value store for model responses; values are arbitrary picklable objects."""

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under `key`, or `default` on a miss (or when the store is unusable)."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Store `value` under `key`, replacing any previous value (a no-op if the store is unusable)."""
        ...

    def close(self) -> None:
        """Release files and connections; the cache is not used afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class ClosingCache(ABC):
    """The context-manager half of `AbstractCache`, shared by this package's caches.

    Leaving a `with` block closes the cache; subclasses supply `close` (and `get` / `set`).
    """

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
