"""Message content as text: the one `content_str` of the package.

At the bottom of the house so that the agents, the group chat and code extraction share it
without importing each other; `autogen.code_utils.content_str` (v0.2's path) and
`autogen.coding.markdown_code_extractor.content_str` hand it on.
"""

from __future__ import annotations

from typing import Any

from autogen.exceptions import InvalidMessageError

__all__ = ["content_str"]


def content_str(content: Any, sep: str = "", *, strict: bool = True) -> str:
    """A message's content as text: multimodal parts joined by `sep`, images shown as `<image>`.

    The one implementation for the whole package (`autogen.code_utils.content_str` in v0.2).
    Parts may be dicts or SDK objects. `strict` (v0.2's behaviour) raises TypeError for content
    that is not None, a str or a list of typed parts, and ValueError for an unknown part type;
    `strict=False` (for printing and storing what a model or a user sent) renders such content
    with `str` instead.
    """
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        if strict:
            raise InvalidMessageError(
                f"message content must be None, a str or a list of parts, not {type(content).__name__}"
            )
        return str(content)
    parts: list[str] = []
    for item in content:
        kind = _field(item, "type")
        if kind == "text":
            parts.append(str(_field(item, "text") or ""))
        elif kind == "image_url":
            parts.append("<image>")
        elif not strict:
            parts.append(str(item))
        elif kind is None:
            raise InvalidMessageError(
                f"each part of a multimodal content list must be a dict with a 'type', got {item!r}"
            )
        else:
            raise InvalidMessageError(f"unknown content part type {kind!r} (expected 'text' or 'image_url')")
    return sep.join(parts)


def _field(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
