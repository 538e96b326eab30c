"""What every cache backend shares: the one-warning rule, key shortening, URL masking."""

from __future__ import annotations

import hashlib
import logging
import threading
from urllib.parse import urlsplit, urlunsplit

from autogen.exceptions import redact

logger = logging.getLogger("autogen.cache")

_warned: set[str] = set()
_warned_lock = threading.Lock()

# Keys longer than this are stored as their SHA-256: request keys hold whole conversations, and
# a key that size bloats the SQLite index and Redis memory for nothing.
_MAX_RAW_KEY = 250


def warn_once(location: str, problem: BaseException | str, consequence: str) -> None:
    """Log one warning per cache location per process, however often the trouble repeats."""
    with _warned_lock:
        if location in _warned:
            return
        _warned.add(location)
    detail = problem if isinstance(problem, str) else f"{type(problem).__name__}: {problem}"
    logger.warning("%s cannot be used (%s); %s", location, redact(str(detail)), consequence)


def forget_warnings() -> None:
    """Let every location warn again (for tests, and after the user repaired a cache)."""
    with _warned_lock:
        _warned.clear()


def storage_key(key: str) -> str:
    if len(key) <= _MAX_RAW_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def mask_url(url: str) -> str:
    """`url` without its password, for messages and reprs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable url>"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))
