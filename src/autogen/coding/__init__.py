"""Code execution: code blocks, extractors, and executors (sandboxed local, plain local, Docker).

from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor

executor = LocalCommandLineCodeExecutor(work_dir="coding", timeout=30)
result = executor.execute_code_blocks([CodeBlock(code="print('hi')", language="python")])
assert result.exit_code == 0 and result.output == "hi\\n"
"""

from __future__ import annotations

from autogen.coding.base import CodeBlock, CodeExecutor, CodeExtractor, CodeResult, CommandLineCodeResult
from autogen.coding.docker_commandline_code_executor import DockerCommandLineCodeExecutor
from autogen.coding.factory import CodeExecutorFactory
from autogen.coding.func_with_reqs import Alias, FunctionWithRequirements, ImportFromModule, with_requirements
from autogen.coding.limits import ResourceLimits
from autogen.coding.local_commandline_code_executor import LocalCommandLineCodeExecutor
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor

__all__ = [
    "Alias",
    "CodeBlock",
    "CodeExecutor",
    "CodeExecutorFactory",
    "CodeExtractor",
    "CodeResult",
    "CommandLineCodeResult",
    "DockerCommandLineCodeExecutor",
    "FunctionWithRequirements",
    "ImportFromModule",
    "LocalCommandLineCodeExecutor",
    "MarkdownCodeExtractor",
    "ResourceLimits",
    "with_requirements",
]
