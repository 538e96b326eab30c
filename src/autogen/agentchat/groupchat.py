"""Group chats: several agents in one conversation, a manager choosing who speaks next.

This module is the public face (v0.2's import path) and the home of the two classes; their
behaviour lives in `_groupchat/` (settings, graph, selection, calls, history, prompts), which
never imports this module. `GroupChat` is the state and the rules (members, messages, how the
next speaker is chosen, the transition graph); `GroupChatManager` is the agent that runs the
conversation as its reply function, so the same chat loop serves `initiate_chat`,
`a_initiate_chat`, and a manager that is itself a member of another group chat.

Differences from v0.2, each a hardening (the documented behaviour is otherwise kept):
- the transition graph may name agents by name, and is validated at construction: an unknown
  agent, or one with no transition in or out, raises a ValueError naming it;
- `auto` selection matches the model's answer exactly, then ignoring case/whitespace/punctuation,
  then by a single mention; it retries `max_retries_for_selecting_speaker` times, then falls
  back to the next agent in order (v0.2.0 failed over to round robin at once);
- a message carrying tool/function calls goes to an agent that can run them before anything else
  decides (a callable method included; set `func_call_filter=False` to decide yourself), and a
  call nobody can run is answered by the manager with an error tool message (matched by
  `tool_call_id`) instead of an exception or an endpoint 400;
- the `auto` selection request renders the chat as plain named text turns, so pending calls
  never make it invalid;
- an agent outside the group (the initiator, an outer manager) may start the chat, and agents
  appended to `agents` later take part (unless a transition graph says otherwise);
- a manager that is a member of another group chat answers the outer manager with the last
  message of its own chat (v0.2 returned nothing, which ended the outer chat).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from autogen import _telemetry
from autogen._bridge import sync_method
from autogen.agentchat._chats import ChatsMixin
from autogen.agentchat._conversation import override_of
from autogen.agentchat._groupchat import prompts, selection
from autogen.agentchat._groupchat.calls import content_str, unexecutable_calls_reply
from autogen.agentchat._groupchat.compat import GroupChatCompat
from autogen.agentchat._groupchat.graph import build_transitions, check_settings
from autogen.agentchat._groupchat.history import (
    apply_clear_history,
    check_resume_messages,
    load_saved_chat,
    messages_from_string,
    messages_to_string,
    strip_termination,
    wants_clear_history,
)
from autogen.agentchat._printing import colour, use_colour
from autogen.agentchat.agent import Agent, HumanInputMode
from autogen.agentchat.conversable_agent import ConversableAgent
from autogen.exceptions import (
    AgentNameConflict,
    GroupChatConfigError,
    NoEligibleSpeaker,
    SenderRequired,
)
from autogen.graph_utils import check_graph_validity
from autogen.io import IOStream

if TYPE_CHECKING:
    from autogen.oai.client import OpenAIWrapper

__all__ = ["GroupChat", "GroupChatManager"]

logger = logging.getLogger("autogen.groupchat")


@dataclass
class GroupChat(GroupChatCompat):
    """The members, the shared messages, and the rules for choosing the next speaker.

    The settings (every field, with its docstring) are `_groupchat.settings.GroupChatSettings`;
    `_groupchat.compat` adds v0.2.35's helper methods; this class adds the checks at
    construction and the selection methods, each a call into `_groupchat/`.
    `speaker_selection_method`: "auto" (the LLM picks from the agents' descriptions),
    "round_robin", "random", "manual" (a human picks), or a callable
    `(last_speaker, groupchat) -> Agent | str | None` (an agent, its name, one of the method
    names to use this turn, or None to end the chat). Sync or async.
    `allowed_or_disallowed_speaker_transitions`: `{agent: [agents that may follow]}` (agents or
    their names), read as allowed or disallowed per `speaker_transitions_type`.
    """

    _auto_client: OpenAIWrapper | None = field(init=False, repr=False, compare=False, default=None)
    _warned_no_llm: bool = field(init=False, repr=False, compare=False, default=False)

    def __post_init__(self) -> None:
        self.agents = list(self.agents)
        check_settings(self)
        names = [agent.name for agent in self.agents]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise AgentNameConflict(
                f"Agent names in a group chat must be unique; {duplicates} appear more than once. "
                "Rename them."
            )
        self.allowed_speaker_transitions_dict = build_transitions(self)
        check_graph_validity(self.allowed_speaker_transitions_dict, self.agents)

    # ---- selection ----------------------------------------------------------------------------

    async def a_select_speaker(self, last_speaker: Agent, selector: Any) -> Agent:
        """The next speaker after `last_speaker`; `selector` (the manager) lends its LLM to `auto`.

        Raises `NoEligibleSpeaker` when nobody may speak (the manager then ends the chat).
        """
        client, cache = self._selection_client(selector)
        chosen: Agent = await selection.a_select_speaker(self, last_speaker, selector, client, cache)
        _telemetry.event(selector, "select_speaker", last_speaker=last_speaker, chosen=chosen)
        return chosen

    select_speaker = sync_method(a_select_speaker)

    async def a_auto_select_speaker(
        self,
        last_speaker: Agent,
        selector: Any,
        messages: list[dict[str, Any]] | None,
        agents: list[Agent] | None,
    ) -> Agent:
        """v0.2.35's `auto` step alone: ask the model (with its re-queries) among `agents`.

        `messages` is accepted for v0.2.35's signature; the request is built from this group
        chat's own messages, which is what v0.2.35's callers pass. Falls back to the next agent
        in order when no single name comes back.
        """
        client, cache = self._selection_client(selector)
        pool = self.agents if agents is None else agents
        chosen: Agent = await selection.a_auto_select(self, last_speaker, pool, selector, client, cache)
        return chosen

    _auto_select_speaker = sync_method(a_auto_select_speaker)

    async def a_manual_select_speaker(self, agents: list[Agent] | None = None) -> Agent | None:
        """Ask the human for the next speaker; None when they leave the choice to the model."""
        chosen: Agent | None = await selection.a_manual_select(self.agents if agents is None else agents)
        return chosen

    manual_select_speaker = sync_method(a_manual_select_speaker)

    def _selection_client(self, selector: Any) -> tuple[OpenAIWrapper | None, Any]:
        """(OpenAIWrapper or None, cache) for `auto`: ours when configured, else the selector's.

        Passed into the selection logic, which never reaches for it. Without any, `auto` falls
        back to the next agent in order; that is said once per group chat.
        """
        cache = getattr(selector, "client_cache", None)
        if self.select_speaker_auto_llm_config:
            if self._auto_client is None:
                from autogen.oai.client import OpenAIWrapper

                self._auto_client = OpenAIWrapper(**self.select_speaker_auto_llm_config)
                classes = self.select_speaker_auto_model_client_cls
                for cls in classes if isinstance(classes, list) else [classes] if classes else []:
                    self._auto_client.register_model_client(cls)
            return self._auto_client, cache
        client: OpenAIWrapper | None = getattr(selector, "client", None)
        if client is None and not self._warned_no_llm and self.speaker_selection_method == "auto":
            self._warned_no_llm = True
            logger.warning(
                "auto speaker selection has no LLM (the manager has no llm_config); the next agent in "
                "order speaks each round. Give the manager an llm_config, or use round_robin."
            )
        return client, cache


class GroupChatManager(ConversableAgent):
    """The agent that runs a `GroupChat`: start one with `member.initiate_chat(manager, message=...)`.

    Its one reply function, `a_run_chat`, is the chat loop: record each message, broadcast it to the
    other members, stop on the manager's `is_termination_msg` or after `max_round` messages,
    otherwise select the next speaker and ask it for a reply. A manager can itself be a member of
    another group chat: asked by the outer manager, it runs its chat and answers with its last message.
    """

    def __init__(
        self,
        groupchat: GroupChat,
        name: str = "chat_manager",
        max_consecutive_auto_reply: int | None = sys.maxsize,
        human_input_mode: HumanInputMode = "NEVER",
        system_message: str | list[Any] | None = prompts.GROUP_CHAT_MANAGER_SYSTEM_MESSAGE,
        silent: bool = False,
        **kwargs: Any,
    ) -> None:
        llm_config = kwargs.get("llm_config")
        if isinstance(llm_config, dict) and (llm_config.get("functions") or llm_config.get("tools")):
            raise GroupChatConfigError(
                "GroupChatManager does not make function or tool calls; remove 'functions'/'tools' from its "
                "llm_config and give them to a member agent instead."
            )
        if not isinstance(groupchat, GroupChat):
            raise GroupChatConfigError(f"GroupChatManager needs a GroupChat, not {type(groupchat).__name__}.")
        super().__init__(
            name=name,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            human_input_mode=human_input_mode,
            system_message=system_message,
            **kwargs,
        )
        self._groupchat = groupchat
        self._last_speaker: Agent | None = None
        self._silent = silent
        self.register_reply(
            Agent, GroupChatManager.a_run_chat, config=groupchat, reset_config=GroupChat.reset
        )

    @property
    def groupchat(self) -> GroupChat:
        """The group chat this manager runs."""
        return self._groupchat

    @property
    def last_speaker(self) -> Agent | None:
        """The member who spoke last (None before the first round)."""
        return self._last_speaker

    def chat_messages_for_summary(self, agent: Agent) -> list[dict[str, Any]]:
        """A summary of a group chat covers the whole group's messages, not one pair's."""
        return self._groupchat.messages

    def _prepare_chat(
        self,
        recipient: ChatsMixin,
        clear_history: bool,
        prepare_recipient: bool = True,
        reply_at_receive: bool = True,
    ) -> None:
        """Starting a chat with the manager prepares every member's chat with it too (counters, history)."""
        super()._prepare_chat(recipient, clear_history, prepare_recipient, reply_at_receive)
        if clear_history:
            self._groupchat.reset()
        peer: object = recipient
        for agent in self._groupchat.agents:
            if (agent is not peer or prepare_recipient) and isinstance(agent, ConversableAgent):
                agent._prepare_chat(self, clear_history, False, reply_at_receive)

    # ---- the chat loop ------------------------------------------------------------------------

    async def a_run_chat(
        self, messages: list[dict[str, Any]] | None = None, sender: Agent | None = None, config: Any = None
    ) -> tuple[bool, str | None]:
        """The chat loop (registered as this manager's reply function). Sync twin: `run_chat`."""
        groupchat = self._groupchat
        if isinstance(config, GroupChat) and config.messages is not groupchat.messages:
            groupchat = config  # registered for another group chat (register_reply copies the config)
        if sender is None:
            raise SenderRequired("a_run_chat needs the sender of the message that starts the group chat.")
        if messages is None:
            messages = self.chat_messages[sender]
        message: dict[str, Any] = messages[-1]
        speaker: Any = sender
        anchor: Any = sender  # who selection continues from: the last member who spoke
        if groupchat.send_introductions:
            introduction = groupchat.introductions_msg()
            for agent in groupchat.agents:
                await self.a_send(introduction, agent, request_reply=False, silent=True)
        shared_cache = self.client_cache
        previous_caches = {}
        if shared_cache is not None:
            for agent in groupchat.agents:
                if isinstance(agent, ConversableAgent):
                    previous_caches[agent] = agent.client_cache
                    agent.client_cache = shared_cache
        try:
            for round_number in range(groupchat.max_round):
                if speaker is not self:
                    self._last_speaker = speaker
                groupchat.append(message, speaker)
                for agent in groupchat.agents:
                    if agent is not speaker:
                        await self.a_send(message, agent, request_reply=False, silent=True)
                if self._is_termination_msg(message) or round_number == groupchat.max_round - 1:
                    break
                if any(agent is speaker for agent in groupchat.agents):
                    anchor = speaker
                error = (
                    unexecutable_calls_reply(message, groupchat.agents)
                    if groupchat.func_call_filter
                    else None
                )
                if error is not None:
                    logger.warning(
                        "No member can execute the call(s) in %s's message; answering with an error.",
                        getattr(speaker, "name", speaker),
                    )
                    message, speaker = error, self
                    continue
                try:
                    speaker = await groupchat.a_select_speaker(anchor, self)
                except NoEligibleSpeaker:
                    break
                if not self._silent:
                    stream = IOStream.get_default()
                    stream.print(
                        colour(f"\nNext speaker: {speaker.name}\n", "green", use_colour(stream)), flush=True
                    )
                reply = await (override_of(speaker, "generate_reply") or speaker.a_generate_reply)(
                    sender=self
                )
                if reply is None:
                    break
                if groupchat.enable_clear_history and wants_clear_history(reply):
                    reply = {"content": reply} if isinstance(reply, str) else reply
                    reply["content"] = self.clear_agents_history(reply, groupchat)
                await (override_of(speaker, "send") or speaker.a_send)(reply, self, False, self._silent)
                message = self.last_message(speaker) or {"content": "", "role": "user"}
        finally:
            for agent, cache in previous_caches.items():
                agent.client_cache = cache
        if isinstance(sender, GroupChatManager):
            return True, content_str(groupchat.messages[-1].get("content")) if groupchat.messages else None
        return True, None

    run_chat = sync_method(a_run_chat)

    def clear_agents_history(self, reply: dict[str, Any], groupchat: GroupChat) -> str:
        """Carry out a CLEAR HISTORY command found in `reply`; return the reply text without it."""
        return apply_clear_history(reply, groupchat)

    # ---- resuming a saved chat ----------------------------------------------------------------

    async def a_resume(
        self,
        messages: list[dict[str, Any]] | str,
        remove_termination_string: str | Callable[[str], str] | None = None,
        silent: bool | None = False,
    ) -> tuple[ConversableAgent, dict[str, Any]]:
        """Load a saved group chat; return (last speaker, last message) to continue it with:

            last_agent, last_message = manager.resume(messages=saved)
            last_agent.initiate_chat(manager, message=last_message, clear_history=False)

        Every message but the last is replayed into the group chat and into each member's history.
        """
        last_agent, last_message = await load_saved_chat(
            self, self._groupchat, messages, remove_termination_string, bool(silent), self._is_termination_msg
        )
        self._last_speaker = last_agent
        return last_agent, last_message

    resume = sync_method(a_resume)

    def _valid_resume_messages(self, messages: list[dict[str, Any]]) -> None:
        """Raise (a ValueError) when `messages` cannot be resumed in this manager's group chat."""
        check_resume_messages(messages, self._groupchat, self.name)

    def _process_resume_termination(
        self, remove_termination_string: str | Callable[[str], str] | None, messages: list[dict[str, Any]]
    ) -> None:
        """Strip the termination text from the last message of a chat about to be resumed."""
        if messages:
            strip_termination(messages[-1], remove_termination_string, self._is_termination_msg)

    @staticmethod
    def messages_to_string(messages: list[dict[str, Any]]) -> str:
        """Serialize group chat messages for `resume`."""
        return messages_to_string(messages)

    @staticmethod
    def messages_from_string(message_string: str) -> list[dict[str, Any]]:
        """Parse messages serialized by `messages_to_string`."""
        return messages_from_string(message_string)
