"""The functions an agent can run for a model, and the ones it offers to its model.

The logic lives with the tools (`_tool_registration.py`, `replies/tool_calls.py`); these methods
are the v0.2 names on the agent, one line each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from autogen._bridge import call_sync, run_sync, sync_method

__all__ = ["FunctionsMixin"]

F = TypeVar("F", bound=Callable[..., Any])
_EXECUTE_CODE_ARGS = frozenset({"timeout", "filename", "work_dir", "use_docker", "lang"})


class FunctionsMixin:
    _name: str
    _function_map: dict[str, Callable[..., Any]]
    _code_execution_config: dict[str, Any] | Literal[False]
    function_timeout: float | None

    @property
    def function_map(self) -> dict[str, Callable[..., Any]]:
        """Name → function this agent runs when a model's function or tool call names it."""
        return self._function_map

    def register_function(self, function_map: Mapping[str, Callable[..., Any] | None]) -> None:
        """Add functions this agent may execute; a None value removes that name."""
        from autogen.agentchat._tool_registration import assert_valid_name

        for name, func in function_map.items():
            assert_valid_name(name)
            if func is None:
                self._function_map.pop(name, None)
            else:
                self._function_map[name] = func

    def can_execute_function(self, name: list[str] | str) -> bool:
        names = name if isinstance(name, list) else [name]
        return all(n in self._function_map for n in names)

    async def a_execute_function(
        self, func_call: dict[str, Any], verbose: bool = False
    ) -> tuple[bool, dict[str, Any]]:
        """Run `{"name", "arguments"}` from `function_map`; model errors come back as "Error: ..." text."""
        from autogen.agentchat.replies.tool_calls import a_execute_function

        timeout = self.function_timeout
        return await a_execute_function(self._function_map, func_call, timeout=timeout, verbose=verbose)

    execute_function = sync_method(a_execute_function)

    def register_for_llm(
        self,
        *,
        name: str | None = None,
        description: str | None = None,
        api_style: Literal["function", "tool"] = "tool",
    ) -> Callable[[F], F]:
        """Decorator: describe a function to this agent's model (adds its schema to `llm_config`)."""
        from autogen.agentchat._tool_registration import register_for_llm

        return register_for_llm(self, name=name, description=description, api_style=api_style)

    def register_for_execution(self, name: str | None = None) -> Callable[[F], F]:
        """Decorator: let this agent run a function when a model's call names it."""
        from autogen.agentchat._tool_registration import register_for_execution

        return register_for_execution(self, name=name)

    def update_function_signature(self, func_sig: str | dict[str, Any], is_remove: bool | None) -> None:
        from autogen.agentchat._tool_registration import update_function_signature

        update_function_signature(self, func_sig, is_remove)

    def update_tool_signature(self, tool_sig: str | dict[str, Any], is_remove: bool | None) -> None:
        from autogen.agentchat._tool_registration import update_tool_signature

        update_tool_signature(self, tool_sig, is_remove)

    @property
    def use_docker(self) -> bool | str | list[str] | None:
        """The `use_docker` setting of code execution (None when code execution is off)."""
        config = self._code_execution_config
        return None if config is False else config.get("use_docker")

    def run_code(self, code: str, **kwargs: Any) -> tuple[int, str, str | None]:
        """Run `code` with `autogen.code_utils.execute_code`: (exit code, logs, docker image)."""
        from autogen.code_utils import execute_code

        allowed = {k: v for k, v in kwargs.items() if k in _EXECUTE_CODE_ARGS}
        result: tuple[int, str, str | None] = execute_code(code, **allowed)
        return result

    def execute_code_blocks(self, code_blocks: list[tuple[str, str]]) -> tuple[int, str]:
        """Run `(lang, code)` blocks in order, stopping at the first failure: (exit code, all logs).

        v0.2's legacy path: each block goes through `run_code` (which subclasses override), named
        by its `# filename:` line; the loop is the package's one block runner.
        """
        return run_sync(self._a_execute_code_blocks(code_blocks))

    async def _a_execute_code_blocks(self, code_blocks: list[tuple[str, str]]) -> tuple[int, str]:
        # code execution loads on first use: an agent that runs no code never imports it
        from autogen.coding._blocks import a_run_blocks
        from autogen.coding._files import filename_from_code
        from autogen.coding.base import CodeBlock, CodeResult
        from autogen.coding.markdown_code_extractor import infer_lang

        config = self._code_execution_config or {}

        async def run_one(_: int, block: CodeBlock) -> CodeResult:
            lang = block.language or infer_lang(block.code)
            if lang not in ("bash", "shell", "sh", "python", "Python"):
                return CodeResult(exit_code=1, output=f"unknown language {lang}")
            lang = "python" if lang == "Python" else lang
            options = {**config, "lang": lang, "filename": filename_from_code(block.code)}
            ran: tuple[int, str, str | None] = await call_sync(self.run_code, block.code, **options)
            return CodeResult(exit_code=ran[0], output=ran[1])

        blocks = [CodeBlock(code=code, language=lang) for lang, code in code_blocks]
        last, outputs = await a_run_blocks(blocks, run_one)
        return last.exit_code, "".join("\n" + output for output in outputs)
