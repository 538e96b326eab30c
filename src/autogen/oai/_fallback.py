"""Which failures move on to the next config, and the error raised when none is left.

Endpoint trouble moves on: any `openai` SDK error (status errors after the SDK's own retries,
connection errors, timeouts, a missing key) and our `ModelError` (malformed JSON, a stream
that broke off). Timeouts and connection errors from custom clients move on too. Anything
else (a TypeError in a custom client, bad arguments) is a bug to see, so it propagates.
"""

from __future__ import annotations

import logging

import openai

from autogen.exceptions import AllConfigsFailedError, ModelClientNotRegisteredError, ModelError
from autogen.oai._routes import Route, redact_for

__all__ = ["FailureLog", "moves_on"]

logger = logging.getLogger("autogen.oai")


def moves_on(err: BaseException) -> bool:
    """True when `err` means "this endpoint failed, try the next config"."""
    if isinstance(err, ModelClientNotRegisteredError):
        return False
    return isinstance(err, (openai.OpenAIError, ModelError, TimeoutError, ConnectionError))


def _status(err: BaseException) -> str:
    code = getattr(err, "status_code", None)
    return f" (HTTP {code})" if code is not None else ""


class FailureLog:
    """The failures of one create() call, in the order the configs were tried."""

    def __init__(self, routes: list[Route]) -> None:
        self._routes = routes
        self.failures: list[tuple[Route, BaseException, str]] = []

    def add(self, route: Route, err: BaseException, model: object = None) -> None:
        """Record that `route` failed with `err` (`model`: the model the request asked for)."""
        name = route.describe(model)
        self.failures.append((route, err, name))
        logger.info(
            "%s failed, trying the next config: %s",
            name,
            redact_for(self._routes, f"{type(err).__name__}{_status(err)}: {err}"),
        )

    def error(self) -> AllConfigsFailedError:
        lines = [f"  {name}: {type(err).__name__}{_status(err)}: {err}" for _, err, name in self.failures]
        n = len(self.failures)
        head = f"All {n} config{'s' if n != 1 else ''} failed:" if n else "No config was tried."
        tail = (
            "Check the endpoints and keys above; set 'timeout' / 'max_retries' per config, "
            "or add a fallback config to the list."
        )
        text = redact_for(self._routes, "\n".join([head, *lines, tail]))
        return AllConfigsFailedError(text, [(route.index, err) for route, err, _ in self.failures])
