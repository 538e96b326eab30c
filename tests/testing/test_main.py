"""`python -m autogen.testing`: the test server as a command."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys

import openai

COMMAND = [sys.executable, "-m", "autogen.testing"]


def test_help_lists_the_options() -> None:
    result = subprocess.run([*COMMAND, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for option in ("--port", "--reply", "--latency", "--api-key"):
        assert option in result.stdout


def test_serves_cycling_replies_until_ctrl_c() -> None:
    process = subprocess.Popen(
        [*COMMAND, "--port", "0", "--reply", "Hello", "--reply", "Again", "--latency", "0.01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        match = re.search(r"base_url (http://127\.0\.0\.1:\d+/v1)", first_line)
        assert match, first_line
        with openai.OpenAI(base_url=match.group(1), api_key="any", max_retries=0) as client:
            texts = [
                client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
                .choices[0]
                .message.content
                for _ in range(3)
            ]
        assert texts == ["Hello", "Again", "Hello"]
        assert process.stdout.readline().startswith("Press Ctrl-C")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "stopped" in out


def test_busy_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run([*COMMAND, "--port", port], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stdout
    assert "Traceback" not in result.stderr
