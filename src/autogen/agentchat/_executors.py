"""Each agent's code executor: built from `code_execution_config` on first use, then reused.

One executor per agent and configuration (one Docker container per agent), dropped with the
agent. `ReplyContext.code_executor()` is how a reply function gets it.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autogen.coding.base import CodeExecutor

__all__ = ["executor_for"]

_lock = threading.Lock()
_executors: weakref.WeakKeyDictionary[object, tuple[str, CodeExecutor]] = weakref.WeakKeyDictionary()


def executor_for(agent: object, code_config: dict[str, Any]) -> CodeExecutor:
    """The agent's executor for this configuration, built on first use and then reused."""
    from autogen.coding.factory import CodeExecutorFactory  # the executors load on first use

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
