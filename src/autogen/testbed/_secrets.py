"""Keys from the config list must reach a run's ENV and nowhere else: not its logs, results or reprs."""

from __future__ import annotations

from typing import Any

from autogen.exceptions import redact

__all__ = ["scrub", "secret_values"]

_SECRET_FIELDS = ("api_key", "azure_ad_token", "password", "token")
_SHORTEST = 6  # shorter values ("x", "none") would blank out ordinary words


def secret_values(config_list: list[dict[str, Any]]) -> list[str]:
    """The secret strings of a config list, longest first."""
    found = {
        str(entry[name])
        for entry in config_list
        for name in _SECRET_FIELDS
        if entry.get(name) and len(str(entry[name])) >= _SHORTEST
    }
    return sorted(found, key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with every secret replaced by `***` and anything key-shaped redacted."""
    for value in secrets:
        text = text.replace(value, "***")
    return redact(text)
