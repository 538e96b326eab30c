"""v0.2's code-generation helpers (`autogen.code_utils.generate_code`, `implement`, ...).

They ask a model through the legacy `autogen.Completion` API with v0.2's prompts (format-string
templates filled from a context) and return `(text, cost)`. Candidate code is only ever run
through `execute_code`, that is in the local sandbox (or Docker when asked for and present),
never with `exec` in this process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from autogen.coding._execute_code import execute_code
from autogen.coding.markdown_code_extractor import CODE_BLOCK_PATTERN, extract_code

__all__ = [
    "PassAssertionFilter",
    "eval_function_completions",
    "generate_assertions",
    "generate_code",
    "implement",
    "improve_code",
    "improve_function",
]

DEFAULT_MODEL = "gpt-4"
FAST_MODEL = "gpt-3.5-turbo"

_IMPROVE_FUNCTION_PROMPT = (
    "Improve the function '{func_name}' to achieve the objective '{objective}'.\n"
    "The current implementation of the function is as follows:\n{file_string}"
)
_IMPROVE_CODE_PROMPT = (
    "Analyze the code in the following files and return a list of suggestions for improvement"
    "{followup}, to achieve the objective of '{objective}'.\n{code}\n"
)
_ASSERTIONS_PROMPT = (
    "Given the signature and docstring, write the exactly same number of assertion(s) for the "
    "provided example(s) in the docstring, without assertion messages.\n\nfunc signature:\n"
    "{definition}\nassertions:"
)
_FUNC_COMPLETION_PROMPT = "# Python 3{definition}"
_FUNC_COMPLETION_STOP = ["\nclass", "\ndef", "\nif", "\nprint"]
_STOP = {"stop": _FUNC_COMPLETION_STOP}
_IMPLEMENT_CONFIGS: list[dict[str, Any]] = [
    {"model": FAST_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, "temperature": 0, "cache_seed": 0},
    {"model": FAST_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, **_STOP, "n": 7, "cache_seed": 0},
    {"model": DEFAULT_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, "temperature": 0, "cache_seed": 1},
    {"model": DEFAULT_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, **_STOP, "n": 2, "cache_seed": 2},
    {"model": DEFAULT_MODEL, "prompt": _FUNC_COMPLETION_PROMPT, **_STOP, "n": 1, "cache_seed": 2},
]
"""v0.2's ladder for `implement`: cheap model first, more samples, then the strong model."""

AssertionSource = str | Callable[[str], tuple[str, float]] | None


def _ask(context: dict[str, Any] | None, **params: Any) -> tuple[list[str], float, Any]:
    from autogen.oai.completion import Completion

    response = Completion.create(context, allow_format_str_template=True, **params)
    return Completion.extract_text(response), float(getattr(response, "cost", 0.0) or 0.0), response


def generate_code(pattern: str = CODE_BLOCK_PATTERN, **config: Any) -> tuple[list[tuple[str, str]], float]:
    """Ask for code (`config` is a `Completion.create` request); return its code blocks and the cost."""
    texts, cost, _ = _ask(None, **config)
    return extract_code(texts[0], pattern), cost


def improve_function(file_name: str, func_name: str, objective: str, **config: Any) -> tuple[str, float]:
    """Ask for a better `func_name` in `file_name`, towards `objective`; return (suggestion, cost)."""
    params = {"prompt": _IMPROVE_FUNCTION_PROMPT, "model": DEFAULT_MODEL, **config}
    source = Path(file_name).read_text(encoding="utf-8")
    context = {"func_name": func_name, "objective": objective, "file_string": source}
    texts, cost, _ = _ask(context, **params)
    return texts[0], cost


def improve_code(
    files: list[str], objective: str, suggest_only: bool = True, **config: Any
) -> tuple[str, float]:
    """Ask for suggestions (and, unless `suggest_only`, improved code) for `files`; return (text, cost)."""
    code = "".join(f"{name}:\n{Path(name).read_text(encoding='utf-8')}\n\n" for name in files)
    params = {"prompt": _IMPROVE_CODE_PROMPT, "model": DEFAULT_MODEL, **config}
    followup = "" if suggest_only else " followed by the improved code"
    texts, cost, _ = _ask({"objective": objective, "code": code, "followup": followup}, **params)
    return texts[0], cost


def generate_assertions(definition: str, **config: Any) -> tuple[str, float]:
    """Ask for assertions matching the examples in a function's docstring; return (assertions, cost)."""
    params = {"prompt": _ASSERTIONS_PROMPT, "model": FAST_MODEL, "max_tokens": 256, "stop": "\n\n", **config}
    texts, cost, _ = _ask({"definition": definition}, **params)
    return texts[0], cost


def _remove_check(response: str) -> str:
    """Drop a `def check(` the model appended (it would shadow the gold test's)."""
    pos = response.find("def check(")
    return response if pos == -1 else response[:pos]


def _program(definition: str, response: str, tail: str) -> str:
    return f"{response}\n{tail}" if response.startswith("def") else f"{definition}{response}\n{tail}"


def _passes(code: str, timeout: float | None, use_docker: bool | None) -> bool:
    return execute_code(code, timeout=timeout, use_docker=use_docker)[0] == 0


def eval_function_completions(
    responses: list[str],
    definition: str,
    test: str | None = None,
    entry_point: str | None = None,
    assertions: AssertionSource = None,
    timeout: float | None = 3,
    use_docker: bool | None = None,
) -> dict[str, Any]:
    """Pick the first response that passes `assertions`, and/or judge responses by a gold `test`.

    Each candidate runs through `execute_code` (sandbox or Docker), `timeout` seconds each.
    `use_docker` defaults to None (Docker if an engine answers, else the sandbox) where v0.2
    defaulted to True and failed without an engine. Returns v0.2's metrics: without assertions
    `expected_success` and `success`; with them `index_selected`, `succeed_assertions`,
    `gen_cost`, `assertions` and, given `test`, `success`.
    """
    n = len(responses)
    if assertions is None:
        results = [
            _passes(
                _program(definition, _remove_check(r), f"{test}\ncheck({entry_point})"), timeout, use_docker
            )
            for r in responses
        ]
        return {"expected_success": 1 - pow(1 - sum(results) / n, n), "success": any(results)}
    gen_cost = 0.0
    if callable(assertions):
        if n > 1:
            assertions, gen_cost = assertions(definition)
        else:
            assertions = None
    index, response, passed = 0, responses[0] if responses else "", False
    if n > 1 or test is None:
        for index in range(n):
            response = responses[index] = _remove_check(responses[index])
            passed = _passes(_program(definition, response, str(assertions)), timeout, use_docker)
            if passed:
                break
    metrics: dict[str, Any] = {
        "index_selected": index,
        "succeed_assertions": passed,
        "gen_cost": gen_cost,
        "assertions": assertions,
    }
    if test is not None:
        program = _program(definition, response, f"{test}\ncheck({entry_point})")
        metrics["success"] = _passes(program, timeout, use_docker)
    return metrics


class PassAssertionFilter:
    """A `filter_func` that accepts a response when one of its choices passes the assertions."""

    def __init__(self, assertions: AssertionSource) -> None:
        self._assertions = assertions
        self.cost = 0.0
        self.metrics: dict[str, Any] | None = None
        self.responses: list[str] | None = None

    def pass_assertions(self, context: dict[str, Any], response: Any, **_: Any) -> bool:
        from autogen.oai.completion import Completion

        responses = Completion.extract_text(response)
        metrics = eval_function_completions(responses, context["definition"], assertions=self._assertions)
        self._assertions = metrics["assertions"]
        self.cost += metrics["gen_cost"]
        self.metrics, self.responses = metrics, responses
        return bool(metrics["succeed_assertions"])


def implement(
    definition: str,
    configs: list[dict[str, Any]] | None = None,
    assertions: AssertionSource = generate_assertions,
) -> tuple[str, float, int]:
    """Implement a function from its signature and docstring: try `configs` in turn (cheap first)
    until a completion passes the assertions; return (code, total cost, index of the config used)."""
    from autogen.oai.completion import Completion

    cost = 0.0
    configs = configs or _IMPLEMENT_CONFIGS
    if len(configs) > 1 and callable(assertions):
        assertions, cost = assertions(definition)
    keep = PassAssertionFilter(assertions)
    response = Completion.create(
        {"definition": definition},
        config_list=configs,
        filter_func=keep.pass_assertions,
        allow_format_str_template=True,
    )
    cost += keep.cost + float(getattr(response, "cost", 0.0) or 0.0)
    if keep.responses is None or keep.metrics is None:
        texts = Completion.extract_text(response)
        return texts[0], cost, int(getattr(response, "config_id", 0) or 0)
    return keep.responses[keep.metrics["index_selected"]], cost, int(getattr(response, "config_id", 0) or 0)
