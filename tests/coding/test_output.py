from __future__ import annotations

from autogen.coding._output import OutputCapper


def test_small_output_is_kept_whole() -> None:
    capper = OutputCapper(100)
    capper.feed(b"hello ")
    capper.feed(b"world")
    assert capper.text() == "hello world"
    assert not capper.truncated


def test_large_output_keeps_head_and_tail_with_a_marker() -> None:
    capper = OutputCapper(20)
    capper.feed(b"HEAD-" + b"x" * 1000)
    for _ in range(100):
        capper.feed(b"y" * 100)
    capper.feed(b"-TAIL")
    text = capper.text()
    assert text.startswith("HEAD-")
    assert text.endswith("-TAIL")
    assert "output truncated: 10990 bytes omitted" in text  # 11010 fed, 20 kept
    assert capper.truncated


def test_dropped_count_is_exact() -> None:
    capper = OutputCapper(10)
    capper.feed(b"a" * 7)
    capper.feed(b"b" * 7)
    capper.feed(b"c" * 7)
    assert capper.dropped == 21 - 10
    assert capper.text().endswith("ccccc")


def test_invalid_utf8_is_replaced_not_raised() -> None:
    capper = OutputCapper(100)
    capper.feed(b"ok \xff\xfe end")
    assert capper.text() == "ok \ufffd\ufffd end"


def test_multibyte_character_split_across_chunks_survives() -> None:
    capper = OutputCapper(100)
    data = "é".encode()
    capper.feed(data[:1])
    capper.feed(data[1:])
    assert capper.text() == "é"
