"""The test server in a child process, for benchmarks.

`OpenAITestServer` runs in a thread of the test process, which is what tests want (scripts,
faults, recorded requests). A benchmark wants the opposite: the server's CPU must not compete
for the GIL with the code being measured. `OpenAITestServerProcess` runs
``python -m autogen.testing`` instead; it answers every request with its replies in turn.

Example::

    from openai import OpenAI
    from autogen.testing.process import OpenAITestServerProcess

    with OpenAITestServerProcess(replies=["pong"], latency=0.0) as server:
        with OpenAI(base_url=server.base_url, api_key=server.api_key) as client:
            reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "ping"}])
        assert reply.choices[0].message.content == "pong"
"""

from __future__ import annotations

import re
import select
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from autogen.exceptions import ScriptError, TestServerError
from autogen.testing._endpoint import DEFAULT_REPLY, Endpoint

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["OpenAITestServerProcess"]

_START_TIMEOUT = 30.0
_BASE_URL = re.compile(r"base_url http://[^\s]+:(\d+)/v1")


class OpenAITestServerProcess(Endpoint):
    """``python -m autogen.testing`` as a context manager: cycles through `replies` forever."""

    def __init__(
        self,
        replies: Sequence[str] = (DEFAULT_REPLY,),
        latency: float = 0.0,
        *,
        chunk_delay: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
    ) -> None:
        if not replies or not all(isinstance(r, str) for r in replies):
            raise ScriptError("OpenAITestServerProcess needs at least one reply, and replies must be str")
        super().__init__(host, port, api_key, latency, chunk_delay)
        self.replies = list(replies)
        self.latency = latency
        self.chunk_delay = chunk_delay
        self._process: subprocess.Popen[str] | None = None

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "stopped"
        return f"OpenAITestServerProcess({where})"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        """Start the child and wait until it prints where it listens."""
        if self.running:
            return self
        command = [sys.executable, "-m", "autogen.testing", "--host", self.host]
        command += [
            "--port",
            str(self._requested_port),
            "--latency",
            str(self.latency),
            "--chunk-delay",
            str(self.chunk_delay),
            "--api-key",
            self.api_key,
        ]
        for reply in self.replies:
            command += ["--reply", reply]
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self._process = process
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], _START_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        match = _BASE_URL.search(line)
        if match is None:
            self.stop()
            raise TestServerError(f"the test server process did not start (it printed {line!r})")
        self._port = int(match.group(1))
        return self

    def stop(self) -> None:
        """Ask the child to stop (SIGTERM), kill it if it does not, and close its pipes."""
        process, self._process, self._port = self._process, None, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
