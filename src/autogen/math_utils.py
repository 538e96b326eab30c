"""v0.2's `autogen.math_utils`: grading answers to competition-math problems (the MATH benchmark).

An answer is the content of the last `\\boxed{...}` (or `\\fbox{...}`) in a response. Two answers
are equivalent when they are equal after the MATH benchmark's normalisation: LaTeX spacing,
`\\left`/`\\right`, degrees, dollars, percent signs and trailing `\\text{ units}` are dropped,
`tfrac`/`dfrac` become `frac`, `\\frac12` becomes `\\frac{1}{2}`, `\\sqrt3` becomes `\\sqrt{3}`,
`a/b` of integers becomes `\\frac{a}{b}`, `0.5` becomes `\\frac{1}{2}`, a short `x = ` prefix goes.

`solve_problem` asks a model through `autogen.Completion` (so it needs a config list, or the test
server) and votes over the answers of the returned choices.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

__all__ = [
    "eval_math_responses",
    "get_answer",
    "is_equiv",
    "is_equiv_chain_of_thought",
    "last_boxed_only_string",
    "remove_boxed",
    "solve_problem",
    "voting_counts",
]

logger = logging.getLogger(__name__)

_MATH_PROMPT = (
    "{problem} Solve the problem carefully. Simplify your answer as much as possible. "
    "Put the final answer in \\boxed{{}}."
)


def solve_problem(problem: str, **config: Any) -> tuple[str | None, float]:
    """Ask the model `problem`; return (the response whose answer won the vote, the cost)."""
    from autogen.code_utils import DEFAULT_MODEL
    from autogen.oai.completion import Completion

    params: dict[str, Any] = {"model": DEFAULT_MODEL, "prompt": _MATH_PROMPT, **config}
    response = Completion.create({"problem": problem}, allow_format_str_template=True, **params)
    results = eval_math_responses(Completion.extract_text(response))
    return results.get("voted_answer"), float(getattr(response, "cost", 0.0) or 0.0)


def remove_boxed(string: str) -> str | None:
    """`\\boxed{X}` -> `X`; None when `string` is not exactly one boxed expression."""
    left = "\\boxed{"
    if string.startswith(left) and string.endswith("}"):
        return string[len(left) : -1]
    return None


def last_boxed_only_string(string: str) -> str | None:
    """The last `\\boxed{...}` (else `\\fbox{...}`) in `string` with balanced braces, or None."""
    start = string.rfind("\\boxed")
    if start < 0:
        start = string.rfind("\\fbox")
        if start < 0:
            return None
    depth = 0
    for i in range(start, len(string)):
        if string[i] == "{":
            depth += 1
        elif string[i] == "}":
            depth -= 1
            if depth == 0:
                return string[start : i + 1]
    return None


def _braced_arg(rest: str) -> tuple[str, str] | None:
    """Split one macro argument off `rest`: `{..}` as is, else a single character braced."""
    if not rest:
        return None
    if rest[0] == "{":
        return "", rest
    return "{" + rest[0] + "}", rest[1:]


def _fix_fracs(string: str) -> str:
    head, *parts = string.split("\\frac")
    out = [head]
    for part in parts:
        if part.startswith("{"):
            out.append("\\frac" + part)
            continue
        if len(part) < 2:
            return string  # "\frac" with fewer than two arguments: leave it alone
        numerator, second = "{" + part[0] + "}", part[1:]
        if second.startswith("{"):
            out.append("\\frac" + numerator + second)
        else:
            out.append("\\frac" + numerator + "{" + second[0] + "}" + second[1:])
    return "".join(out)


def _fix_a_slash_b(string: str) -> str:
    match = re.fullmatch(r"(-?\d+)/(-?\d+)", string)
    if match is None or string != f"{int(match[1])}/{int(match[2])}":
        return string
    return "\\frac{" + str(int(match[1])) + "}{" + str(int(match[2])) + "}"


def _fix_sqrt(string: str) -> str:
    head, *parts = string.split("\\sqrt")
    out = [head]
    for part in parts:
        arg = _braced_arg(part)
        out.append("\\sqrt" + (part if arg is None else arg[0] + arg[1]))
    return "".join(out)


def _remove_right_units(string: str) -> str:
    if "\\text{ " not in string:
        return string
    value, *units = string.split("\\text{ ")
    if len(units) != 1:
        raise ValueError("more than one unit")
    return value


def _strip_string(string: str) -> str:
    """The MATH benchmark's normal form of an answer (see the module docstring)."""
    for old, new in (
        ("\n", ""), ("\\!", ""), ("\\\\", "\\"), ("tfrac", "frac"), ("dfrac", "frac"),
        ("\\left", ""), ("\\right", ""), ("^{\\circ}", ""), ("^\\circ", ""), ("\\$", ""),
    ):  # fmt: skip
        string = string.replace(old, new)
    string = _remove_right_units(string)
    string = string.replace("\\%", "").replace("%", "")
    string = string.replace(" .", " 0.").replace("{.", "{0.")
    if not string:
        return string
    if string.startswith("."):
        string = "0" + string
    sides = string.split("=")
    if len(sides) == 2 and len(sides[0]) <= 2:  # "k = 5" -> "5"
        string = sides[1]
    string = _fix_sqrt(string).replace(" ", "")
    string = _fix_fracs(string)
    if string == "0.5":
        string = "\\frac{1}{2}"
    return _fix_a_slash_b(string)


def get_answer(solution: str | None) -> str | None:
    """The content of the last boxed expression in `solution`, or None."""
    if solution is None:
        return None
    boxed = last_boxed_only_string(solution)
    return None if boxed is None else remove_boxed(boxed)


def is_equiv(str1: str | None, str2: str | None) -> float:
    """1.0 when the two answers are equal after normalisation, else 0.0 (both None: 1.0)."""
    if str1 is None and str2 is None:
        logger.warning("is_equiv: both answers are None")
        return 1.0
    if str1 is None or str2 is None:
        return 0.0
    try:
        return float(_strip_string(str1) == _strip_string(str2))
    except ValueError:
        return float(str1 == str2)


def is_equiv_chain_of_thought(str1: str | None, str2: str | None) -> float:
    """`is_equiv` of the boxed answers of two full solutions."""
    return is_equiv(get_answer(str1), get_answer(str2))


def voting_counts(responses: Sequence[str]) -> dict[int, int]:
    """Votes per distinct answer, keyed by the first response giving it (no answer: not counted)."""
    answers: dict[int, int] = {}
    for i, response in enumerate(responses):
        if get_answer(response) is None:
            continue
        same = next((j for j in answers if is_equiv_chain_of_thought(response, responses[j])), i)
        answers[same] = answers.get(same, 0) + 1
    return answers


def eval_math_responses(responses: Sequence[str], solution: str | None = None, **args: Any) -> dict[str, Any]:
    """Vote over `responses`; with `solution`, also say whether they (and the vote) are right.

    Returns `expected_success` (chance that at least one of n samples is right), `success` (any
    is right), `success_vote` (the voted answer is right), `voted_answer` (that response) and
    `votes` (how many agreed).
    """
    n = len(responses)
    if not n:
        return {"expected_success": 0, "success": False, "success_vote": 0, "voted_answer": None, "votes": 0}
    successes = [is_equiv_chain_of_thought(r, solution) for r in responses] if solution is not None else []
    answer, votes = max(voting_counts(responses).items(), key=lambda kv: kv[1], default=(0, 0))
    return {
        "expected_success": 1 - pow(1 - sum(successes) / n, n),
        "success": any(successes),
        "success_vote": is_equiv_chain_of_thought(responses[answer], solution),
        "voted_answer": responses[answer],
        "votes": votes,
    }
