"""The call history behind `autogen.ChatCompletion.start_logging()` / `logged_history`.

OpenAIWrapper reports every answered create() call here; nothing is recorded unless logging
was started. Two formats, as the v0.2 guide describes:

* compact (default): key = the JSON text of the whole conversation (request messages + the
  answer), value = `{"created_at": [...], "cost": [...], "token_count": [...]}`; a follow-up
  call that extends a logged conversation replaces its entry, so a long chat is stored once;
* per call (`compact=False`): key = the call counter, value = `{"request": ..., "response": ...}`.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from autogen.oai._usage import token_counts

__all__ = ["CallLog", "call_log"]


def _plain(obj: Any) -> Any:
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        return dump(exclude_none=True)
    return repr(obj)


def _key(items: Any) -> str:
    return json.dumps(items, sort_keys=True, indent=2, default=_plain, ensure_ascii=False)


class CallLog:
    def __init__(self) -> None:
        self.history: dict[Any, Any] | None = None
        self.compact = True
        self.counter = 0
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self.history is not None

    def start(self, history_dict: dict[Any, Any] | None, compact: bool, reset_counter: bool) -> None:
        with self._lock:
            self.history = {} if history_dict is None else history_dict
            self.compact = compact
            if reset_counter:
                self.counter = 0

    def stop(self) -> None:
        with self._lock:
            self.history = None

    def record(self, request: dict[str, Any], response: Any) -> None:
        with self._lock:
            history = self.history
            if history is None:
                return
            tokens = {"model": getattr(response, "model", None), **token_counts(response)}
            cost = getattr(response, "cost", None)
            if self.compact:
                self._record_compact(history, request, response, cost, tokens)
            else:
                plain = {k: v for k, v in request.items() if not callable(v)}
                dumped = _plain(response)
                if isinstance(dumped, dict):
                    dumped["cost"] = cost
                history[self.counter] = {"request": json.loads(_key(plain)), "response": dumped}
            self.counter += 1

    def _record_compact(
        self,
        history: dict[Any, Any],
        request: dict[str, Any],
        response: Any,
        cost: Any,
        tokens: dict[str, Any],
    ) -> None:
        value: dict[str, list[Any]] = {"created_at": [], "cost": [], "token_count": []}
        if "messages" in request:
            messages = list(request["messages"])
            if len(messages) > 1 and messages[-1].get("role") != "assistant":
                value = history.pop(_key(messages[:-1]), value)
            answers = [_plain(choice.message) for choice in response.choices]
            key = _key(messages + answers)
        else:
            texts = [getattr(choice, "text", None) for choice in response.choices]
            key = _key([request.get("prompt"), *texts])
        value["created_at"].append(self.counter)
        value["cost"].append(cost)
        value["token_count"].append(tokens)
        history[key] = value


call_log = CallLog()
