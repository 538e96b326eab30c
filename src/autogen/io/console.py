"""The default stream: stdout and stdin."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from autogen.io.base import IOStream

__all__ = ["IOConsole"]


class IOConsole(IOStream):
    """Prints to stdout and reads from stdin, as v0.2 did with `print` and `input`."""

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        print(*objects, sep=sep, end=end, flush=flush, file=sys.stdout)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return getpass.getpass(prompt) if password else input(prompt)
