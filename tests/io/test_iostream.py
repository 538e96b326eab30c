"""IOStream defaults (context-variable based, as v0.2.35) and the base/console import order."""

from __future__ import annotations

import ast
import asyncio
import inspect
from typing import Any

import autogen.io.base
from autogen.io import IOConsole, IOStream


class Recorder:
    def __init__(self) -> None:
        self.text = ""

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.text += sep.join(map(str, objects)) + end

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return "typed"


def test_global_default_is_the_console_and_blocks_override_it() -> None:
    assert isinstance(IOStream.get_global_default(), IOConsole)
    assert IOStream.get_default() is IOStream.get_global_default()
    outer, inner = Recorder(), Recorder()
    with IOStream.set_default(outer):  # type: ignore[arg-type]
        with IOStream.set_default(inner):  # type: ignore[arg-type]
            IOStream.get_default().print("a", 1)
        IOStream.get_default().print("b")
    assert (outer.text, inner.text) == ("b\n", "a 1\n")
    assert IOStream.get_default() is IOStream.get_global_default()


async def test_concurrent_tasks_keep_their_own_stream() -> None:
    async def speak(word: str) -> str:
        rec = Recorder()
        with IOStream.set_default(rec):  # type: ignore[arg-type]
            for _ in range(3):
                await asyncio.sleep(0)
                IOStream.get_default().print(word, end="")
        return rec.text

    assert await asyncio.gather(speak("x"), speak("y")) == ["xxx", "yyy"]


def test_base_does_not_import_console() -> None:
    tree = ast.parse(inspect.getsource(autogen.io.base))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not any(name.startswith("autogen.io.") for name in imported), imported
