"""`ConversableAgent`: identity, settings and per-peer history of an agent, and its messaging.

The logic of each reply kind lives in `replies/`, the turn loop in `_conversation.py`, message
shaping in `_messages.py`, printing in `_printing.py`. Every behaviour is an `a_x` coroutine; the
sync `x` beside it runs it through `autogen._bridge.run_sync` (`_twins.sync_method` where no
protocol declares `x`).
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from autogen import _telemetry
from autogen._bridge import run_sync
from autogen._content import content_str
from autogen.agentchat import _conversation
from autogen.agentchat._builtin_replies import SYNC_TWINS, BuiltinRepliesMixin
from autogen.agentchat._chat_result import ChatResult
from autogen.agentchat._chats import ChatsMixin
from autogen.agentchat._compat import CompatMixin
from autogen.agentchat._conversation import Hop, claim_hop, drive
from autogen.agentchat._functions import FunctionsMixin
from autogen.agentchat._history import HistoryMixin
from autogen.agentchat._hooks import apply_message_hooks, apply_send_hooks, check_hook, new_hook_lists
from autogen.agentchat._human_input import HumanInputMixin
from autogen.agentchat._messages import message_to_dict
from autogen.agentchat._printing import print_received_message
from autogen.agentchat._reply_chain import ReplyFunc, make_entry, replace_func, reset_entry, run_chain
from autogen.agentchat._state import StateMixin
from autogen.agentchat.agent import HUMAN_INPUT_MODES, Agent, HumanInputMode, LLMAgent
from autogen.agentchat.prompts import CONVERSABLE_SYSTEM_MESSAGE, TERMINATION_WORD
from autogen.agentchat.replies.nested import make_nested_reply
from autogen.agentchat.reply_context import ReplyContext
from autogen.exceptions import AgentConfigError, InvalidMessageError, SenderRequired

if TYPE_CHECKING:
    from autogen.oai.client import OpenAIWrapper

__all__ = ["ConversableAgent", "register_function"]

logger = logging.getLogger(__name__)
Message = dict[str, Any]
_NONE: frozenset[Any] = frozenset()


def register_function(
    f: Callable[..., Any],
    *,
    caller: ConversableAgent,
    executor: ConversableAgent,
    name: str | None = None,
    description: str,
) -> None:
    """Offer `f` to `caller`'s model and let `executor` run it: both tool decorators in one call."""
    from autogen.agentchat._tool_registration import register_function as _register

    _register(f, caller=caller, executor=executor, name=name, description=description)


def _default_model() -> str:
    try:
        from autogen.code_utils import DEFAULT_MODEL
    except ImportError:  # pragma: no cover - code_utils is part of the package
        return "gpt-4"
    return str(DEFAULT_MODEL)


def _default_is_termination(message: Message) -> bool:
    return message.get("content") == TERMINATION_WORD


class ConversableAgent(
    BuiltinRepliesMixin,
    ChatsMixin,
    CompatMixin,
    FunctionsMixin,
    HistoryMixin,
    HumanInputMixin,
    StateMixin,
    LLMAgent,
):
    """An agent that converses: replies with an LLM, code execution, tools, a human, or your functions.

    Parameters keep v0.2's names, defaults and meaning. `llm_config`: a dict for `OpenAIWrapper`
    (`config_list`, `cache_seed`, …); False turns the LLM off; None (default) means "rely on the
    `OPENAI_API_KEY` environment variable" with the default model, as v0.2 documents: without that
    variable the agent simply has no LLM. `code_execution_config`: False (default) or a dict for
    the code executor (`{}` takes its defaults). Replies are tried last-registered first, so your
    `register_reply` functions run ahead of the built-ins (termination and human input, function
    calls, tool calls, code execution, LLM). A conversation of any length runs without recursion
    (see `_conversation.py`); `save_state()` / `load_state()` (and `chat.save_chat`,
    `chat.resume_chat`) save it as JSON and carry it on later.
    """

    MAX_CONSECUTIVE_AUTO_REPLY = 100
    DEFAULT_CONFIG: dict[str, Any] | Literal[False] = {}  # merged under a dict llm_config
    DEFAULT_SUMMARY_METHOD = "last_msg"

    def __init__(
        self,
        name: str,
        system_message: str | list[Any] | None = CONVERSABLE_SYSTEM_MESSAGE,
        is_termination_msg: Callable[[Message], bool] | None = None,
        max_consecutive_auto_reply: int | None = None,
        human_input_mode: HumanInputMode = "TERMINATE",
        function_map: dict[str, Callable[..., Any]] | None = None,
        code_execution_config: dict[str, Any] | Literal[False] | None = False,
        llm_config: dict[str, Any] | Literal[False] | None = None,
        default_auto_reply: str | Message = "",
        description: str | None = None,
        chat_messages: dict[Agent, list[Message]] | None = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise AgentConfigError(f"agent name must be a non-empty string, got {name!r}")
        if human_input_mode not in HUMAN_INPUT_MODES:
            raise AgentConfigError(
                f"agent {name!r}: human_input_mode must be 'ALWAYS', 'NEVER' or 'TERMINATE', "
                f"got {human_input_mode!r}"
            )
        self._name = name
        self._oai_messages: defaultdict[Agent, list[Message]] = defaultdict(list)
        if chat_messages is not None:
            self._oai_messages.update(chat_messages)
        self._oai_system_message: list[dict[str, Any]] = [{"content": system_message or "", "role": "system"}]
        self._description: str = (
            description if description is not None else content_str(system_message, strict=False)
        )
        self._is_termination_msg = is_termination_msg or _default_is_termination
        self.human_input_mode: HumanInputMode = human_input_mode
        self._max_consecutive_auto_reply = (
            max_consecutive_auto_reply
            if max_consecutive_auto_reply is not None
            else self.MAX_CONSECUTIVE_AUTO_REPLY
        )
        self._consecutive_auto_reply_counter: defaultdict[Agent | None, int] = defaultdict(int)
        self._max_consecutive_auto_reply_dict: defaultdict[Agent | None, int] = defaultdict(
            self.max_consecutive_auto_reply
        )
        self._function_map: dict[str, Callable[..., Any]] = {}
        if function_map:
            self.register_function(function_map)
        self._code_execution_config: dict[str, Any] | Literal[False] = (
            {}
            if code_execution_config is None
            else dict(code_execution_config)
            if isinstance(code_execution_config, dict)
            else False
        )
        self._default_auto_reply = default_auto_reply
        self.reply_at_receive: defaultdict[Agent, bool] = defaultdict(bool)
        self._human_input: list[str] = []
        self._reply_func_list: list[dict[str, Any]] = []
        self._finished_chats: list[ChatResult] = []
        self.hook_lists: dict[str, list[Callable[..., Any]]] = new_hook_lists()
        self.client_cache: Any = None
        self.previous_cache: Any = None
        self._set_llm_config(llm_config)
        # built-ins in v0.2's order; each insert goes first, so the last one here runs first
        for builtin in (
            ConversableAgent.a_generate_oai_reply,
            ConversableAgent.a_generate_code_execution_reply,
            ConversableAgent.a_generate_tool_calls_reply,
            ConversableAgent.a_generate_function_call_reply,
            ConversableAgent.a_check_termination_and_human_reply,
        ):
            self.register_reply([Agent, None], builtin)
        _telemetry.new_agent(self, locals())

    # ---- identity and settings -------------------------------------------------------------
    def _set_llm_config(self, llm_config: dict[str, Any] | Literal[False] | None) -> None:
        if llm_config is not False and llm_config is not None and not isinstance(llm_config, dict):
            raise AgentConfigError(
                f"agent {self._name!r}: llm_config must be a dict, False or None, got {llm_config!r}"
            )
        self._client: OpenAIWrapper | None = None
        self._client_pending = False
        if llm_config is False:
            self.llm_config: dict[str, Any] | Literal[False] = False
            return
        base = dict(self.DEFAULT_CONFIG) if isinstance(self.DEFAULT_CONFIG, dict) else {}
        if llm_config is None:
            self.llm_config = {**base, "model": _default_model()}
            self._client_pending = True  # built on first use, from OPENAI_API_KEY
            return
        self.llm_config = {**base, **llm_config}
        from autogen.oai.client import OpenAIWrapper

        self._client = OpenAIWrapper(**self.llm_config)

    @property
    def client(self) -> OpenAIWrapper | None:
        """The `OpenAIWrapper` this agent calls, or None when it has no LLM."""
        if self._client_pending:
            self._client_pending = False
            if os.environ.get("OPENAI_API_KEY") and isinstance(self.llm_config, dict):
                from autogen.oai.client import OpenAIWrapper

                self._client = OpenAIWrapper(**self.llm_config)
            else:
                logger.warning(
                    "agent %r has no LLM: llm_config was not given and OPENAI_API_KEY is not set. "
                    "Pass llm_config={'config_list': [...]} to use a model, or llm_config=False to say so.",
                    self._name,
                )
        return self._client

    @client.setter
    def client(self, value: OpenAIWrapper | None) -> None:
        self._client, self._client_pending = value, False

    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str:
        return self._description

    @description.setter
    def description(self, description: str) -> None:
        self._description = description

    @property
    def system_message(self) -> str:
        content: str = self._oai_system_message[0]["content"]
        return content

    def update_system_message(self, system_message: str) -> None:
        self._oai_system_message[0]["content"] = system_message

    @property
    def chat_messages(self) -> dict[Agent, list[Message]]:
        """The history with each peer (the live lists, not copies)."""
        return self._oai_messages

    def chat_messages_for_summary(self, agent: Agent) -> list[Message]:
        return self._oai_messages[agent]

    function_timeout: float | None = None
    """Seconds a tool or function may run before its call is answered with a timeout error."""

    def reply_context(
        self, sender: Agent | None, messages: list[Message] | None = None, config: Any = None
    ) -> ReplyContext:
        """What a reply function may read and do for a reply to `sender` (see `reply_context.py`).

        `messages` default to the history with `sender`.
        """
        if messages is None:
            messages = self._oai_messages[sender] if sender is not None else []
        return ReplyContext(
            agent=self,
            sender=sender,
            messages=messages,
            config=config,
            chat_messages=self._oai_messages,
            client=self.client,
            cache=self.client_cache,
            system_messages=self._oai_system_message,
            code_execution_config=self._code_execution_config,
            function_map=self._function_map,
            function_timeout=self.function_timeout,
            human_input_mode=self.human_input_mode,
            is_termination_msg=self._is_termination_msg,
            ask_human=self._a_ask_human,
            auto_reply_counts=self._consecutive_auto_reply_counter,
            max_auto_reply=self._max_consecutive_auto_reply_dict[sender],
        )

    def register_model_client(self, model_client_cls: type, **kwargs: Any) -> None:
        """Activate a custom `ModelClient` class named by a config entry's `model_client_cls`."""
        if self.client is None:
            raise AgentConfigError(
                f"agent {self._name!r} has no LLM (llm_config is False); cannot register a model client."
            )
        self.client.register_model_client(model_client_cls, **kwargs)

    # ---- reply chain -------------------------------------------------------------------------
    def register_reply(
        self,
        trigger: type | str | Agent | Callable[[Agent], bool] | list[Any] | None,
        reply_func: ReplyFunc,
        position: int = 0,
        config: Any = None,
        reset_config: Callable[[Any], None] | None = None,
        *,
        ignore_async_in_sync_chat: bool = False,
        remove_other_reply_funcs: bool = False,
    ) -> None:
        """Add `reply_func(recipient, messages, sender, config) -> (final, reply)` to the chain.

        `position=0` puts it first. Sync and async functions both run in sync and async chats
        (sync ones on a worker thread), so `ignore_async_in_sync_chat` is accepted and unused.
        """
        reply_func = SYNC_TWINS.get(reply_func, reply_func)  # a sync built-in means its async twin
        entry = make_entry(trigger, reply_func, config, reset_config, ignore_async_in_sync_chat)
        if remove_other_reply_funcs:
            self._reply_func_list.clear()
        self._reply_func_list.insert(position, entry)

    def replace_reply_func(self, old_reply_func: ReplyFunc, new_reply_func: ReplyFunc) -> None:
        """Swap the function of the entries running `old_reply_func`; their trigger and config stay."""
        old = SYNC_TWINS.get(old_reply_func, old_reply_func)
        new = SYNC_TWINS.get(new_reply_func, new_reply_func)
        for entry in self._reply_func_list:
            if entry["reply_func"] is old:
                replace_func(entry, new)

    def register_hook(self, hookable_method: str, hook: Callable[..., Any]) -> None:
        """Add `hook` to one of the hookable steps (v0.2 capabilities use these)."""
        check_hook(self.hook_lists, hookable_method, hook)
        self.hook_lists[hookable_method].append(hook)

    def register_nested_chats(
        self,
        chat_queue: list[dict[str, Any]],
        trigger: Any,
        reply_func_from_nested_chats: str | Callable[..., Any] = "summary_from_nested_chats",
        position: int = 2,
        **kwargs: Any,
    ) -> None:
        """When `trigger` matches, run `chat_queue` as sequential chats and reply with the last summary."""
        func = make_nested_reply(chat_queue, reply_func_from_nested_chats)
        self.register_reply(trigger, func, position, kwargs.get("config"), kwargs.get("reset_config"))

    # ---- messaging ---------------------------------------------------------------------------
    async def a_send(
        self,
        message: Message | str,
        recipient: Agent,
        request_reply: bool | None = None,
        silent: bool = False,
    ) -> None:
        """Record `message` in the history with `recipient` and deliver it, with all replies it leads to."""
        message = await self._a_record_sent(message, recipient, silent)
        hop = Hop(recipient, message, self, request_reply, silent)
        queue = _conversation.claim_tail(self, recipient)
        if queue is not None:
            queue.append(hop)  # a reply sent through a `send` override: the driver delivers it
        else:
            await drive(hop)

    # send, receive and generate_reply spell out their parameters: the `Agent` protocol declares
    # them, and type checkers would give a `sync_method` twin the protocol's narrower signature
    def send(
        self,
        message: Message | str,
        recipient: Agent,
        request_reply: bool | None = None,
        silent: bool = False,
    ) -> None:
        return run_sync(self.a_send(message, recipient, request_reply, silent))

    async def _a_record_sent(self, message: Message | str, recipient: Agent, silent: bool) -> Any:
        message = await apply_send_hooks(self.hook_lists, self, message, recipient, silent)
        if not self._append_oai_message(message, "assistant", recipient, is_sending=True):
            raise InvalidMessageError(
                f"agent {self._name!r} cannot send {message!r}: a message needs 'content', "
                "'function_call' or 'tool_calls'."
            )
        return message

    async def a_receive(
        self, message: Message | str, sender: Agent, request_reply: bool | None = None, silent: bool = False
    ) -> None:
        """Record `message` from `sender`; unless told not to, generate a reply and send it back."""
        hop = claim_hop(self)
        self._process_received_message(message, sender, silent)
        if request_reply is False or (request_reply is None and not self.reply_at_receive[sender]):
            return
        sync_generate = _conversation.override_of(self, "generate_reply")
        messages = self._oai_messages[sender]
        reply = await (sync_generate or self.a_generate_reply)(messages=messages, sender=sender)
        if reply is None:
            return
        if _conversation.send_overridden(self):
            await _conversation.tail_send(self, reply, sender, silent, hop)
            return
        reply = await self._a_record_sent(reply, sender, silent)
        next_hop = Hop(sender, reply, self, None, silent)
        if hop is not None:
            hop.queue.append(next_hop)  # the driver delivers it: no recursion
        else:
            await drive(next_hop)

    def _process_received_message(self, message: Message | str, sender: Agent, silent: bool) -> None:
        if not self._append_oai_message(message, "user", sender, is_sending=False):
            raise InvalidMessageError(
                f"agent {self._name!r} received {message!r} from {sender.name!r}, which is not a valid chat "
                "message: it needs 'content', 'function_call' or 'tool_calls'."
            )
        if not silent:
            self._print_received_message(message, sender)

    def _print_received_message(self, message: Message | str, sender: Agent) -> None:
        allow = bool(self.llm_config and self.llm_config.get("allow_format_str_template"))
        print_received_message(message_to_dict(message), sender.name, self._name, allow)

    def receive(
        self, message: Message | str, sender: Agent, request_reply: bool | None = None, silent: bool = False
    ) -> None:
        return run_sync(self.a_receive(message, sender, request_reply, silent))

    async def a_generate_reply(
        self,
        messages: list[Message] | None = None,
        sender: Agent | None = None,
        exclude: Iterable[ReplyFunc] = (),
        **kwargs: Any,
    ) -> str | Message | None:
        """The first final reply of the chain for `messages` (default: the history with `sender`).

        Falls back to `default_auto_reply` when no reply function is final. `exclude` skips the
        given reply functions (sync built-in names such as `ConversableAgent.generate_oai_reply` work).
        """
        if messages is None and sender is None:
            raise SenderRequired(f"agent {self._name!r}: generate_reply needs `messages` or `sender`.")
        if messages is None:
            messages = self._oai_messages[sender]  # type: ignore[index]
        messages = await apply_message_hooks(self.hook_lists, messages)
        excluded = frozenset(SYNC_TWINS.get(f, f) for f in exclude) if exclude else _NONE
        with _telemetry.span("autogen.turn", self, sender):
            final, reply = await run_chain(self, tuple(self._reply_func_list), messages, sender, excluded)
        return reply if final else self._default_auto_reply

    def generate_reply(
        self,
        messages: list[Message] | None = None,
        sender: Agent | None = None,
        exclude: Iterable[ReplyFunc] = (),
        **kwargs: Any,
    ) -> str | Message | None:
        return run_sync(self.a_generate_reply(messages, sender, exclude, **kwargs))

    # ---- history and counters ----------------------------------------------------------------
    def reset(self) -> None:
        """Clear all history, counters and reply settings; reset each reply function's config."""
        self.clear_history()
        self.reset_consecutive_auto_reply_counter()
        self.stop_reply_at_receive()
        client = self._client
        if client is not None:
            client.clear_usage_summary()
        for entry in self._reply_func_list:
            reset_entry(entry)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self._name!r})"


_conversation.BASES.append(ConversableAgent)
