"""`autogen.exception_utils` (v0.2.3x path) holds the very classes `autogen.exceptions` raises."""

from __future__ import annotations

import pytest

import autogen.exception_utils as eu
from autogen import exceptions


@pytest.mark.parametrize("name", eu.__all__)
def test_same_class_objects(name: str) -> None:
    assert getattr(eu, name) is getattr(exceptions, name)
    assert issubclass(getattr(eu, name), exceptions.AgentError)


def test_a_raised_no_eligible_speaker_is_caught_under_the_old_path() -> None:
    with pytest.raises(eu.NoEligibleSpeaker):
        raise exceptions.NoEligibleSpeaker("nobody")
