"""Asking the human: through the IO stream, never `input()`, and never on the event loop.

`a_get_human_input` is the one implementation. v0.2 apps often override the sync
`get_human_input` (a web UI, a canned answer); when a class overrides only that, the agent calls
the override, on a worker thread.
"""

from __future__ import annotations

from autogen._bridge import call_sync, sync_method
from autogen.agentchat._conversation import override_of
from autogen.io import IOStream

__all__ = ["HumanInputMixin"]


class HumanInputMixin:
    _human_input: list[str]

    async def a_get_human_input(self, prompt: str) -> str:
        """One line from the human (the current IO stream), remembered in `ChatResult.human_input`."""
        stream = IOStream.get_default()
        reply = await call_sync(stream.input, prompt)
        self._human_input.append(reply)
        return reply

    get_human_input = sync_method(a_get_human_input)

    async def _a_ask_human(self, prompt: str) -> str:
        sync_override = override_of(self, "get_human_input")
        reply: str = await (sync_override or self.a_get_human_input)(prompt)
        return reply
