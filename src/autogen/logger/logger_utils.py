"""Helpers the runtime loggers share: timestamps and a JSON form for anything they are handed."""

from __future__ import annotations

import datetime
import json
from typing import Any

__all__ = ["SECRET_KEYS", "get_current_ts", "to_dict", "to_json"]

SECRET_KEYS = frozenset(
    {"api_key", "organization", "base_url", "azure_endpoint", "azure_ad_token", "azure_ad_token_provider"}
)
"""init-args keys never written to a log (v0.2.35 drops the same ones)."""


def get_current_ts() -> str:
    """UTC now in v0.2.35's text form (`YYYY-MM-DD HH:MM:SS.ffffff`), which sorts as it reads."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def to_dict(obj: Any, exclude: frozenset[str] | tuple[str, ...] = (), _depth: int = 0) -> Any:
    """A JSON-ready copy of `obj`: pydantic models dumped, secrets and `exclude` keys dropped,
    agents and other objects named by their class instead of failing."""
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    if _depth > 20:
        return f"<<{type(obj).__qualname__}>>"
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        try:
            obj = dump(exclude_none=True)
        except Exception:  # noqa: BLE001 - a log must not fail on an odd object
            return f"<<{type(obj).__qualname__}>>"
    if isinstance(obj, dict):
        return {
            str(k): to_dict(v, exclude, _depth + 1)
            for k, v in obj.items()
            if str(k) not in SECRET_KEYS and str(k) not in exclude
        }
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_dict(v, exclude, _depth + 1) for v in obj]
    name = getattr(obj, "name", None)
    if isinstance(name, str) and hasattr(obj, "generate_reply"):
        return f"<<{type(obj).__qualname__} {name}>>"
    if callable(obj):
        return f"<<callable {getattr(obj, '__qualname__', type(obj).__qualname__)}>>"
    return f"<<non-serializable: {type(obj).__qualname__}>>"


def to_json(obj: Any, exclude: frozenset[str] | tuple[str, ...] = ()) -> str:
    """`to_dict` then `json.dumps`: always a string, never an exception."""
    return json.dumps(to_dict(obj, exclude), ensure_ascii=False)
