"""User-defined functions that LLM-written code may import (v0.2.3x's `func_with_reqs`).

Give `LocalCommandLineCodeExecutor(functions=[...])` plain functions, `with_requirements`-decorated
ones, or `FunctionWithRequirements.from_str(...)`. Before the first code block runs, the
executor writes them, with their imports, into `<functions_module>.py` in its work dir, so code
can say `from functions import my_func`; `to_stub` renders the signatures for the system prompt.

    @with_requirements(python_packages=["pandas"], global_imports=["pandas"])
    def load_data() -> pandas.DataFrame:
        ...
"""

from __future__ import annotations

import ast
import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from textwrap import dedent, indent
from typing import Any, Generic, ParamSpec, TypeVar, Union

__all__ = [
    "Alias",
    "FunctionWithRequirements",
    "FunctionWithRequirementsStr",
    "Import",
    "ImportFromModule",
    "to_stub",
    "with_requirements",
]

T = TypeVar("T")
P = ParamSpec("P")


@dataclass
class Alias:
    """`import name as alias` (or, inside `ImportFromModule`, `from m import name as alias`)."""

    name: str
    alias: str


@dataclass
class ImportFromModule:
    """`from module import imports...`; each import a name or an `Alias`."""

    module: str
    imports: list[str | Alias]


Import = Union[str, ImportFromModule, Alias]  # noqa: UP007 (a runtime alias on Python 3.10)


def _import_to_str(im: Import) -> str:
    if isinstance(im, str):
        return f"import {im}"
    if isinstance(im, Alias):
        return f"import {im.name} as {im.alias}"
    names = ", ".join(i if isinstance(i, str) else f"{i.name} as {i.alias}" for i in im.imports)
    return f"from {im.module} import {names}"


def _source_without_decorators(func: Callable[..., Any]) -> str:
    """The function's source from its `def` line on (decorators such as `@with_requirements` dropped)."""
    source = dedent(inspect.getsource(func))
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return "\n".join(source.splitlines()[node.lineno - 1 :]) + "\n"


@dataclass
class FunctionWithRequirementsStr:
    """A function given as source text; `compiled_func` is looked up on first use, not at creation.

    The source is only parsed here (to learn the function's name); it is executed by the code
    executor, in the sandbox, not in this process.
    """

    func: str
    python_packages: Sequence[str] = field(default_factory=list)
    global_imports: Sequence[Import] = field(default_factory=list)

    def __post_init__(self) -> None:
        tree = ast.parse(dedent(self.func))
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if len(defs) != 1:
            raise ValueError(f"the source must define exactly one function, it defines {len(defs)}")
        self._name = defs[0].name
        self._doc = ast.get_docstring(defs[0])
        returns = f" -> {ast.unparse(defs[0].returns)}" if defs[0].returns is not None else ""
        self._signature = f"({ast.unparse(defs[0].args)}){returns}"

    @property
    def name(self) -> str:
        return self._name


@dataclass
class FunctionWithRequirements(Generic[T, P]):
    """A callable with the pip packages and imports it needs; calling it calls the function."""

    func: Callable[P, T]
    python_packages: Sequence[str] = field(default_factory=list)
    global_imports: Sequence[Import] = field(default_factory=list)

    @classmethod
    def from_callable(
        cls,
        func: Callable[P, T],
        python_packages: Sequence[str] = (),
        global_imports: Sequence[Import] = (),
    ) -> FunctionWithRequirements[T, P]:
        return cls(python_packages=list(python_packages), global_imports=list(global_imports), func=func)

    @staticmethod
    def from_str(
        func: str, python_packages: Sequence[str] = (), global_imports: Sequence[Import] = ()
    ) -> FunctionWithRequirementsStr:
        return FunctionWithRequirementsStr(
            func=func, python_packages=list(python_packages), global_imports=list(global_imports)
        )

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.func(*args, **kwargs)


def with_requirements(
    python_packages: Sequence[str] = (), global_imports: Sequence[Import] = ()
) -> Callable[[Callable[P, T]], FunctionWithRequirements[T, P]]:
    """Decorate a function with the packages it needs installed and the imports its module needs."""

    def wrapper(func: Callable[P, T]) -> FunctionWithRequirements[T, P]:
        wrapped = FunctionWithRequirements.from_callable(func, python_packages, global_imports)
        functools.update_wrapper(wrapped, func)
        return wrapped

    return wrapper


UserFunction = Union[  # noqa: UP007 (a runtime alias on Python 3.10)
    FunctionWithRequirements[Any, Any], Callable[..., Any], FunctionWithRequirementsStr
]


def function_name(func: UserFunction) -> str:
    if isinstance(func, FunctionWithRequirementsStr):
        return func.name
    if isinstance(func, FunctionWithRequirements):
        return func.func.__name__
    return func.__name__


def _to_code(func: UserFunction) -> str:
    if isinstance(func, FunctionWithRequirementsStr):
        return dedent(func.func)
    if isinstance(func, FunctionWithRequirements):
        return _source_without_decorators(func.func)
    return _source_without_decorators(func)


def build_python_functions_file(funcs: Sequence[UserFunction]) -> str:
    """The text of the functions module: every global import once, then each function's source."""
    imports: list[str] = []
    for func in funcs:
        if isinstance(func, (FunctionWithRequirements, FunctionWithRequirementsStr)):
            for im in func.global_imports:
                line = _import_to_str(im)
                if line not in imports:
                    imports.append(line)
    body = "\n\n".join(_to_code(func) for func in funcs)
    return "\n".join(imports) + ("\n\n" if imports else "") + body


def required_packages(funcs: Sequence[UserFunction]) -> list[str]:
    packages: list[str] = []
    for func in funcs:
        if isinstance(func, (FunctionWithRequirements, FunctionWithRequirementsStr)):
            packages += [p for p in func.python_packages if p not in packages]
    return packages


def _signature_text(func: Callable[..., Any]) -> str:
    """The signature with string annotations (`from __future__ import annotations`) evaluated."""
    try:
        return str(inspect.signature(func, eval_str=True))
    except (NameError, TypeError, SyntaxError):
        return str(inspect.signature(func))


def to_stub(func: UserFunction) -> str:
    """`def name(signature):` with the docstring and `...`: what the model needs to call it."""
    if isinstance(func, FunctionWithRequirementsStr):
        name, signature, doc = func.name, func._signature, func._doc
    else:
        target = func.func if isinstance(func, FunctionWithRequirements) else func
        name, signature, doc = target.__name__, _signature_text(target), target.__doc__
    content = f"def {name}{signature}:\n"
    if doc:
        content += indent('"""' + dedent(doc) + '"""', "    ") + "\n"
    return content + "    ..."
