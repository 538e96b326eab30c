"""`FileLogger`: runtime logs as JSON Lines: one JSON object per line, for every record.

v0.2.35 wrote plain-text lines among the JSON ones and dropped events it could not serialise;
here every line parses with `json.loads`, each has `"type"` (`session`, `chat_completion`,
`agent`, `wrapper`, `client`, `event`, `function_call`) and `session_id`, and values that are
not JSON (agents, functions, objects) are written as `"<<ClassName ...>>"`.

Config: `filename` (default "runtime.log"), relative to `./autogen_logs/` as in v0.2.35, or an
absolute path.
"""

from __future__ import annotations

import json
import os
import threading
from typing import IO, Any

from autogen.logger.base_logger import BaseLogger
from autogen.logger.logger_utils import get_current_ts, to_dict

__all__ = ["FileLogger"]

_FIELDS = {
    "chat_completion": (
        "invocation_id",
        "client_id",
        "wrapper_id",
        "source_name",
        "request",
        "response",
        "is_cached",
        "cost",
        "start_time",
        "end_time",
    ),
    "agent": ("id", "wrapper_id", "agent_name", "agent_type", "args", "timestamp"),
    "wrapper": ("wrapper_id", "init_args", "timestamp"),
    "client": ("client_id", "wrapper_id", "class", "init_args", "timestamp"),
    "event": (
        "event_name",
        "source_id",
        "source_name",
        "agent_module",
        "agent_class",
        "json_state",
        "timestamp",
    ),
    "function_call": ("source_id", "source_name", "function_name", "input_args", "returns", "timestamp"),
}


class FileLogger(BaseLogger):
    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__(config)
        name = str(self.config.get("filename", "runtime.log"))
        self.log_file = os.path.join(os.getcwd(), "autogen_logs", name)
        self._file: IO[str] | None = None

    def _open(self) -> None:
        os.makedirs(os.path.dirname(self.log_file), exist_ok=True)
        self._file = open(self.log_file, "a", encoding="utf-8")  # noqa: SIM115 - closed in _close
        self._write("session", ("started", get_current_ts()))
        self._file.flush()

    def _write(self, kind: str, payload: tuple[Any, ...]) -> None:
        if self._file is None:
            return
        record: dict[str, Any] = {
            "type": kind,
            "session_id": self.session_id,
            "thread_id": threading.get_ident(),
        }
        if kind == "session":
            record.update(status=payload[0], timestamp=payload[1])
        else:
            record.update(zip(_FIELDS[kind], payload, strict=True))
        self._file.write(json.dumps(to_dict(record), ensure_ascii=False) + "\n")

    def _commit(self) -> None:
        if self._file is not None:
            self._file.flush()

    def _close(self) -> None:
        if self._file is not None:
            self._write("session", ("stopped", get_current_ts()))
            self._file.close()
            self._file = None
