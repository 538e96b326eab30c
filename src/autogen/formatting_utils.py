"""v0.2.3x's `autogen.formatting_utils.colored`: ANSI colours for terminal output.

v0.2 wrapped `termcolor` when it was installed and returned the text unchanged otherwise. This
module always colours (the codes below are termcolor's), and honours `NO_COLOR` as termcolor does,
so no extra package is needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = ["colored"]

_COLORS = {
    "black": 30, "grey": 30, "red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35,
    "cyan": 36, "light_grey": 37, "white": 97, "dark_grey": 90, "light_red": 91, "light_green": 92,
    "light_yellow": 93, "light_blue": 94, "light_magenta": 95, "light_cyan": 96,
}  # fmt: skip
_ATTRS = {
    "bold": 1,
    "dark": 2,
    "italic": 3,
    "underline": 4,
    "blink": 5,
    "reverse": 7,
    "concealed": 8,
    "strike": 9,
}


def colored(
    text: object,
    color: str | None = None,
    on_color: str | None = None,
    attrs: Iterable[str] | None = None,
) -> str:
    """`text` with ANSI codes for `color`, background `on_color` ("on_red" or "red") and `attrs`.

    Unknown names raise `KeyError`, as termcolor does; with `NO_COLOR` set the text is returned plain.
    """
    result = str(text)
    if os.environ.get("NO_COLOR"):
        return result
    codes: list[int] = []
    if color is not None:
        codes.append(_COLORS[color])
    if on_color is not None:
        codes.append(_COLORS[on_color.removeprefix("on_")] + 10)
    codes.extend(_ATTRS[a] for a in attrs or ())
    if not codes:
        return result
    return "".join(f"\x1b[{c}m" for c in codes) + result + "\x1b[0m"
