"""The one guard for optional dependencies: a missing package becomes an error naming the extra.

Heavy or vendor-specific packages (chromadb, ray, jupyter_client, anthropic, …) are extras,
imported on first use so `import autogen` stays light. Every such import goes through here:

    chromadb = require("chromadb", extra="retrievechat", purpose="the embedded vector store")

raises `MissingExtraError` (an `ImportError`, as v0.2 callers catch) with the exact
`pip install "autogen[extra]"` line when the package is absent.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .exceptions import MissingExtraError

__all__ = ["MissingExtraError", "available", "require"]


def require(module: str, *, extra: str, purpose: str | None = None) -> ModuleType:
    """Import `module`, or raise `MissingExtraError` naming `extra` (and what needs it)."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.partition(".")[0]
        missing = getattr(exc, "name", None)
        outer = missing is None or missing == top or module == missing or module.startswith(f"{missing}.")
        if not outer:
            raise  # the package is there but broken inside: show the real error
        what = f"{purpose} needs" if purpose else "this needs"
        raise MissingExtraError(
            f'{what} the optional package {top!r}: pip install "autogen[{extra}]"', extra=extra, name=top
        ) from exc


def available(module: str) -> bool:
    """True when `module` can be imported (for tests and for choosing a default backend)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
