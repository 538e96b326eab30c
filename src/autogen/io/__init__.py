"""Pluggable input and output for agents: console by default, anything with `print`/`input`.

`IOWebsockets` (a websocket server whose connections are streams) loads on first use, since it
needs the optional `websockets` package (`autogen[websockets]`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autogen._lazy import lazy_attributes
from autogen.io.base import InputStream, IOStream, OutputStream
from autogen.io.console import IOConsole

if TYPE_CHECKING:
    from autogen.io.websockets import IOWebsockets

IOStream.set_global_default(IOConsole())

__all__ = ["IOConsole", "IOStream", "IOWebsockets", "InputStream", "OutputStream"]

__getattr__, __dir__ = lazy_attributes(__name__, globals(), {"IOWebsockets": "autogen.io.websockets"})
