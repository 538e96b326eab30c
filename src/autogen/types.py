"""v0.2.3x's `autogen.types`: the typed shapes of message content that v0.2 annotations use."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = ["MessageContentType", "UserMessageImageContentPart", "UserMessageTextContentPart"]

MessageContentType = str | list[dict[str, Any] | str] | None
"""A message's `content`: text, a multimodal list of parts, or None (a pure tool call)."""


class UserMessageTextContentPart(TypedDict):
    type: Literal["text"]
    text: str
    """The text of this part."""


class UserMessageImageContentPart(TypedDict):
    type: Literal["image_url"]
    image_url: dict[Literal["url", "detail"], str]
    """`url` is an http(s) URL or a `data:` URI; `detail` is "auto", "low" or "high"."""
