"""`BaseLogger`: what a runtime-logging sink receives (v0.2.35's interface), plus the writer thread.

Every `log_*` call only builds a small tuple and puts it on a queue; one daemon thread per
logger serialises and writes it. So a turn never waits for the disk, and a sink that fails
(a path that is not writable, a full disk) warns once and drops records instead of raising
into the conversation.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from abc import ABC, abstractmethod
from typing import Any

from autogen.logger.logger_utils import get_current_ts

__all__ = ["BaseLogger", "LLMConfig"]

LLMConfig = dict[str, Any]

logger = logging.getLogger("autogen.runtime_logging")

_STOP = object()


class BaseLogger(ABC):
    """A runtime-logging sink. Subclasses implement `_open`, `_write(kind, payload)`, `_close`."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config: dict[str, Any] = dict(config or {})
        self.session_id = str(uuid.uuid4())
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._broken = False

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> str:
        """Open the sink and start the writer thread; returns the session id."""
        try:
            self._open()
        except Exception as err:  # noqa: BLE001 - logging must never stop the program
            self._fail(err)
        self._thread = threading.Thread(
            target=self._run, name=f"autogen-log-{type(self).__name__}", daemon=True
        )
        self._thread.start()
        return self.session_id

    def stop(self) -> None:
        """Write what is queued, then close the sink."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None
        try:
            self._close()
        except Exception as err:  # noqa: BLE001
            logger.debug("closing %s: %s", type(self).__name__, err)

    def flush(self) -> None:
        """Block until every record queued so far is written."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.join()

    def get_connection(self) -> Any:
        """The SQLite connection for queries (SqliteLogger); None for sinks without one."""
        return None

    # -- the v0.2.35 interface: each call is one record on the queue ----------------------------------
    def log_chat_completion(
        self,
        invocation_id: uuid.UUID | str,
        client_id: int,
        wrapper_id: int,
        source: Any,
        request: dict[str, Any],
        response: Any,
        is_cached: int,
        cost: float | None,
        start_time: str,
    ) -> None:
        self._put(
            "chat_completion",
            (
                str(invocation_id),
                client_id,
                wrapper_id,
                _source_name(source),
                request,
                response,
                int(is_cached),
                cost,
                start_time,
                get_current_ts(),
            ),
        )

    def log_new_agent(self, agent: Any, init_args: dict[str, Any]) -> None:
        client = getattr(agent, "_client", None)
        self._put(
            "agent",
            (
                id(agent),
                id(client) if client is not None else "",
                getattr(agent, "name", "") or "",
                type(agent).__name__,
                init_args,
                get_current_ts(),
            ),
        )

    def log_event(self, source: Any, name: str, **kwargs: Any) -> None:
        is_agent = hasattr(source, "generate_reply")
        self._put(
            "event",
            (
                name,
                id(source),
                _source_name(source),
                type(source).__module__ if is_agent else None,
                type(source).__name__ if is_agent else None,
                kwargs,
                get_current_ts(),
            ),
        )

    def log_new_wrapper(self, wrapper: Any, init_args: dict[str, Any]) -> None:
        self._put("wrapper", (id(wrapper), init_args, get_current_ts()))

    def log_new_client(self, client: Any, wrapper: Any, init_args: dict[str, Any]) -> None:
        self._put("client", (id(client), id(wrapper), type(client).__name__, init_args, get_current_ts()))

    def log_function_use(self, source: Any, function: Any, args: dict[str, Any], returns: Any) -> None:
        name = getattr(function, "__name__", None) or str(function)
        self._put("function_call", (id(source), _source_name(source), name, args, returns, get_current_ts()))

    # -- the writer -----------------------------------------------------------------------------------
    def _put(self, kind: str, payload: tuple[Any, ...]) -> None:
        if not self._broken:
            self._queue.put((kind, payload))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is _STOP:
                    if not self._broken:
                        self._commit()
                    return
                if not self._broken:
                    self._write(*item)
                    if self._queue.empty():
                        self._commit()
            except Exception as err:  # noqa: BLE001 - a bad record or a broken sink must not kill the thread
                self._fail(err)
            finally:
                self._queue.task_done()

    def _fail(self, err: BaseException) -> None:
        if isinstance(err, (OSError, *_sink_errors())):
            if not self._broken:
                logger.warning(
                    "[runtime logging] %s cannot write (%s: %s); logging is off for this session, "
                    "the program goes on.",
                    type(self).__name__,
                    type(err).__name__,
                    err,
                )
            self._broken = True  # later records are skipped (the writer still drains the queue)
        else:
            logger.warning("[runtime logging] a record could not be written: %s: %s", type(err).__name__, err)

    @abstractmethod
    def _open(self) -> None: ...

    @abstractmethod
    def _write(self, kind: str, payload: tuple[Any, ...]) -> None: ...

    def _commit(self) -> None:
        return None

    @abstractmethod
    def _close(self) -> None: ...


def _source_name(source: Any) -> str:
    if isinstance(source, str):
        return source
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "" if source is None else type(source).__name__


def _sink_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    return (sqlite3.OperationalError, sqlite3.DatabaseError)
