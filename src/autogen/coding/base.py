"""The seams of code execution: code blocks in, a result out.

An executor is anything with the three members of `CodeExecutor`. A minimal custom one:

    class EchoExecutor:
        @property
        def code_extractor(self) -> CodeExtractor:
            return MarkdownCodeExtractor()

        def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CodeResult:
            return CodeResult(exit_code=0, output="".join(b.code for b in code_blocks))

        def restart(self) -> None:
            pass

    agent = UserProxyAgent("user", code_execution_config={"executor": EchoExecutor()})

Executors may also define `async def a_execute_code_blocks(code_blocks)`; the agent awaits it when
present (ours do), and otherwise runs `execute_code_blocks` on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

__all__ = ["CodeBlock", "CodeExecutor", "CodeExtractor", "CodeResult", "CommandLineCodeResult"]


@dataclass
class CodeBlock:
    """One piece of code and the language it is written in (as tagged, or inferred)."""

    code: str
    language: str


@dataclass
class CodeResult:
    """What running code produced. `exit_code` 0 is success; 124 means it timed out."""

    exit_code: int
    output: str


@dataclass
class CommandLineCodeResult(CodeResult):
    """A result from a command-line executor, with the file the (last) code block was saved to."""

    code_file: str | None = None


@runtime_checkable
class CodeExtractor(Protocol):
    def extract_code_blocks(self, message: str | list[dict[str, Any]] | None) -> list[CodeBlock]:
        """The code blocks in a message's content (plain text or a multimodal list)."""
        ...


@runtime_checkable
class CodeExecutor(Protocol):
    @property
    def code_extractor(self) -> CodeExtractor:
        """How this executor finds code in messages."""
        ...

    def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CodeResult:
        """Run the blocks in order, stopping at the first failure."""
        ...

    def restart(self) -> None:
        """Forget any state kept between executions (a no-op for stateless executors)."""
        ...
