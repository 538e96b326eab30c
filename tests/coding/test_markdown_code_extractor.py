from __future__ import annotations

import pytest

from autogen.coding import CodeBlock, MarkdownCodeExtractor
from autogen.coding.markdown_code_extractor import UNKNOWN, content_str, extract_code, infer_lang


def test_extract_code_finds_blocks_with_languages() -> None:
    text = "Run this:\n```python\nprint('a')\n```\nthen\n```sh\necho b\n```\n"
    assert extract_code(text) == [("python", "print('a')"), ("sh", "echo b")]


def test_extract_code_without_block_returns_unknown_and_the_text() -> None:
    assert extract_code("no code here") == [(UNKNOWN, "no code here")]


def test_extract_code_untagged_block_has_empty_language() -> None:
    assert extract_code("```\nx = 1\n```") == [("", "x = 1")]


def test_extract_code_single_line_detection() -> None:
    text = "Use `pip install x` and\n```python\nprint(1)\n```"
    assert extract_code(text, detect_single_line_code=True) == [("", "pip install x"), ("python", "print(1)")]
    assert extract_code("plain", detect_single_line_code=True) == []


def test_extract_code_reads_multimodal_content() -> None:
    content = [{"type": "text", "text": "```python\nprint(1)\n```"}, {"type": "image_url", "image_url": {}}]
    assert extract_code(content) == [("python", "print(1)")]


@pytest.mark.parametrize(
    ("code", "lang"),
    [("print('x')", "python"), ("python script.py", "sh"), ("pip install numpy", "sh"), ("x = = 1", UNKNOWN)],
)
def test_infer_lang(code: str, lang: str) -> None:
    assert infer_lang(code) == lang


def test_content_str_handles_none_str_and_parts() -> None:
    assert content_str(None) == ""
    assert content_str("hi") == "hi"
    assert (
        content_str([{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {"url": "u"}}])
        == "a<image>"
    )


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (42, TypeError),
        ([{"text": "no type"}], TypeError),
        (["str part"], TypeError),
        ([{"type": "audio"}], ValueError),
    ],
)
def test_content_str_rejects_malformed_content(bad: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        content_str(bad)  # type: ignore[arg-type]


def test_markdown_extractor_infers_missing_language_and_ignores_plain_text() -> None:
    extractor = MarkdownCodeExtractor()
    assert extractor.extract_code_blocks("```\nprint(1)\n```") == [
        CodeBlock(code="print(1)", language="python")
    ]
    assert extractor.extract_code_blocks("just words") == []
    assert extractor.extract_code_blocks(None) == []
