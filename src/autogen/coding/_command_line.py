"""What the local and the Docker executor share: settings, saving code, running blocks in turn.

Both save each block to a file in the work dir and run it; they differ only in where the saved
file runs (`_run_saved`), so everything before that point is written once, here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from autogen._bridge import run_sync
from autogen.coding._blocks import a_run_blocks
from autogen.coding._files import canonical_language, code_filename, filename_from_code, write_code_file
from autogen.coding._process import EXIT_TIMEOUT, ProcessOutcome
from autogen.coding.base import CodeBlock, CommandLineCodeResult
from autogen.coding.limits import ResourceLimits
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor
from autogen.exceptions import ConfigError, UnsafeFilenameError

__all__ = ["CommandLineCodeExecutorBase", "outcome_text"]


def outcome_text(outcome: ProcessOutcome, timeout: float, limits: ResourceLimits | None = None) -> str:
    """The output, plus a note a model can act on when the code was stopped."""
    text = outcome.output
    note = ""
    if outcome.timed_out:
        note = f"Timeout: the code ran longer than {timeout:g} s and was stopped (exit code {EXIT_TIMEOUT})."
    elif outcome.exit_code == 128 + 24:
        note = "Killed: CPU time limit exceeded."
    elif outcome.exit_code == 128 + 25:
        note = "Killed: file size limit exceeded."
    elif outcome.exit_code == 128 + 9 and limits is not None:
        note = "Killed (SIGKILL): a memory, CPU or process limit was probably reached."
    if note:
        text += ("" if not text or text.endswith("\n") else "\n") + note
    return text


class CommandLineCodeExecutorBase(ABC):
    """Saves each code block to a file in `work_dir` and hands it to `_run_saved`."""

    _unsupported_languages: ClassVar[frozenset[str]] = frozenset()
    """canonical languages this executor cannot run although the host can"""

    def __init__(self, timeout: float, work_dir: str | Path, limits: ResourceLimits | None) -> None:
        if not timeout or timeout <= 0:
            raise ConfigError(f"timeout must be a positive number of seconds, got {timeout!r}")
        self._timeout = float(timeout)
        self._work_dir = Path(work_dir).absolute()
        self._work_dir.mkdir(parents=True, exist_ok=True)
        self._limits = limits or ResourceLimits()

    @property
    def code_extractor(self) -> MarkdownCodeExtractor:
        return MarkdownCodeExtractor()

    @property
    def timeout(self) -> float:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        return self._work_dir

    def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CommandLineCodeResult:
        return run_sync(self.a_execute_code_blocks(code_blocks))

    async def a_execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CommandLineCodeResult:
        """Run the blocks in order; stop at the first failure. Outputs are concatenated."""

        async def run_one(_: int, block: CodeBlock) -> CommandLineCodeResult:
            return await self.a_run_code(block.code, block.language)

        last, outputs = await a_run_blocks(code_blocks, run_one)
        code_file = last.code_file if isinstance(last, CommandLineCodeResult) else None
        return CommandLineCodeResult(exit_code=last.exit_code, output="".join(outputs), code_file=code_file)

    async def a_run_code(
        self, code: str, language: str, *, filename: str | None = None, timeout: float | None = None
    ) -> CommandLineCodeResult:
        """Save and run one piece of code. An unsafe `filename` or language is a failed result."""
        lang = canonical_language(language)
        if lang is None or lang in self._unsupported_languages:
            return CommandLineCodeResult(exit_code=1, output=f"unknown language {language}")
        name = filename or filename_from_code(code) or code_filename(code, lang)
        try:
            path = write_code_file(self._work_dir, name, code)
        except UnsafeFilenameError as exc:
            return CommandLineCodeResult(exit_code=1, output=str(exc))
        except OSError as exc:  # e.g. a directory of that name, or a name too long
            return CommandLineCodeResult(exit_code=1, output=f"could not save the code as {name!r}: {exc}")
        return await self._run_saved(path, lang, timeout)

    @abstractmethod
    async def _run_saved(self, path: Path, language: str, timeout: float | None) -> CommandLineCodeResult:
        """Run the file `a_run_code` just saved at `path` (`language` canonical)."""
