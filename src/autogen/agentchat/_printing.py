"""How a received message is shown: v0.2's transcript format, through the IO stream.

```
user_proxy (to assistant):

<content>

--------------------------------------------------------------------------------
```
Function and tool calls and their results get a banner of asterisks. Colours are ANSI codes, used
only when the stream is the console and stdout is a terminal (and `NO_COLOR` is unset), so logs,
pipes, tests and web streams get plain text.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from autogen._content import content_str
from autogen.io import IOConsole, IOStream

__all__ = ["colour", "print_received_message", "use_colour"]

_CODES = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36}


def use_colour(stream: IOStream) -> bool:
    """Whether `stream` is a terminal that shows ANSI colours."""
    return isinstance(stream, IOConsole) and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def colour(text: str, name: str, on: bool) -> str:
    """`text` wrapped in the ANSI code for `name` when `on`, else unchanged."""
    return f"\x1b[{_CODES[name]}m{text}\x1b[0m" if on else text


def _instantiate(content: Any, context: dict[str, Any] | None, allow_format: bool) -> Any:
    if not context:
        return content
    if callable(content):
        return content(context)
    if allow_format and isinstance(content, str):
        return content.format(**context)
    return content


def print_received_message(
    message: dict[str, Any], sender_name: str, recipient_name: str, allow_format: bool = False
) -> None:
    """Show `message` as received by `recipient_name` from `sender_name`."""
    stream = IOStream.get_default()
    on = use_colour(stream)
    stream.print(colour(sender_name, "yellow", on), "(to", f"{recipient_name}):\n", flush=True)
    _print_body(stream, message, on, allow_format)
    stream.print("\n", "-" * 80, flush=True, sep="")


def _banner(stream: IOStream, title: str, body: Any, on: bool, arguments: bool = False) -> None:
    stream.print(colour(title, "green", on), flush=True)
    if arguments:
        stream.print("Arguments: \n", body, flush=True, sep="")
    else:
        stream.print(body, flush=True)
    stream.print(colour("*" * len(title), "green", on), flush=True)


def _print_body(stream: IOStream, message: dict[str, Any], on: bool, allow_format: bool) -> None:
    responses = message.get("tool_responses")
    if responses:
        for response in responses:
            _print_body(stream, response, on, allow_format)
        if message.get("role") == "tool":
            return  # its content only repeats the responses
    role = message.get("role")
    if role in ("function", "tool"):
        ident = message.get("name" if role == "function" else "tool_call_id", "No id found")
        _banner(stream, f"***** Response from calling {role} ({ident}) *****", message.get("content"), on)
        return
    content = message.get("content")
    if content is not None:
        if "context" in message:
            content = _instantiate(content, message["context"], allow_format)
        stream.print(content_str(content, strict=False), flush=True)
    call = message.get("function_call")
    if call:
        call = dict(call)
        title = f"***** Suggested function call: {call.get('name', '(No function name found)')} *****"
        _banner(stream, title, call.get("arguments", "(No arguments found)"), on, arguments=True)
    for tool_call in message.get("tool_calls") or []:
        ident = tool_call.get("id", "No tool call id found")
        function = dict(tool_call.get("function", {}))
        title = (
            f"***** Suggested tool call ({ident}): {function.get('name', '(No function name found)')} *****"
        )
        _banner(stream, title, function.get("arguments", "(No arguments found)"), on, arguments=True)
