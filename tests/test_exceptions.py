"""The one exception tree: every class drawn in the docstring, each catchable as v0.2 callers do."""

from __future__ import annotations

import inspect

import pytest

from autogen import exceptions as ex


def test_every_error_class_is_drawn_in_the_tree() -> None:
    classes = [n for n, o in vars(ex).items() if inspect.isclass(o) and issubclass(o, ex.AutogenError)]
    assert sorted(classes) == sorted(n for n in ex.__all__ if n not in ("redact",))
    tree = ex.__doc__ or ""
    assert [n for n in classes if n not in tree] == []


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (ex.SenderRequired, AssertionError),
        (ex.InvalidTriggerError, ValueError),
        (ex.SpeakerSelectionError, ValueError),
        (ex.AgentNameConflict, ValueError),
        (ex.ChatQueueError, AssertionError),
        (ex.PeerNotFoundError, KeyError),
        (ex.ToolArgumentError, ValueError),
        (ex.MalformedArgumentsError, ValueError),
        (ex.InvalidMessageError, TypeError),
        (ex.GroupChatConfigError, ValueError),
        (ex.ReplyFunctionError, TypeError),
        (ex.NoEndpointError, ValueError),
        (ex.ScriptError, ValueError),
        (ex.TestServerError, RuntimeError),
        (ex.DamagedPackageError, RuntimeError),
    ],
)
def test_subclasses_the_builtin_v02_callers_catch(cls: type, builtin: type) -> None:
    assert issubclass(cls, ex.AutogenError) and issubclass(cls, builtin)


def test_key_error_subclasses_print_plainly() -> None:
    assert str(ex.PeerNotFoundError("agent 'x' is not here")) == "agent 'x' is not here"
