"""An agent's conversation state as plain JSON-able data, and back (see `autogen.agentchat.chat`).

Peers are recorded by name: the agent objects of a later process are different objects, so
`load_state` needs the peer agents to map names back to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autogen.exceptions import ChatNotFoundError

__all__ = ["StateMixin"]

STATE_VERSION = 1


class StateMixin:
    _name: str
    _oai_messages: Any
    _consecutive_auto_reply_counter: Any
    _max_consecutive_auto_reply_dict: Any
    reply_at_receive: Any
    _human_input: list[str]

    def save_state(self) -> dict[str, Any]:
        """This agent's histories with each peer and its per-peer counters, as JSON-able data."""
        peers: dict[str, dict[str, Any]] = {}
        for peer, history in self._oai_messages.items():
            entry: dict[str, Any] = {
                "messages": list(history),
                "consecutive_auto_reply": self._consecutive_auto_reply_counter.get(peer, 0),
                "reply_at_receive": bool(self.reply_at_receive.get(peer, False)),
            }
            if peer in self._max_consecutive_auto_reply_dict:
                entry["max_consecutive_auto_reply"] = self._max_consecutive_auto_reply_dict[peer]
            peers[peer.name] = entry
        return {
            "version": STATE_VERSION,
            "name": self._name,
            "human_input": list(self._human_input),
            "peers": peers,
        }

    def load_state(self, state: dict[str, Any], peers: Iterable[Any]) -> None:
        """Replace this agent's histories and counters with `state` (from `save_state`).

        `peers` are the agents the state talks about, matched by name; histories with agents
        not given are left out.
        """
        if state.get("version") != STATE_VERSION:
            raise ChatNotFoundError(
                f"cannot load agent state version {state.get('version')!r}; expected {STATE_VERSION}."
            )
        if state.get("name") != self._name:
            raise ChatNotFoundError(f"the state is of agent {state.get('name')!r}, not {self._name!r}.")
        by_name = {peer.name: peer for peer in peers}
        self._oai_messages.clear()
        self._consecutive_auto_reply_counter.clear()
        self.reply_at_receive.clear()
        self._human_input = list(state.get("human_input", []))
        for name, entry in state.get("peers", {}).items():
            peer = by_name.get(name)
            if peer is None:
                continue
            self._oai_messages[peer] = [dict(m) for m in entry.get("messages", [])]
            self._consecutive_auto_reply_counter[peer] = int(entry.get("consecutive_auto_reply", 0))
            self.reply_at_receive[peer] = bool(entry.get("reply_at_receive", False))
            if "max_consecutive_auto_reply" in entry:
                self._max_consecutive_auto_reply_dict[peer] = int(entry["max_consecutive_auto_reply"])
