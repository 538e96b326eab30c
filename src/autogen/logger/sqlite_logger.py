"""`SqliteLogger`: runtime logs in SQLite with v0.2.35's tables and columns, so users' queries keep working.

Differences from v0.2.35, on purpose: the database is in WAL mode and written by one background
thread (a turn never waits for the disk); each record is committed as soon as the queue is
empty, so a process killed mid-chat loses at most the records still in flight; a database that
cannot be opened or written warns once and the program goes on.

    session_id = autogen.runtime_logging.start(config={"dbname": "logs.db"})
    ...
    autogen.runtime_logging.stop()
    con = sqlite3.connect("logs.db")
    con.execute("SELECT request, response, cost FROM chat_completions WHERE session_id = ?", (session_id,))
"""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any

from autogen.logger.base_logger import BaseLogger
from autogen.logger.logger_utils import to_dict, to_json

__all__ = ["SCHEMA", "SqliteLogger"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_completions (
    id INTEGER PRIMARY KEY, invocation_id TEXT, client_id INTEGER, wrapper_id INTEGER,
    session_id TEXT, source_name TEXT, request TEXT, response TEXT, is_cached INEGER, cost REAL,
    start_time DATETIME DEFAULT CURRENT_TIMESTAMP, end_time DATETIME DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS agents (
    id INTEGER PRIMARY KEY, agent_id INTEGER, wrapper_id INTEGER, session_id TEXT, name TEXT,
    class TEXT, init_args TEXT, timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE(agent_id, session_id));
CREATE TABLE IF NOT EXISTS oai_wrappers (
    id INTEGER PRIMARY KEY, wrapper_id INTEGER, session_id TEXT, init_args TEXT,
    timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, UNIQUE(wrapper_id, session_id));
CREATE TABLE IF NOT EXISTS oai_clients (
    id INTEGER PRIMARY KEY, client_id INTEGER, wrapper_id INTEGER, session_id TEXT, class TEXT,
    init_args TEXT, timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, UNIQUE(client_id, session_id));
CREATE TABLE IF NOT EXISTS version (
    id INTEGER PRIMARY KEY CHECK (id = 1), version_number INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    event_name TEXT, source_id INTEGER, source_name TEXT, agent_module TEXT DEFAULT NULL,
    agent_class_name TEXT DEFAULT NULL, id INTEGER PRIMARY KEY, json_state TEXT,
    timestamp DATETIME DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS function_calls (
    source_id INTEGER, source_name TEXT, function_name TEXT, args TEXT DEFAULT NULL,
    returns TEXT DEFAULT NULL, timestamp DATETIME DEFAULT CURRENT_TIMESTAMP);
"""
"""v0.2.35's schema, column for column (its `is_cached INEGER` typo included: SQLite accepts it)."""

_INSERT = {
    "chat_completion": "INSERT INTO chat_completions (invocation_id, client_id, wrapper_id, session_id, "
    "source_name, request, response, is_cached, cost, start_time, end_time) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "agent": "INSERT INTO agents (agent_id, wrapper_id, session_id, name, class, init_args, timestamp) "
    "VALUES (?,?,?,?,?,?,?) ON CONFLICT (agent_id, session_id) DO UPDATE SET "
    "wrapper_id = excluded.wrapper_id, name = excluded.name, class = excluded.class, "
    "init_args = excluded.init_args, timestamp = excluded.timestamp",
    "wrapper": "INSERT INTO oai_wrappers (wrapper_id, session_id, init_args, timestamp) VALUES (?,?,?,?) "
    "ON CONFLICT (wrapper_id, session_id) DO NOTHING",
    "client": "INSERT INTO oai_clients (client_id, wrapper_id, session_id, class, init_args, timestamp) "
    "VALUES (?,?,?,?,?,?) ON CONFLICT (client_id, session_id) DO NOTHING",
    "event": "INSERT INTO events (event_name, source_id, source_name, agent_module, agent_class_name, "
    "json_state, timestamp, session_id) VALUES (?,?,?,?,?,?,?,?)",
    "function_call": "INSERT INTO function_calls (source_id, source_name, function_name, args, returns, "
    "timestamp) VALUES (?,?,?,?,?,?)",
}
SCHEMA_VERSION = 1


class SqliteLogger(BaseLogger):
    """Config: `dbname` (default "logs.db")."""

    schema_version = SCHEMA_VERSION

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__(config)
        self.dbname: str = str(self.config.get("dbname", "logs.db"))
        self.con: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()

    def _open(self) -> None:
        con = sqlite3.connect(self.dbname, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(SCHEMA)
        columns = {row[1] for row in con.execute("PRAGMA table_info(events)")}
        if "session_id" not in columns:  # ours: events of several sessions in one file stay apart
            con.execute("ALTER TABLE events ADD COLUMN session_id TEXT")
        con.execute("INSERT OR IGNORE INTO version (id, version_number) VALUES (1, ?)", (SCHEMA_VERSION,))
        con.commit()
        self.con = con

    def _write(self, kind: str, payload: tuple[Any, ...]) -> None:
        if self.con is None:
            return
        sid = self.session_id
        if kind == "chat_completion":
            inv, client_id, wrapper_id, source, request, response, cached, cost, start, end = payload
            if response is None or isinstance(response, str):
                response_text = json.dumps({"response": response})
            else:
                response_text = json.dumps(to_dict(response), indent=4, ensure_ascii=False)
            row: tuple[Any, ...] = (
                inv,
                client_id,
                wrapper_id,
                sid,
                source,
                to_json(request),
                response_text,
                cached,
                cost,
                start,
                end,
            )
        elif kind == "agent":
            agent_id, wrapper_id, name, cls, init_args, ts = payload
            row = (agent_id, wrapper_id, sid, name, cls, to_json(init_args, ("self", "__class__")), ts)
        elif kind == "wrapper":
            wrapper_id, init_args, ts = payload
            row = (wrapper_id, sid, to_json(init_args, ("self", "__class__")), ts)
        elif kind == "client":
            client_id, wrapper_id, cls, init_args, ts = payload
            row = (client_id, wrapper_id, sid, cls, to_json(init_args, ("self", "__class__")), ts)
        elif kind == "event":
            name, source_id, source_name, module, cls, state, ts = payload
            row = (name, source_id, source_name, module, cls, to_json(state), ts, sid)
        else:
            source_id, source_name, fname, args, returns, ts = payload
            row = (source_id, source_name, fname, to_json(args), to_json(returns), ts)
        self.con.execute(_INSERT[kind], row)

    def _commit(self) -> None:
        if self.con is not None:
            self.con.commit()

    def _close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def get_connection(self) -> sqlite3.Connection | None:
        """A connection to read the logs with; every record logged so far is written first.

        It is a connection of its own (the writer thread keeps one for writing), so reading
        never races a write.
        """
        self.flush()
        if self.con is None:
            return None
        with self._reader_lock:
            if self._reader is None:
                self._reader = sqlite3.connect(self.dbname, check_same_thread=False)
            return self._reader
