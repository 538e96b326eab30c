"""The code-execution reply: run the code blocks of recent messages, reply with the result.

v0.2 semantics: scan back through `last_n_messages` (default "auto": the messages received since
this agent last spoke), take the most recent one that holds code blocks, run its blocks in order
through the executor chosen by `code_execution_config` (see `autogen.coding.factory`), stop at
the first failure, and reply

    exitcode: 0 (execution succeeded)
    Code output: <the output of each block, each preceded by a newline>

(`exitcode: N (execution failed)` otherwise). A block in a language we do not run is reported as
`unknown language X`, exit code 1, and nothing runs. Runaway code (timeout, limits) becomes an
ordinary failed result, so the conversation carries on.

The executor comes from `ReplyContext.code_executor()`: built once per agent and configuration
and reused (one Docker container per agent), dropped with the agent. The blocks run through the
package's one block runner (`autogen.coding._blocks`).
"""

from __future__ import annotations

from typing import Any

from autogen import _telemetry
from autogen._bridge import call_sync
from autogen.agentchat._executors import executor_for
from autogen.agentchat.agent import Agent
from autogen.agentchat.reply_context import SupportsReplyContext
from autogen.coding._blocks import a_run_blocks
from autogen.coding.base import CodeBlock, CodeExecutor, CodeResult
from autogen.coding.markdown_code_extractor import infer_lang
from autogen.exceptions import ConfigError
from autogen.io import IOStream

__all__ = ["a_generate_code_execution_reply", "executor_for"]


async def a_generate_code_execution_reply(
    recipient: SupportsReplyContext,
    messages: list[dict[str, Any]] | None = None,
    sender: Agent | None = None,
    config: dict[str, Any] | None = None,
) -> tuple[bool, str | None]:
    """v0.2's `generate_code_execution_reply` as a reply function (see the module docstring).

    `config`, when given, is the `code_execution_config` to use instead of the agent's.
    """
    ctx = recipient.reply_context(sender, messages, config)
    code_config = config if config is not None else ctx.code_execution_config
    if not isinstance(code_config, dict):
        return False, None
    messages = ctx.messages
    to_scan = _messages_to_scan(messages, code_config.get("last_n_messages", "auto"))
    executor: CodeExecutor | None = None
    for message in reversed(messages[len(messages) - to_scan :] if to_scan else []):
        content = message.get("content")
        if not content:
            continue
        if executor is None:
            executor = ctx.code_executor()
        blocks = executor.code_extractor.extract_code_blocks(content)
        if not blocks:
            continue
        t0 = _telemetry.started()
        exit_code, logs = await _run_blocks(executor, blocks)
        _telemetry.code_execution(recipient, blocks, exit_code, logs, t0)
        status = "execution succeeded" if exit_code == 0 else "execution failed"
        return True, f"exitcode: {exit_code} ({status})\nCode output: {logs}"
    return False, None


def _messages_to_scan(messages: list[dict[str, Any]], last_n: Any) -> int:
    if last_n == "auto":
        count = 0  # the run of messages from others since this agent last spoke
        for message in reversed(messages):
            if message.get("role") != "user":
                break
            count += 1
        return count
    if isinstance(last_n, bool) or not isinstance(last_n, int) or last_n < 0:
        raise ConfigError(f"last_n_messages must be a non-negative int or 'auto', got {last_n!r}")
    return min(last_n, len(messages))


async def _run_blocks(executor: CodeExecutor, blocks: list[CodeBlock]) -> tuple[int, str]:
    stream = IOStream.get_default()

    async def run_one(index: int, block: CodeBlock) -> CodeResult:
        lang = block.language or infer_lang(block.code)
        stream.print(f"\n>>>>>>>> EXECUTING CODE BLOCK {index} (inferred language is {lang})...", flush=True)
        return await _execute(executor, [CodeBlock(code=block.code, language=lang)])

    last, outputs = await a_run_blocks(blocks, run_one)
    return last.exit_code, "".join("\n" + output for output in outputs)


async def _execute(executor: CodeExecutor, blocks: list[CodeBlock]) -> CodeResult:
    run_async = getattr(executor, "a_execute_code_blocks", None)
    if run_async is not None:
        result: CodeResult = await run_async(blocks)
        return result
    return await call_sync(executor.execute_code_blocks, blocks)
