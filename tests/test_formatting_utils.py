from __future__ import annotations

import pytest

from autogen.formatting_utils import colored


def test_colour_background_and_attributes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colored("hi", "red") == "\x1b[31mhi\x1b[0m"
    assert colored("hi", "green", "on_blue", attrs=["bold"]) == "\x1b[32m\x1b[44m\x1b[1mhi\x1b[0m"
    assert colored(3) == "3"


def test_no_color_and_unknown_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert colored("hi", "red") == "hi"
    monkeypatch.delenv("NO_COLOR")
    with pytest.raises(KeyError):
        colored("hi", "ultraviolet")
