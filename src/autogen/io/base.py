"""Where an agent prints and asks for input: a two-method protocol, swappable per context.

The console is the default. A web app or a test sets its own stream for a block of code:

    with IOStream.set_default(my_stream):
        user.initiate_chat(assistant, message="hi")

The default lives in a context variable, so concurrent conversations (tasks) can use different
streams, and the sync facade carries it across to the bridge thread. This module knows no
implementation: `autogen.io` installs the console as the global default, so imports run one way
(console -> base), never back.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Protocol, runtime_checkable

__all__ = ["InputStream", "IOStream", "OutputStream"]


@runtime_checkable
class OutputStream(Protocol):
    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        """Show text to the person (or test) on the other side."""
        ...


@runtime_checkable
class InputStream(Protocol):
    def input(self, prompt: str = "", *, password: bool = False) -> str:
        """Ask the person for one line of text; `password` hides what is typed."""
        ...


class IOStream(InputStream, OutputStream, Protocol):
    """Both halves. `IOStream.get_default()` is what agents use."""

    _default: ClassVar[contextvars.ContextVar[IOStream | None]] = contextvars.ContextVar(
        "autogen_iostream", default=None
    )
    _global_default: ClassVar[IOStream | None] = None

    @staticmethod
    def get_default() -> IOStream:
        """The stream of the current `set_default` block, else the global default (the console)."""
        stream = IOStream._default.get()
        return stream if stream is not None else IOStream.get_global_default()

    @staticmethod
    def get_global_default() -> IOStream:
        """The stream used outside any `set_default` block (`autogen.io` sets the console)."""
        stream = IOStream._global_default
        if stream is None:
            raise RuntimeError("No global default IOStream has been set")
        return stream

    @staticmethod
    def set_global_default(stream: IOStream) -> None:
        """Use `stream` wherever no `set_default` block says otherwise."""
        IOStream._global_default = stream

    @staticmethod
    @contextmanager
    def set_default(stream: IOStream | None) -> Iterator[None]:
        token = IOStream._default.set(stream)
        try:
            yield
        finally:
            IOStream._default.reset(token)
