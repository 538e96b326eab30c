"""Lazy public names for a package `__init__`: each name is imported from its home on first use.

Keeps `import autogen` (and its subpackages) light: the `openai` SDK, pydantic-heavy modules
and the agents load only when a name that needs them is touched. Usage in an `__init__.py`:

    __getattr__, __dir__ = lazy_attributes(__name__, globals(), {"Name": "pkg.home"}, {"submodule"})
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str,
    namespace: dict[str, Any],
    homes: Mapping[str, str],
    submodules: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module `__getattr__` and `__dir__` serving `homes` (name -> module) and `submodules`."""
    subs = frozenset(submodules)

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is not None:
            value = getattr(importlib.import_module(home), name)
            namespace[name] = value  # later look-ups skip this function
            return value
        if name in subs:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*namespace, *homes, *subs})

    return __getattr__, __dir__
