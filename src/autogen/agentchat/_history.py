"""An agent's per-peer history, counters and usage: the bookkeeping of `ConversableAgent`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from autogen.agentchat._messages import message_to_dict, to_oai_message
from autogen.exceptions import ChatNotFoundError, PeerNotFoundError

__all__ = ["HistoryMixin"]

Message = dict[str, Any]


class HistoryMixin:
    _name: str
    _oai_messages: defaultdict[Any, list[Message]]
    _max_consecutive_auto_reply: int
    _max_consecutive_auto_reply_dict: defaultdict[Any, int]
    _consecutive_auto_reply_counter: defaultdict[Any, int]
    reply_at_receive: defaultdict[Any, bool]
    _client: Any

    @staticmethod
    def _message_to_dict(message: Any) -> dict[str, Any]:
        return message_to_dict(message)

    def _append_oai_message(
        self, message: Any, role: str, conversation_id: Any, is_sending: bool | None = None
    ) -> bool:
        """Store `message` in the history with `conversation_id`; False when it is not a valid message.

        `role` is "assistant" for what this agent sends and "user" for what it receives (v0.2).
        """
        author = (
            self._name
            if (is_sending if is_sending is not None else role == "assistant")
            else conversation_id.name
        )
        oai = to_oai_message(message_to_dict(message), role, author)
        if oai is None:
            return False
        self._oai_messages[conversation_id].append(oai)
        return True

    def update_max_consecutive_auto_reply(self, value: int, sender: Any = None) -> None:
        if sender is None:
            self._max_consecutive_auto_reply = value
            for peer in self._max_consecutive_auto_reply_dict:
                self._max_consecutive_auto_reply_dict[peer] = value
        else:
            self._max_consecutive_auto_reply_dict[sender] = value

    def max_consecutive_auto_reply(self, sender: Any = None) -> int:
        return (
            self._max_consecutive_auto_reply
            if sender is None
            else self._max_consecutive_auto_reply_dict[sender]
        )

    def last_message(self, agent: Any = None) -> Message | None:
        """The last message exchanged with `agent` (may be omitted when there is one conversation)."""
        if agent is None:
            if not self._oai_messages:
                return None
            if len(self._oai_messages) == 1:
                history = next(iter(self._oai_messages.values()))
                return history[-1] if history else None
            raise ChatNotFoundError(
                f"agent {self._name!r} has more than one conversation; "
                "pass the agent whose last message you want."
            )
        if agent not in self._oai_messages:
            raise PeerNotFoundError(
                f"The agent {agent.name!r} is not present in any conversation of {self._name!r}."
            )
        history = self._oai_messages[agent]
        return history[-1] if history else None

    def clear_history(self, recipient: Any = None, nr_messages_to_preserve: int | None = None) -> None:
        """Forget the history with `recipient` (with everybody when None), keeping the last N if asked."""
        keys = list(self._oai_messages) if recipient is None else [recipient]
        for key in keys:
            history = self._oai_messages[key]
            if nr_messages_to_preserve:
                del history[: max(0, len(history) - nr_messages_to_preserve)]
            else:
                history.clear()

    def stop_reply_at_receive(self, sender: Any = None) -> None:
        if sender is None:
            self.reply_at_receive.clear()
        else:
            self.reply_at_receive[sender] = False

    def reset_consecutive_auto_reply_counter(self, sender: Any = None) -> None:
        if sender is None:
            self._consecutive_auto_reply_counter.clear()
        else:
            self._consecutive_auto_reply_counter[sender] = 0

    # ---- usage -------------------------------------------------------------------------------
    def print_usage_summary(self, mode: str | list[str] = ("actual", "total")) -> None:  # type: ignore[assignment]
        if self._client is not None:
            self._client.print_usage_summary(mode)

    def get_actual_usage(self) -> dict[str, Any] | None:
        return None if self._client is None else self._client.actual_usage_summary

    def get_total_usage(self) -> dict[str, Any] | None:
        return None if self._client is None else self._client.total_usage_summary
