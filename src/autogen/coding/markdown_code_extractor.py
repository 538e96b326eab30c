"""Finding code in messages: markdown fences, language tags, and v0.2's language guess."""

from __future__ import annotations

import re
from typing import Any

from autogen._content import content_str
from autogen.coding.base import CodeBlock

__all__ = [
    "CODE_BLOCK_PATTERN",
    "UNKNOWN",
    "MarkdownCodeExtractor",
    "content_str",
    "extract_code",
    "infer_lang",
]

CODE_BLOCK_PATTERN = r"```[ \t]*(\w+)?[ \t]*\r?\n(.*?)\r?\n[ \t]*```"
"""A fenced block: an optional language word after the opening fence, then the code (v0.2's pattern)."""

UNKNOWN = "unknown"
"""The language of text with no code block in it, and of code whose language cannot be told."""

_INLINE_OR_BLOCK = re.compile(CODE_BLOCK_PATTERN + r"|`([^`]+)`", flags=re.DOTALL)


def infer_lang(code: str) -> str:
    """Guess an untagged block's language: shell if it runs python/pip, python if it compiles."""
    if code.startswith(("python ", "pip", "python3 ")):
        return "sh"
    try:
        compile(code, "<code block>", "exec")
    except (SyntaxError, ValueError):
        return UNKNOWN
    return "python"


def extract_code(
    text: str | list[dict[str, Any]] | None,
    pattern: str = CODE_BLOCK_PATTERN,
    detect_single_line_code: bool = False,
) -> list[tuple[str, str]]:
    """(language, code) pairs found in `text`; `[(UNKNOWN, text)]` when there is no block.

    With `detect_single_line_code`, inline `code` spans count too (language ""), and text with
    no code gives an empty list, as in v0.2.
    """
    text = content_str(text)
    if not detect_single_line_code:
        found = re.findall(pattern, text, flags=re.DOTALL)
        return found if found else [(UNKNOWN, text)]
    extracted: list[tuple[str, str]] = []
    for lang, block, inline in _INLINE_OR_BLOCK.findall(text):
        if block:
            extracted.append((lang.strip(), block.strip()))
        elif inline:
            extracted.append(("", inline.strip()))
    return extracted


class MarkdownCodeExtractor:
    """Extracts fenced markdown code blocks; an untagged block's language is inferred."""

    def extract_code_blocks(self, message: str | list[dict[str, Any]] | None) -> list[CodeBlock]:
        text = content_str(message)
        blocks: list[CodeBlock] = []
        for lang, code in re.findall(CODE_BLOCK_PATTERN, text, flags=re.DOTALL):
            blocks.append(CodeBlock(code=code, language=lang or infer_lang(code)))
        return blocks
