"""Group chats: several agents in one conversation, a manager choosing who speaks next.

`GroupChat` is the state and the rules (members, messages, how the next speaker is chosen, the
transition graph); `GroupChatManager` is the agent that runs the conversation as its reply
function, so the same chat loop serves `initiate_chat`, `a_initiate_chat`, and a manager that is
itself a member of another group chat.

Differences from v0.2, each a hardening (the documented behaviour is otherwise kept):
- the transition graph may name agents by name, and is validated at construction: an unknown
  agent, or one with no transition in or out, raises a ValueError naming it;
- `auto` selection matches the model's answer exactly, then ignoring case/whitespace/punctuation,
  then by a single mention; it retries `max_retries_for_selecting_speaker` times, then falls
  back to the next agent in order (v0.2.0 failed over to round robin at once);
- a tool/function call nobody can execute gets an error tool message instead of an exception;
- an agent outside the group (the initiator, an outer manager) may start the chat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from autogen._bridge import run_sync
from autogen.agentchat import _groupchat_prompts as prompts
from autogen.agentchat import _speaker_selection as selection
from autogen.agentchat._groupchat_calls import content_str
from autogen.agentchat.agent import Agent
from autogen.exceptions import AgentNameConflict
from autogen.graph_utils import check_graph_validity, invert_disallowed_to_allowed

if TYPE_CHECKING:
    from autogen.oai.client import OpenAIWrapper

__all__ = ["GroupChat", "GroupChatManager"]

logger = logging.getLogger("autogen.groupchat")

SpeakerSelection = Literal["auto", "manual", "random", "round_robin"] | Callable[..., Any]


@dataclass
class GroupChat:
    """The members, the shared messages, and the rules for choosing the next speaker.

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
    select_speaker_message_template: str = prompts.SELECT_SPEAKER_MESSAGE_TEMPLATE
    select_speaker_prompt_template: str = prompts.SELECT_SPEAKER_PROMPT_TEMPLATE
    select_speaker_auto_multiple_template: str = prompts.SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE
    select_speaker_auto_none_template: str = prompts.SELECT_SPEAKER_AUTO_NONE_TEMPLATE
    select_speaker_auto_llm_config: dict[str, Any] | Literal[False] | None = None
    """LLM for `auto` selection; by default the manager's own client (and its registered clients)."""
    select_speaker_auto_model_client_cls: type | list[type] | None = None
    """Custom ModelClient class(es) to register on the `select_speaker_auto_llm_config` client."""
    role_for_select_speaker_messages: str = "system"
    allowed_speaker_transitions_dict: dict[Agent, list[Agent]] = field(init=False, repr=False)
    _auto_client: OpenAIWrapper | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self.agents = list(self.agents)
        names = [agent.name for agent in self.agents]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise AgentNameConflict(
                f"Agent names in a group chat must be unique; {duplicates} appear more than once. "
                "Rename them."
            )
        self._check_settings()
        self.allowed_speaker_transitions_dict = self._build_transitions()
        check_graph_validity(self.allowed_speaker_transitions_dict, self.agents)

    def _check_settings(self) -> None:
        method = self.speaker_selection_method
        if not callable(method) and (
            not isinstance(method, str) or method.lower() not in selection.VALID_METHODS
        ):
            raise ValueError(
                f"GroupChat speaker_selection_method is set to {method!r}; it must be one of "
                f"{list(selection.VALID_METHODS)} or a callable "
                "(last_speaker, groupchat) -> Agent | str | None."
            )
        if (
            not isinstance(self.max_retries_for_selecting_speaker, int)
            or self.max_retries_for_selecting_speaker < 0
        ):
            raise ValueError("max_retries_for_selecting_speaker must be an int >= 0.")
        if (
            self.allow_repeat_speaker is not None
            and self.allowed_or_disallowed_speaker_transitions is not None
        ):
            raise ValueError(
                "Give either allow_repeat_speaker or allowed_or_disallowed_speaker_transitions, not both: "
                "with a transition graph, allow a repeat by listing an agent among its own transitions."
            )
        if (
            self.allowed_or_disallowed_speaker_transitions is not None
            and self.speaker_transitions_type
            not in (
                "allowed",
                "disallowed",
            )
        ):
            raise ValueError(
                "allowed_or_disallowed_speaker_transitions is set, so speaker_transitions_type must be "
                f"'allowed' or 'disallowed' (got {self.speaker_transitions_type!r})."
            )
        if self.speaker_transitions_type is not None and self.speaker_transitions_type not in (
            "allowed",
            "disallowed",
        ):
            raise ValueError(
                "speaker_transitions_type must be 'allowed' or 'disallowed', "
                f"not {self.speaker_transitions_type!r}."
            )

    def _build_transitions(self) -> dict[Agent, list[Agent]]:
        given = self.allowed_or_disallowed_speaker_transitions
        if given is None:
            repeat = True if self.allow_repeat_speaker is None else self.allow_repeat_speaker
            return {
                agent: [
                    other
                    for other in self.agents
                    if other is not agent or repeat is True or (isinstance(repeat, list) and agent in repeat)
                ]
                for agent in self.agents
            }
        if not isinstance(given, dict):
            raise ValueError(
                "allowed_or_disallowed_speaker_transitions must be a dict {agent: [agents]}, "
                f"not {type(given).__name__}."
            )
        for key, value in given.items():
            if not isinstance(value, (list, tuple)):
                raise ValueError(
                    f"The transitions of {getattr(key, 'name', key)!r} must be a list of agents, "
                    f"not {type(value).__name__}."
                )
        resolved = {
            self._resolve(key, "as a key"): [self._resolve(v, "in a transition list") for v in value]
            for key, value in given.items()
        }
        if self.speaker_transitions_type == "allowed":
            return resolved
        return invert_disallowed_to_allowed(resolved, self.agents)

    def _resolve(self, agent_or_name: Any, where: str) -> Any:
        if isinstance(agent_or_name, str):
            agent = self.agent_by_name(agent_or_name)
            if agent is None:
                raise ValueError(
                    f"The speaker transition graph names {agent_or_name!r} {where}, but no agent of this "
                    f"group chat has that name (agents: {self.agent_names})."
                )
            return agent
        return agent_or_name

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
            message["content"] = content_str(message.get("content"))
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
            if isinstance(inner, GroupChat) and inner is not self:
                collected.extend(inner.nested_agents())
        return collected

    def next_agent(self, agent: Agent, agents: list[Agent] | None = None) -> Agent:
        """The member after `agent` in the group's order, among `agents` (default: all members).

        An agent outside the group is followed by the first eligible member.
        """
        from autogen.exceptions import UndefinedNextAgent

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
        return prompts.INTRODUCTIONS_TEMPLATE.format(roles=self._participant_roles(agents))

    # ---- selection ----------------------------------------------------------------------------

    async def a_select_speaker(self, last_speaker: Agent, selector: Any) -> Agent:
        """The next speaker after `last_speaker`; `selector` (the manager) lends its LLM to `auto`.

        Raises `NoEligibleSpeaker` when nobody may speak (the manager then ends the chat).
        """
        chosen: Agent = await selection.a_select_speaker(self, last_speaker, selector)
        return chosen

    def select_speaker(self, last_speaker: Agent, selector: Any) -> Agent:
        return run_sync(self.a_select_speaker(last_speaker, selector))

    async def a_manual_select_speaker(self, agents: list[Agent] | None = None) -> Agent | None:
        """Ask the human for the next speaker; None when they leave the choice to the model."""
        chosen: Agent | None = await selection.a_manual_select(self.agents if agents is None else agents)
        return chosen

    def manual_select_speaker(self, agents: list[Agent] | None = None) -> Agent | None:
        return run_sync(self.a_manual_select_speaker(agents))

    def random_select_speaker(self, agents: list[Agent] | None = None) -> Agent | None:
        import random

        pool = self.agents if agents is None else agents
        return random.choice(pool) if pool else None

    def _selection_client(self, selector: Any) -> tuple[Any, Any]:
        """(OpenAIWrapper or None, cache) used by `auto`: ours when configured, else the selector's."""
        if self.select_speaker_auto_llm_config:
            if self._auto_client is None:
                from autogen.oai.client import OpenAIWrapper

                self._auto_client = OpenAIWrapper(**self.select_speaker_auto_llm_config)
                classes = self.select_speaker_auto_model_client_cls
                for cls in classes if isinstance(classes, list) else [classes] if classes else []:
                    self._auto_client.register_model_client(cls)
            return self._auto_client, getattr(selector, "client_cache", None)
        return getattr(selector, "client", None), getattr(selector, "client_cache", None)
