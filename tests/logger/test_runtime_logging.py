"""`autogen.runtime_logging` over a real two-agent chat against the test server."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import autogen.runtime_logging as runtime_logging
from autogen import AssistantAgent, OpenAIWrapper, UserProxyAgent, _telemetry
from autogen.testing import OpenAITestServer

TABLES = {
    "chat_completions": {"id", "invocation_id", "client_id", "wrapper_id", "session_id", "source_name",
                         "request", "response", "is_cached", "cost", "start_time", "end_time"},
    "agents": {"id", "agent_id", "wrapper_id", "session_id", "name", "class", "init_args", "timestamp"},
    "oai_wrappers": {"id", "wrapper_id", "session_id", "init_args", "timestamp"},
    "oai_clients": {"id", "client_id", "wrapper_id", "session_id", "class", "init_args", "timestamp"},
    "events": {"event_name", "source_id", "source_name", "agent_module", "agent_class_name", "id",
               "json_state", "timestamp"},
    "function_calls": {"source_id", "source_name", "function_name", "args", "returns", "timestamp"},
    "version": {"id", "version_number"},
}  # fmt: skip


def _chat(server: OpenAITestServer, turns: int = 2) -> None:
    llm_config = {"config_list": server.config_list(), "cache_seed": None}
    assistant = AssistantAgent("assistant", llm_config=llm_config)
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False,
                          max_consecutive_auto_reply=turns - 1)  # fmt: skip
    user.initiate_chat(assistant, message="hello", silent=True)


def test_sqlite_session_records_the_chat(tmp_path: Path) -> None:
    db = tmp_path / "logs.db"
    with OpenAITestServer(replies=["first answer", "second answer"]) as server:
        session_id = runtime_logging.start(config={"dbname": str(db)})
        assert _telemetry.ACTIVE
        _chat(server)
        con = runtime_logging.get_connection()
        assert con is not None
        rows = con.execute(
            "SELECT session_id, source_name, request, response, is_cached, cost, start_time, end_time "
            "FROM chat_completions ORDER BY id"
        ).fetchall()
        runtime_logging.stop()
    assert not _telemetry.ACTIVE
    assert len(rows) == 2
    assert {r[0] for r in rows} == {session_id}
    assert {r[1] for r in rows} == {"assistant"}
    first_request = json.loads(rows[0][2])
    assert first_request["messages"][-1]["content"] == "hello"
    assert len(json.loads(rows[1][2])["messages"]) == 4  # the history as it was sent, not as it grew
    assert json.loads(rows[0][3])["choices"][0]["message"]["content"] == "first answer"
    assert rows[0][4] == 0 and rows[0][6] <= rows[0][7]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for table, columns in TABLES.items():
        assert columns <= {c[1] for c in con.execute(f"PRAGMA table_info({table})")}, table
    names = {r[0] for r in con.execute("SELECT name FROM agents WHERE session_id = ?", (session_id,))}
    assert names == {"assistant", "user"}
    init = json.loads(con.execute("SELECT init_args FROM agents WHERE name = 'assistant'").fetchone()[0])
    assert "api_key" not in json.dumps(init) and init["name"] == "assistant"
    assert con.execute("SELECT count(*) FROM oai_wrappers").fetchone()[0] >= 1
    assert con.execute("SELECT class FROM oai_clients").fetchone()[0] == "OpenAIClient"
    events = [r[0] for r in con.execute("SELECT event_name FROM events")]
    assert "reply_func_executed" in events
    assert con.execute("SELECT version_number FROM version").fetchone()[0] == 1


def test_cache_hits_are_logged_as_cached(tmp_path: Path) -> None:
    with OpenAITestServer(replies=["once"]) as server:
        runtime_logging.start(config={"dbname": str(tmp_path / "c.db")})
        wrapper = OpenAIWrapper(config_list=server.config_list(), cache_seed=7)
        for _ in range(2):
            wrapper.create(messages=[{"role": "user", "content": "same"}])
        con = runtime_logging.get_connection()
        assert con is not None
        cached = [r[0] for r in con.execute("SELECT is_cached FROM chat_completions ORDER BY id")]
    assert cached == [0, 1]


def test_file_logger_writes_one_json_object_per_line(tmp_path: Path) -> None:
    with OpenAITestServer(replies=["ok"]) as server:
        session_id = runtime_logging.start(logger_type="file", config={"filename": "run.log"})
        _chat(server, turns=1)
        runtime_logging.log_event("tester", "custom", payload=object())  # not JSON: still a line
        runtime_logging.stop()
    lines = (tmp_path / "autogen_logs" / "run.log").read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line parses
    kinds = [r["type"] for r in records]
    assert kinds[0] == "session" and kinds[-1] == "session"
    assert {"chat_completion", "agent", "wrapper", "event"} <= set(kinds)
    assert {r["session_id"] for r in records} == {session_id}
    custom = next(r for r in records if r.get("event_name") == "custom")
    assert "non-serializable" in json.dumps(custom)


def test_unwritable_path_warns_once_and_the_chat_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad = tmp_path / "no" / "such" / "dir" / "logs.db"
    with OpenAITestServer(replies=["still works", "again"]) as server, caplog.at_level(logging.WARNING):
        runtime_logging.start(config={"dbname": str(bad)})
        _chat(server)
        runtime_logging.stop()
    warnings = [r for r in caplog.records if "cannot write" in r.getMessage()]
    assert len(warnings) == 1
    assert not bad.exists()


def test_starting_twice_stops_the_first_session(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        first = runtime_logging.start(config={"dbname": str(tmp_path / "a.db")})
        runtime_logging.log_event("x", "in_first")
        second = runtime_logging.start(config={"dbname": str(tmp_path / "b.db")})
        runtime_logging.log_event("x", "in_second")
    assert first != second
    assert any(first in r.getMessage() for r in caplog.records)
    con = runtime_logging.get_connection()
    assert con is not None
    assert [r[0] for r in con.execute("SELECT event_name FROM events")] == ["in_second"]
    a = sqlite3.connect(tmp_path / "a.db")
    assert [r[0] for r in a.execute("SELECT event_name FROM events")] == ["in_first"]
    runtime_logging.stop()
    runtime_logging.stop()  # a second stop is harmless
    assert runtime_logging.get_connection() is None


def test_killed_process_keeps_the_earlier_rows(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    with OpenAITestServer(replies=[f"answer {i}" for i in range(400)]) as server:
        script = textwrap.dedent(f"""
            import sys
            import autogen.runtime_logging as rl
            from autogen import OpenAIWrapper
            rl.start(config={{"dbname": {str(db)!r}}})
            entry = {{"model": "gpt-4o", "base_url": {server.base_url!r}, "api_key": "k"}}
            w = OpenAIWrapper(config_list=[entry], cache_seed=None)
            for i in range(400):
                w.create(messages=[{{"role": "user", "content": f"q{{i}}"}}])
                if i == 5:
                    print("ready", flush=True)
        """)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    con = sqlite3.connect(db)
    count = con.execute("SELECT count(*) FROM chat_completions").fetchone()[0]
    assert count >= 6
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    last = con.execute("SELECT request FROM chat_completions ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(last)["messages"][0]["content"] == f"q{count - 1}"  # no gap before the last row
