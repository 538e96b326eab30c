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

The executor is built once per agent and configuration and reused (one Docker container per
agent); it is dropped with the agent.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from autogen import _telemetry
from autogen._bridge import call_sync
from autogen.coding.base import CodeBlock, CodeExecutor, CodeResult
from autogen.coding.factory import CodeExecutorFactory
from autogen.coding.markdown_code_extractor import infer_lang
from autogen.exceptions import ConfigError
from autogen.io import IOStream

__all__ = ["a_generate_code_execution_reply", "executor_for"]

_lock = threading.Lock()
_executors: weakref.WeakKeyDictionary[Any, tuple[str, CodeExecutor]] = weakref.WeakKeyDictionary()


async def a_generate_code_execution_reply(
    recipient: Any, messages: list[dict[str, Any]] | None = None, sender: Any = None, config: Any = None
) -> tuple[bool, str | None]:
    """v0.2's `generate_code_execution_reply` as a reply function (see the module docstring)."""
    code_config = config if config is not None else getattr(recipient, "_code_execution_config", False)
    if not isinstance(code_config, dict):
        return False, None
    if messages is None:
        messages = recipient.chat_messages[sender]
    to_scan = _messages_to_scan(messages, code_config.get("last_n_messages", "auto"))
    executor: CodeExecutor | None = None
    for message in reversed(messages[len(messages) - to_scan :] if to_scan else []):
        content = message.get("content")
        if not content:
            continue
        if executor is None:
            executor = executor_for(recipient, code_config)
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
    logs = ""
    exit_code = 0
    for i, block in enumerate(blocks):
        lang = block.language or infer_lang(block.code)
        stream.print(f"\n>>>>>>>> EXECUTING CODE BLOCK {i} (inferred language is {lang})...", flush=True)
        result = await _execute(executor, [CodeBlock(code=block.code, language=lang)])
        logs += "\n" + result.output
        exit_code = result.exit_code
        if exit_code != 0:
            break
    return exit_code, logs


async def _execute(executor: CodeExecutor, blocks: list[CodeBlock]) -> CodeResult:
    run_async = getattr(executor, "a_execute_code_blocks", None)
    if run_async is not None:
        result: CodeResult = await run_async(blocks)
        return result
    return await call_sync(executor.execute_code_blocks, blocks)


def executor_for(agent: Any, code_config: dict[str, Any]) -> CodeExecutor:
    """The agent's executor for this configuration, built on first use and then reused."""
    key = _config_key(code_config)
    with _lock:
        try:
            cached = _executors.get(agent)
        except TypeError:  # an agent that cannot be weakly referenced or hashed: no reuse
            return CodeExecutorFactory.create(code_config)
        if cached is not None and cached[0] == key:
            return cached[1]
    executor = CodeExecutorFactory.create(code_config)
    with _lock:
        if cached is not None:
            stop = getattr(cached[1], "stop", None)
            if stop is not None:
                stop()
        _executors[agent] = (key, executor)
    return executor


def _config_key(code_config: dict[str, Any]) -> str:
    relevant = {k: v for k, v in code_config.items() if k != "last_n_messages"}
    return repr(sorted((k, f"{id(v)}:{v!r}" if k == "executor" else repr(v)) for k, v in relevant.items()))
