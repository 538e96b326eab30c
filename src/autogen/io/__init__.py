"""Pluggable input and output for agents: console by default, anything with `print`/`input`."""

from autogen.io.base import InputStream, IOStream, OutputStream
from autogen.io.console import IOConsole

__all__ = ["IOConsole", "IOStream", "InputStream", "OutputStream"]
