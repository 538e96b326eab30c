"""Speaker-transition graphs: validation errors name the culprit; inversion and self loops."""

from __future__ import annotations

import logging

import pytest

from autogen.graph_utils import (
    check_graph_validity,
    has_self_loops,
    invert_disallowed_to_allowed,
    visualize_speaker_transitions_dict,
)


class Named:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Named({self.name!r})"


@pytest.fixture
def trio() -> list[Named]:
    return [Named("a"), Named("b"), Named("c")]


def test_has_self_loops(trio: list[Named]) -> None:
    a, b, c = trio
    assert not has_self_loops({a: [b], b: [c], c: [a]})
    assert has_self_loops({a: [b], b: [b, c], c: [a]})


def test_invert_disallowed_keeps_everything_else(trio: list[Named]) -> None:
    a, b, c = trio
    allowed = invert_disallowed_to_allowed({a: [b], b: [a, b]}, trio)
    assert allowed[a] == [a, c]
    assert allowed[b] == [c]
    assert allowed[c] == [a, b, c]  # untouched agents stay fully connected, self loop included


def test_valid_graph_passes(trio: list[Named]) -> None:
    a, b, c = trio
    check_graph_validity({a: [b], b: [c], c: [a]}, trio)


def test_not_a_dict() -> None:
    with pytest.raises(ValueError, match="must be a dict"):
        check_graph_validity([("a", "b")], [])


def test_unknown_key_is_named(trio: list[Named]) -> None:
    a, b, _ = trio
    stranger = Named("stranger")
    with pytest.raises(ValueError, match=r"'stranger' as a key.*not an agent of this group chat"):
        check_graph_validity({a: [b], stranger: [a]}, trio)


def test_unknown_target_is_named(trio: list[Named]) -> None:
    a, b, c = trio
    with pytest.raises(ValueError, match=r"'ghost' among the transitions of 'a'"):
        check_graph_validity({a: [b, Named("ghost")], b: [c], c: [a]}, trio)


def test_value_must_be_a_list(trio: list[Named]) -> None:
    a, b, c = trio
    with pytest.raises(ValueError, match="transitions of 'a' must be a list"):
        check_graph_validity({a: b, b: [c]}, trio)


def test_isolated_agent_is_an_error(trio: list[Named]) -> None:
    a, b, _ = trio
    with pytest.raises(ValueError, match="Agent 'c' has no transition to or from any other agent"):
        check_graph_validity({a: [b], b: [a]}, trio)


def test_self_loop_only_counts_as_isolated(trio: list[Named]) -> None:
    a, b, c = trio
    with pytest.raises(ValueError, match="Agent 'c'"):
        check_graph_validity({a: [b], b: [a], c: [c]}, trio)


def test_start_only_and_end_only_agents_are_legal(
    trio: list[Named], caplog: pytest.LogCaptureFixture
) -> None:
    a, b, c = trio
    with caplog.at_level(logging.DEBUG, logger="autogen.graph_utils"):
        check_graph_validity({a: [b], b: [c]}, trio)  # a only starts, c only ends
    assert "'a' can speak only at the start" in caplog.text
    assert "'c'; the chat ends" in caplog.text


def test_duplicate_names(trio: list[Named]) -> None:
    a, b, _ = trio
    twin = Named("a")
    with pytest.raises(ValueError, match="named 'a'"):
        check_graph_validity({a: [b], b: [twin]}, [a, b, twin])


def test_self_loops_forbidden_by_allow_repeat(trio: list[Named]) -> None:
    a, b, c = trio
    graph = {a: [a, b], b: [c], c: [a]}
    check_graph_validity(graph, trio, allow_repeat_speaker=True)
    check_graph_validity(graph, trio, allow_repeat_speaker=[a])
    with pytest.raises(ValueError, match="lets 'a' speak twice in a row"):
        check_graph_validity(graph, trio, allow_repeat_speaker=False)
    with pytest.raises(ValueError, match="lets 'a' speak twice"):
        check_graph_validity(graph, trio, allow_repeat_speaker=[b])


def test_visualize_exports_or_names_missing_packages(trio: list[Named], tmp_path: object) -> None:
    a, b, c = trio
    try:
        import matplotlib  # noqa: F401
        import networkx  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"autogen\[graph\]"):
            visualize_speaker_transitions_dict({a: [b]}, trio)
        return
    import matplotlib

    matplotlib.use("Agg")
    out = f"{tmp_path}/graph.png"
    visualize_speaker_transitions_dict({a: [b], b: [c]}, trio, export_path=out)
    import os

    assert os.path.getsize(out) > 0
