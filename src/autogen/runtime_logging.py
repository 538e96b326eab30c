"""`autogen.runtime_logging` (v0.2.35): record model calls, agents, wrappers and events to SQLite or a file.

    import autogen
    session_id = autogen.runtime_logging.start(config={"dbname": "logs.db"})
    user_proxy.initiate_chat(assistant, message="...")
    autogen.runtime_logging.stop()

Each chat completion is recorded with its request, response, cost, cache hit, start and end
time, the agent that asked, and the wrapper and client ids; agent, wrapper and client creation
and events (reply-chain steps, speaker selection, code execution) too. Records are written by a
background thread (`autogen.logger`), so a turn never waits for the disk.

Behaviour where v0.2.35 said nothing: `start()` while a session runs stops that session (its
records are written) and starts a new one, with a warning; `stop()` without a session does
nothing; a log that cannot be written warns once and the program goes on.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from typing import Any, Literal

from autogen import _telemetry
from autogen.logger.base_logger import BaseLogger
from autogen.logger.logger_factory import LoggerFactory

__all__ = [
    "get_connection",
    "log_chat_completion",
    "log_event",
    "log_function_use",
    "log_new_agent",
    "log_new_client",
    "log_new_wrapper",
    "logging_enabled",
    "start",
    "stop",
]

logger = logging.getLogger("autogen.runtime_logging")

autogen_logger: BaseLogger | None = None


def start(
    logger: BaseLogger | None = None,
    logger_type: Literal["sqlite", "file"] = "sqlite",
    config: dict[str, Any] | None = None,
) -> str:
    """Start a logging session with `logger`, or a new one of `logger_type` built from `config`.

    Returns the session id (a uuid4 string) that every record of this session carries.
    """
    global autogen_logger
    new = logger if logger is not None else LoggerFactory.get_logger(logger_type=logger_type, config=config)
    if autogen_logger is not None:
        old = autogen_logger.session_id
        stop()
        _log().warning(
            "[runtime logging] start() called while session %s was running: it is stopped and "
            "a new session starts.",
            old,
        )
    session_id = new.start()
    autogen_logger = new
    _telemetry._set(logger=new)
    return session_id


def stop() -> None:
    """End the session: write every queued record, close the sink. Safe to call twice."""
    global autogen_logger
    current, autogen_logger = autogen_logger, None
    _telemetry._set(logger=None)
    if current is not None:
        current.stop()


def logging_enabled() -> bool:
    return autogen_logger is not None


def get_connection() -> sqlite3.Connection | None:
    """The SQLite connection of the running session (after writing what is queued), else None."""
    if autogen_logger is None:
        _log().error("[runtime logging] get_connection: logging is not started")
        return None
    connection: sqlite3.Connection | None = autogen_logger.get_connection()
    return connection


def log_chat_completion(
    invocation_id: uuid.UUID,
    client_id: int,
    wrapper_id: int,
    agent: Any,
    request: dict[str, Any],
    response: Any,
    is_cached: int,
    cost: float,
    start_time: str,
) -> None:
    if autogen_logger is not None:
        autogen_logger.log_chat_completion(
            invocation_id, client_id, wrapper_id, agent, request, response, is_cached, cost, start_time
        )


def log_new_agent(agent: Any, init_args: dict[str, Any]) -> None:
    if autogen_logger is not None:
        autogen_logger.log_new_agent(agent, init_args)


def log_event(source: Any, name: str, **kwargs: Any) -> None:
    if autogen_logger is not None:
        autogen_logger.log_event(source, name, **kwargs)


def log_function_use(agent: Any, function: Any, args: dict[str, Any], returns: Any) -> None:
    if autogen_logger is not None:
        autogen_logger.log_function_use(agent, function, args, returns)


def log_new_wrapper(wrapper: Any, init_args: dict[str, Any]) -> None:
    if autogen_logger is not None:
        autogen_logger.log_new_wrapper(wrapper, init_args)


def log_new_client(client: Any, wrapper: Any, init_args: dict[str, Any]) -> None:
    if autogen_logger is not None:
        autogen_logger.log_new_client(client, wrapper, init_args)


def _log() -> logging.Logger:
    return logger
