"""The MATH-benchmark answer checks of v0.2's `autogen.math_utils`."""

from __future__ import annotations

from typing import Any

import pytest

from autogen.math_utils import (
    eval_math_responses,
    get_answer,
    is_equiv,
    last_boxed_only_string,
    remove_boxed,
    solve_problem,
    voting_counts,
)
from autogen.testing import OpenAITestServer


def test_boxed_extraction() -> None:
    text = "first \\boxed{1} then \\boxed{\\frac{2}{3}} done"
    assert last_boxed_only_string(text) == "\\boxed{\\frac{2}{3}}"
    assert remove_boxed("\\boxed{\\frac{2}{3}}") == "\\frac{2}{3}"
    assert remove_boxed("\\frac{2}{3}") is None
    assert last_boxed_only_string("\\fbox{7}") == "\\fbox{7}"
    assert last_boxed_only_string("\\boxed{unclosed") is None
    assert get_answer("no box") is None and get_answer(None) is None
    assert get_answer("so \\boxed{42}.") == "42"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("\\frac12", "\\frac{1}{2}", 1.0),
        ("0.5", "\\frac{1}{2}", 1.0),
        ("1/2", "\\dfrac{1}{2}", 1.0),
        ("\\sqrt3", "\\sqrt{3}", 1.0),
        ("x = 5", "5", 1.0),
        ("90^\\circ", "90", 1.0),
        ("10\\%", "10", 1.0),
        ("5 \\text{ cm}", "5", 1.0),
        ("\\left(1,2\\right)", "(1,2)", 1.0),
        ("\\frac1{72}", "\\frac{1}{72}", 1.0),
        (".5", "0.5", 1.0),
        ("3", "4", 0.0),
        (None, "4", 0.0),
    ],
)
def test_is_equiv(a: str | None, b: str, same: float) -> None:
    assert is_equiv(a, b) == same


def test_voting_and_evaluation() -> None:
    responses = ["\\boxed{\\frac12}", "\\boxed{0.5}", "\\boxed{3}", "no answer"]
    assert voting_counts(responses) == {0: 2, 2: 1}
    result = eval_math_responses(responses, solution="the answer is \\boxed{1/2}")
    assert result["voted_answer"] == responses[0] and result["votes"] == 2
    assert result["success"] is True and result["success_vote"] == 1.0
    assert 0 < result["expected_success"] < 1
    assert eval_math_responses([])["voted_answer"] is None


def test_solve_problem_asks_the_model_and_votes(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue("Adding gives \\boxed{4}.")
    config: dict[str, Any] = openai_server.config_list(model="gpt-4")[0]
    answer, cost = solve_problem("What is 2+2?", config_list=[config], cache_seed=None)
    assert answer is not None and get_answer(answer) == "4"
    assert cost > 0
    assert "What is 2+2? Solve the problem carefully" in openai_server.requests[0].json["prompt"]
