"""A group chat's settings: its members, the shared messages and the rules, as data.

The behaviour that reads them (graph, selection, history) takes a `GroupChatSettings` as its
argument; `autogen.agentchat.groupchat.GroupChat` is this class plus v0.2's methods.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from autogen._content import content_str
from autogen.agentchat._groupchat.prompts import (
    INTRODUCTIONS_TEMPLATE,
    SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE,
    SELECT_SPEAKER_AUTO_NONE_TEMPLATE,
    SELECT_SPEAKER_MESSAGE_TEMPLATE,
    SELECT_SPEAKER_PROMPT_TEMPLATE,
)
from autogen.agentchat.agent import Agent
from autogen.exceptions import AgentNameConflict, UndefinedNextAgent

__all__ = ["VALID_METHODS", "GroupChatSettings", "SpeakerSelection"]

logger = logging.getLogger("autogen.groupchat")

VALID_METHODS = ("auto", "manual", "random", "round_robin")
"""The speaker selection methods named by a string."""

SpeakerSelection = Literal["auto", "manual", "random", "round_robin"] | Callable[..., Any]


@dataclass
class GroupChatSettings:
    """The members, the shared messages, and the rules for choosing the next speaker (data only).

    `speaker_selection_method`: "auto" (the LLM picks from the agents' descriptions),
    "round_robin", "random", "manual" (a human picks), or a callable
    `(last_speaker, groupchat) -> Agent | str | None` (an agent, its name, one of the method
    names to use this turn, or None to end the chat). Sync or async.
    `allowed_or_disallowed_speaker_transitions`: `{agent: [agents that may follow]}` (agents or
    their names), read as allowed or disallowed per `speaker_transitions_type`.
    """

    agents: list[Agent]
    messages: list[dict[str, Any]] = field(default_factory=list)
    max_round: int = 10
    admin_name: str = "Admin"
    func_call_filter: bool = True
    speaker_selection_method: SpeakerSelection = "auto"
    max_retries_for_selecting_speaker: int = 2
    allow_repeat_speaker: bool | list[Agent] | None = None
    allowed_or_disallowed_speaker_transitions: dict[Any, list[Any]] | None = None
    speaker_transitions_type: Literal["allowed", "disallowed"] | None = None
    enable_clear_history: bool = False
    send_introductions: bool = False
    select_speaker_message_template: str = SELECT_SPEAKER_MESSAGE_TEMPLATE
    select_speaker_prompt_template: str = SELECT_SPEAKER_PROMPT_TEMPLATE
    select_speaker_auto_multiple_template: str = SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE
    select_speaker_auto_none_template: str = SELECT_SPEAKER_AUTO_NONE_TEMPLATE
    select_speaker_auto_llm_config: dict[str, Any] | Literal[False] | None = None
    """LLM for `auto` selection; by default the manager's own client (and its registered clients)."""
    select_speaker_auto_model_client_cls: type | list[type] | None = None
    """Custom ModelClient class(es) to register on the `select_speaker_auto_llm_config` client."""
    role_for_select_speaker_messages: str = "system"
    select_speaker_auto_verbose: bool = False
    """Print each auto-selection answer and how it was matched (through the IO stream)."""
    select_speaker_transform_messages: Any = None
    """An object with `apply_transform(messages) -> messages` (v0.2's `TransformMessages`), applied to
    the history sent in the auto-selection request."""
    allowed_speaker_transitions_dict: dict[Agent, list[Agent]] = field(
        init=False, repr=False, default_factory=dict
    )
    """the allowed transitions, built from the settings by `graph.build_transitions`"""

    # ---- members and messages -------------------------------------------------------------

    @property
    def agent_names(self) -> list[str]:
        """The names of the members, in order."""
        return [agent.name for agent in self.agents]

    def reset(self) -> None:
        """Forget the messages (the members and rules stay)."""
        self.messages.clear()

    def append(self, message: dict[str, Any], speaker: Agent) -> None:
        """Record `message` as said by `speaker` (its `name` set, its content made text)."""
        if message.get("role") != "function":
            message["name"] = speaker.name
        if not isinstance(message.get("content"), str):
            message["content"] = content_str(message.get("content"), " ", strict=False)
        self.messages.append(message)

    def agent_by_name(
        self, name: str, recursive: bool = False, raise_on_name_conflict: bool = False
    ) -> Agent | None:
        """The member called `name` (also inside nested managers' chats when `recursive`), or None."""
        pool = self.nested_agents() if recursive else self.agents
        found = [agent for agent in pool if agent.name == name]
        if raise_on_name_conflict and len(found) > 1:
            raise AgentNameConflict(f"More than one agent in the group chat is named {name!r}.")
        return found[0] if found else None

    def nested_agents(self) -> list[Agent]:
        """The members, plus (recursively) the members of member managers' group chats."""
        collected: list[Agent] = []
        for agent in self.agents:
            collected.append(agent)
            inner = getattr(agent, "groupchat", None)
            if isinstance(inner, GroupChatSettings) and inner is not self:
                collected.extend(inner.nested_agents())
        return collected

    def next_agent(self, agent: Agent, agents: list[Agent] | None = None) -> Agent:
        """The member after `agent` in the group's order, among `agents` (default: all members).

        An agent outside the group is followed by the first eligible member.
        """
        pool = self.agents if agents is None else agents
        if not pool or not all(any(a is m for m in self.agents) for a in pool):
            raise UndefinedNextAgent(
                "next_agent needs a non-empty list of agents of this group chat; got "
                f"{[getattr(a, 'name', a) for a in pool]}."
            )
        start = next((i for i, member in enumerate(self.agents) if member is agent), -1) + 1
        for offset in range(len(self.agents)):
            candidate = self.agents[(start + offset) % len(self.agents)]
            if any(candidate is a for a in pool):
                return candidate
        raise UndefinedNextAgent("No next agent found.")  # unreachable: pool is a non-empty subset

    # ---- prompts ----------------------------------------------------------------------------

    def _participant_roles(self, agents: list[Agent] | None = None) -> str:
        lines = []
        for agent in self.agents if agents is None else agents:
            description = (getattr(agent, "description", "") or "").strip()
            if not description:
                logger.warning(
                    "Agent %r has no description; auto selection can only go by its name.", agent.name
                )
            lines.append(f"{agent.name}: {description}")
        return "\n".join(lines)

    def select_speaker_msg(self, agents: list[Agent] | None = None) -> str:
        """The system message of the auto-selection request."""
        agents = self.agents if agents is None else agents
        return self.select_speaker_message_template.format(
            roles=self._participant_roles(agents), agentlist=f"{[agent.name for agent in agents]}"
        )

    def select_speaker_prompt(self, agents: list[Agent] | None = None) -> str:
        """The instruction that closes the auto-selection request."""
        agents = self.agents if agents is None else agents
        return self.select_speaker_prompt_template.format(agentlist=f"{[agent.name for agent in agents]}")

    def introductions_msg(self, agents: list[Agent] | None = None) -> str:
        """The message that introduces the members to each other (`send_introductions`)."""
        return INTRODUCTIONS_TEMPLATE.format(roles=self._participant_roles(agents))
