"""How a `GroupChat`'s settings become its speaker-transition graph, with the checks on the way.

Agents in a user's graph may be given by name; they are resolved here, so a typo fails at
construction with the list of real names.
"""

from __future__ import annotations

from typing import Any

from autogen.agentchat._groupchat.settings import VALID_METHODS, GroupChatSettings
from autogen.exceptions import GroupChatConfigError
from autogen.graph_utils import invert_disallowed_to_allowed

__all__ = ["build_transitions", "check_settings"]

# template setting -> the placeholders it may use (v0.2's names)
_TEMPLATES = {
    "select_speaker_message_template": ("roles", "agentlist"),
    "select_speaker_prompt_template": ("agentlist",),
    "select_speaker_auto_multiple_template": ("agentlist",),
    "select_speaker_auto_none_template": ("agentlist",),
}


def check_settings(self: GroupChatSettings) -> None:
    """Raise ValueError, naming the setting, for settings that contradict each other or are unknown."""
    for index, agent in enumerate(self.agents):
        if not isinstance(getattr(agent, "name", None), str):
            raise GroupChatConfigError(
                f"GroupChat agents[{index}] is {agent!r}, which is not an agent (it has no string `name`)."
            )
    if not isinstance(self.max_round, int) or self.max_round < 1:
        raise GroupChatConfigError(f"GroupChat max_round must be an int >= 1, not {self.max_round!r}.")
    for setting, placeholders in _TEMPLATES.items():
        template = getattr(self, setting)
        try:
            template.format(**dict.fromkeys(placeholders, ""))
        except (KeyError, IndexError, ValueError, AttributeError) as err:
            raise GroupChatConfigError(
                f"GroupChat {setting} cannot be filled in ({type(err).__name__}: {err}); it may use only "
                f"the placeholders {['{' + p + '}' for p in placeholders]} "
                "(write other braces doubled: '{{' and '}}')."
            ) from None
    method = self.speaker_selection_method
    if not callable(method) and (not isinstance(method, str) or method.lower() not in VALID_METHODS):
        raise GroupChatConfigError(
            f"GroupChat speaker_selection_method is set to {method!r}; it must be one of "
            f"{list(VALID_METHODS)} or a callable "
            "(last_speaker, groupchat) -> Agent | str | None."
        )
    if (
        not isinstance(self.max_retries_for_selecting_speaker, int)
        or self.max_retries_for_selecting_speaker < 0
    ):
        raise GroupChatConfigError("max_retries_for_selecting_speaker must be an int >= 0.")
    if self.allow_repeat_speaker is not None and self.allowed_or_disallowed_speaker_transitions is not None:
        raise GroupChatConfigError(
            "Give either allow_repeat_speaker or allowed_or_disallowed_speaker_transitions, not both: "
            "with a transition graph, allow a repeat by listing an agent among its own transitions."
        )
    kind = self.speaker_transitions_type
    graph_given = self.allowed_or_disallowed_speaker_transitions is not None
    if kind not in ("allowed", "disallowed") and (graph_given or kind is not None):
        raise GroupChatConfigError(
            ("allowed_or_disallowed_speaker_transitions is set, so " if graph_given else "")
            + f"speaker_transitions_type must be 'allowed' or 'disallowed', not {kind!r}."
        )


def build_transitions(self: GroupChatSettings) -> dict[Any, list[Any]]:
    """The allowed-transitions graph: given, inverted from disallowed, or fully connected."""
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
        raise GroupChatConfigError(
            "allowed_or_disallowed_speaker_transitions must be a dict {agent: [agents]}, "
            f"not {type(given).__name__}."
        )
    for key, value in given.items():
        if not isinstance(value, (list, tuple)):
            raise GroupChatConfigError(
                f"The transitions of {getattr(key, 'name', key)!r} must be a list of agents, "
                f"not {type(value).__name__}."
            )
    resolved = {
        _resolve(self, key, "as a key"): [_resolve(self, v, "in a transition list") for v in value]
        for key, value in given.items()
    }
    if self.speaker_transitions_type == "allowed":
        return resolved
    return invert_disallowed_to_allowed(resolved, self.agents)


def _resolve(self: GroupChatSettings, agent_or_name: Any, where: str) -> Any:
    if isinstance(agent_or_name, str):
        agent = self.agent_by_name(agent_or_name)
        if agent is None:
            raise GroupChatConfigError(
                f"The speaker transition graph names {agent_or_name!r} {where}, but no agent of this "
                f"group chat has that name (agents: {self.agent_names})."
            )
        return agent
    return agent_or_name
