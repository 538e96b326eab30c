"""The one block runner: run code blocks in order and stop at the first that fails.

v0.2 had this loop three times (the command-line executors, the code-execution reply and
`ConversableAgent.execute_code_blocks`); each of ours passes in how to run ONE block and gets
the same stopping rule and the same collected outputs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from autogen.coding.base import CodeBlock, CodeResult

__all__ = ["a_run_blocks"]


async def a_run_blocks(
    blocks: Sequence[CodeBlock], run_one: Callable[[int, CodeBlock], Awaitable[CodeResult]]
) -> tuple[CodeResult, list[str]]:
    """Run `run_one(index, block)` for each block until one exits non-zero.

    Returns the last result (exit code 0 and no output when there were no blocks) and the
    outputs of the blocks that ran, in order.
    """
    result = CodeResult(exit_code=0, output="")
    outputs: list[str] = []
    for index, block in enumerate(blocks):
        result = await run_one(index, block)
        outputs.append(result.output)
        if result.exit_code != 0:
            break
    return result, outputs
